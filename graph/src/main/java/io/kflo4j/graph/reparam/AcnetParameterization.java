package io.kflo4j.graph.reparam;

import io.kflo4j.graph.core.OwnedBatchNorm;
import io.kflo4j.graph.variables.Initializer;
import io.kflo4j.graph.variables.ModelVariable;
import io.kflo4j.graph.variables.VariableRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * ACNet (asymmetric convolution blocks): every k x k conv with odd k > 1 trains as three branches,
 * k x k, k x 1 and 1 x k, summed; dense layers and 1 x 1 convs stay plain.
 *
 * <p>Where a batch norm follows the conv (the conv-BN pairs ACNet is defined on), each branch has
 * its own batch norm, gamma initialized to {@link #BRANCH_GAMMA} (the reference's CIFAR setting),
 * and the architecture's batch norm stays after the sum. At export every branch batch norm is
 * folded with its moving statistics, the 1-D kernels are added into the centre column and row, and
 * the summed bias is absorbed into the following batch norm's moving mean: the export is the plain
 * conv + batch norm layout. Where no batch norm follows (WRN's pre-activation {@code conv2}, {@code
 * conv0}), the branches have no batch norm of their own, which a plain bias-less conv could not
 * absorb, and simply add.
 *
 * <p>Variables of a layer {@code L}: {@code L_acnet_square [k, k, in, out]}, {@code L_acnet_ver [k,
 * 1, in, out]}, {@code L_acnet_hor [1, k, in, out]} (vanilla decay), and the batch norms {@code
 * L_acnet_square_bn}, {@code L_acnet_ver_bn}, {@code L_acnet_hor_bn}.
 */
public final class AcnetParameterization implements KernelParameterization {
  /** The spec of this parameterization. */
  public static final String SPEC = "acnet";

  /** Initial gamma of the branch batch norms (ACNet's CIFAR setting). */
  public static final float BRANCH_GAMMA = 1f / 3;

  /** The three branches: name suffix and window as multiples of k (1 = k, 0 = 1). */
  private enum Branch {
    SQUARE("square", true, true),
    VER("ver", true, false),
    HOR("hor", false, true);

    final String suffix;
    final boolean fullHeight;
    final boolean fullWidth;

    Branch(String suffix, boolean fullHeight, boolean fullWidth) {
      this.suffix = suffix;
      this.fullHeight = fullHeight;
      this.fullWidth = fullWidth;
    }
  }

  @Override
  public String spec() {
    return SPEC;
  }

  /** Name of a branch kernel of a layer ({@code square}, {@code ver} or {@code hor}). */
  public static String branchKernelName(String layerName, String branch) {
    return layerName + "_acnet_" + branch;
  }

  @Override
  public KernelGenerator start(BuildContext context) {
    KernelGenerator plain = new PlainParameterization().start(context);
    return shape ->
        shape.isSpatial() && shape.window()[0] % 2 == 1
            ? create(shape, context)
            : plain.create(shape);
  }

  private GeneratedKernel create(KernelShape shape, BuildContext context) {
    Ops tf = context.tf();
    int k = shape.window()[0];
    boolean withBatchNorms = shape.batchNormAfter();
    List<ModelVariable> variables = new ArrayList<>();
    List<DecayTerm> decay = new ArrayList<>();
    List<Operand<TFloat32>> kernels = new ArrayList<>();
    List<OwnedBatchNorm> norms = new ArrayList<>();
    for (Branch branch : Branch.values()) {
      int kh = branch.fullHeight ? k : 1;
      int kw = branch.fullWidth ? k : 1;
      String name = branchKernelName(shape.layerName(), branch.suffix);
      ModelVariable kernel =
          context
              .store()
              .create(
                  name,
                  new long[] {kh, kw, shape.inChannels(), shape.outChannels()},
                  VariableRole.KERNEL,
                  Initializer.pytorchDefault((long) kh * kw * shape.inChannels()));
      Operand<TFloat32> read = tf.identity(kernel.variable());
      variables.add(kernel);
      decay.add(new DecayTerm(name, read, Decay.VANILLA));
      kernels.add(read);
      if (withBatchNorms) {
        OwnedBatchNorm norm =
            context.ownedBatchNorm(
                name + "_bn", shape.outChannels(), Initializer.constant(BRANCH_GAMMA));
        norms.add(norm);
        variables.addAll(norm.variables());
        norm.variables().stream()
            .filter(ModelVariable::trainable)
            .forEach(v -> decay.add(new DecayTerm(v.name(), v.variable(), Decay.VANILLA)));
      }
    }
    List<Operand<TFloat32>> padded =
        kernels.stream().map(kernel -> padToSquare(tf, kernel, k)).toList();
    if (!withBatchNorms) {
      Operand<TFloat32> kernel =
          tf.withName(PlainParameterization.kernelName(shape.layerName())).math.addN(padded);
      return GeneratedKernel.direct(tf, shape, kernel, Optional.empty(), variables, decay);
    }
    List<Operand<TFloat32>> scaled = new ArrayList<>();
    List<Operand<TFloat32>> biases = new ArrayList<>();
    for (int b = 0; b < padded.size(); b++) {
      List<ModelVariable> bn = norms.get(b).variables();
      Operand<TFloat32> scale =
          tf.math.div(
              tf.identity(bn.get(0).variable()),
              tf.math.sqrt(
                  tf.math.add(
                      tf.identity(bn.get(3).variable()), tf.constant(OwnedBatchNorm.EPSILON))));
      scaled.add(tf.math.mul(padded.get(b), scale));
      biases.add(
          tf.math.sub(
              tf.identity(bn.get(1).variable()),
              tf.math.mul(tf.identity(bn.get(2).variable()), scale)));
    }
    Operand<TFloat32> kernel =
        tf.withName(PlainParameterization.kernelName(shape.layerName())).math.addN(scaled);
    Operand<TFloat32> bias =
        tf.withName(PlainParameterization.biasName(shape.layerName())).math.addN(biases);
    KernelForward forward =
        (input, mode, op) -> {
          List<Operand<TFloat32>> outputs = new ArrayList<>();
          for (int b = 0; b < kernels.size(); b++) {
            Operand<TFloat32> branchKernel = op.centred() ? kernels.get(b) : padded.get(b);
            outputs.add(norms.get(b).apply(op.apply(input, branchKernel), mode));
          }
          return tf.math.addN(outputs);
        };
    return new GeneratedKernel(shape, kernel, Optional.of(bias), variables, decay, forward);
  }

  /**
   * A k x 1 or 1 x k kernel zero-padded into the centre column or row of a k x k window (k x k:
   * unchanged).
   */
  private static Operand<TFloat32> padToSquare(Ops tf, Operand<TFloat32> kernel, int k) {
    long[] shape = kernel.shape().asArray();
    if (shape[0] == k && shape[1] == k) {
      return kernel;
    }
    int padHeight = (int) (k - shape[0]) / 2;
    int padWidth = (int) (k - shape[1]) / 2;
    // int32 paddings: Pad's gradient slices with int32 sizes and TensorFlow refuses to mix index
    // types.
    return tf.pad(
        kernel,
        tf.constant(new int[][] {{padHeight, padHeight}, {padWidth, padWidth}, {0, 0}, {0, 0}}),
        tf.constant(0f));
  }

  @Override
  public String toString() {
    return SPEC;
  }
}
