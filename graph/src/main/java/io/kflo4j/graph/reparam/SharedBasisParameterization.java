package io.kflo4j.graph.reparam;

import io.kflo4j.graph.variables.Initializer;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.graph.variables.VariableRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Deeply shared filter bases (hybrid scheme): the bias-less k x k convs (k > 1) with c input and c
 * output channels form one group per (k, c), as WRN's blocks of one width do. Each conv's kernel is
 * {@code W' = [B | B_L] . C_L}: B the group's basis of S filters {@code [k*k*c, S]}, created once
 * per model and shared by the whole group, B_L the layer's own U filters {@code [k*k*c, U]}, C_L
 * its coefficients {@code [S+U, c]}. An orthogonality penalty {@code ortho * ||B^T B - I||_F^2} per
 * shared basis joins the training loss. Other layers stay plain. Export holds each layer's W'.
 *
 * <p>Variables: the shared {@code basis_shared_k<k>_c<c>} (named by the shared-variable rule of
 * docs/VARIABLES.md, decay counted once), and per layer {@code L_basis_own} and {@code
 * L_basis_coef}; all decay as plain kernels. Initialization: B and B_L from N(0, 1/fan-in)
 * (unit-norm columns on average), C from N(0, 1/(3(S+U))), so that W' has the variance of a
 * PyTorch-initialized kernel.
 */
public final class SharedBasisParameterization implements KernelParameterization {
  /** The spec prefix, as in {@code shared-basis:16+4}. */
  public static final String PREFIX = "shared-basis";

  /** The orthogonality penalty's default coefficient (our choice; the seed text gives none). */
  public static final double DEFAULT_ORTHO = 1e-3;

  private final int shared;
  private final int own;
  private final double ortho;

  /**
   * Bases of {@code shared} filters per group plus {@code own} per layer, orthogonality penalty
   * {@code ortho}.
   */
  public SharedBasisParameterization(int shared, int own, double ortho) {
    if (shared < 1) {
      throw new IllegalArgumentException("shared basis size S must be >= 1, got " + shared);
    }
    if (own < 0) {
      throw new IllegalArgumentException("layer-specific filters U must be >= 0, got " + own);
    }
    if (ortho < 0 || Double.isNaN(ortho)) {
      throw new IllegalArgumentException("orthogonality coefficient must be >= 0, got " + ortho);
    }
    this.shared = shared;
    this.own = own;
    this.ortho = ortho;
  }

  @Override
  public String spec() {
    return PREFIX + ":" + shared + "+" + own + ":ortho=" + ortho;
  }

  /** The name of the basis shared by the convs with window k and c channels. */
  public static String sharedBasisName(int k, int channels) {
    return "basis_shared_k" + k + "_c" + channels;
  }

  @Override
  public KernelGenerator start(BuildContext context) {
    return new Generator(context);
  }

  private final class Generator implements KernelGenerator {
    private final BuildContext context;
    private final KernelGenerator plain;
    private final Map<String, Operand<TFloat32>> bases = new LinkedHashMap<>();
    private final List<DecayTerm> sharedTerms = new ArrayList<>();
    private final List<Operand<TFloat32>> penalties = new ArrayList<>();

    Generator(BuildContext context) {
      this.context = context;
      this.plain = new PlainParameterization().start(context);
    }

    @Override
    public GeneratedKernel create(KernelShape shape) {
      if (!shape.isSpatial() || shape.inChannels() != shape.outChannels() || shape.hasBias()) {
        return plain.create(shape);
      }
      Ops tf = context.tf();
      String layer = shape.layerName();
      long fanIn = shape.fanIn();
      int c = shape.outChannels();
      Operand<TFloat32> basis =
          bases.computeIfAbsent(
              sharedBasisName(shape.window()[0], c),
              name -> {
                ModelVariable variable =
                    context
                        .store()
                        .create(
                            name,
                            new long[] {fanIn, shared},
                            VariableRole.KERNEL,
                            Initializer.normal(1 / Math.sqrt(fanIn)));
                Operand<TFloat32> read = tf.identity(variable.variable());
                sharedTerms.add(new DecayTerm(name, read, Decay.VANILLA));
                if (ortho > 0) {
                  Operand<TFloat32> gram =
                      tf.linalg.matMul(
                          read, read, org.tensorflow.op.linalg.MatMul.transposeA(true));
                  Operand<TFloat32> excess = tf.math.sub(gram, tf.constant(identity(shared)));
                  penalties.add(
                      tf.math.mul(
                          tf.reduceSum(tf.math.square(excess), tf.constant(new int[] {0, 1})),
                          tf.constant((float) ortho)));
                }
                return read;
              });
      List<ModelVariable> variables = new ArrayList<>();
      List<DecayTerm> decay = new ArrayList<>();
      Operand<TFloat32> filters = basis;
      if (own > 0) {
        ModelVariable ownFilters =
            context
                .store()
                .create(
                    layer + "_basis_own",
                    new long[] {fanIn, own},
                    VariableRole.KERNEL,
                    Initializer.normal(1 / Math.sqrt(fanIn)));
        Operand<TFloat32> read = tf.identity(ownFilters.variable());
        variables.add(ownFilters);
        decay.add(new DecayTerm(ownFilters.name(), read, Decay.VANILLA));
        filters = tf.concat(List.of(basis, read), tf.constant(1));
      }
      ModelVariable coefficients =
          context
              .store()
              .create(
                  layer + "_basis_coef",
                  new long[] {shared + own, c},
                  VariableRole.KERNEL,
                  Initializer.normal(1 / Math.sqrt(3.0 * (shared + own))));
      Operand<TFloat32> coefficientsRead = tf.identity(coefficients.variable());
      variables.add(coefficients);
      decay.add(new DecayTerm(coefficients.name(), coefficientsRead, Decay.VANILLA));
      Operand<TFloat32> kernel =
          tf.withName(PlainParameterization.kernelName(layer))
              .reshape(
                  tf.linalg.matMul(filters, coefficientsRead), tf.constant(shape.kernelShape()));
      return GeneratedKernel.direct(tf, shape, kernel, Optional.empty(), variables, decay);
    }

    @Override
    public List<DecayTerm> sharedDecayTerms() {
      return List.copyOf(sharedTerms);
    }

    @Override
    public List<Operand<TFloat32>> penalties() {
      return List.copyOf(penalties);
    }
  }

  private static float[][] identity(int size) {
    float[][] identity = new float[size][size];
    for (int i = 0; i < size; i++) {
      identity[i][i] = 1f;
    }
    return identity;
  }

  @Override
  public String toString() {
    return spec();
  }
}
