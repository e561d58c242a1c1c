package io.kflo4j.training.metrics;

/**
 * How far one SGD step (no momentum) moves a layer's deployed kernel W', in plain steps: the norm
 * of the change of W' divided by {@code r ||dL/dW'||}, the change a plain kernel at the layer's
 * rate r would get from the same gradient. A plain kernel's ratios are 1 (reference and as trained)
 * and 0 (cascade).
 *
 * @param layer the kernel layer's flat name
 * @param gradientNorm {@code ||dL/dW'||} on the batch
 * @param kernelNorm {@code ||W'||} before the step
 * @param ratio the step as trained (the layer's cascade factor applied), in plain steps
 * @param referenceRatio the step with the cascade at its layer's rate (factor 1), in plain steps
 * @param cascadeRatio the step of the cascade kernels alone at factor 1 (rho), in plain steps
 * @param cascadeScale the factor on the layer's cascade rate as trained
 */
public record LayerStepRatio(
    String layer,
    double gradientNorm,
    double kernelNorm,
    double ratio,
    double referenceRatio,
    double cascadeRatio,
    double cascadeScale) {}
