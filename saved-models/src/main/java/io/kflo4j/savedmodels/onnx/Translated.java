package io.kflo4j.savedmodels.onnx;

/**
 * What a TensorFlow tensor became during the translation to ONNX: a computed value or a constant
 * not yet written.
 */
sealed interface Translated permits Translated.Tensor, Translated.Constant {

  /** Where a tensor's axes are: TensorFlow's order (NHWC when 4-D) or transposed to NCHW. */
  enum Layout {
    TF,
    NCHW
  }

  /**
   * A computed value.
   *
   * @param name its ONNX name
   * @param layout its axes
   * @param tfShape its static shape in TensorFlow's layout (-1 where unknown)
   */
  record Tensor(String name, Layout layout, long[] tfShape) implements Translated {
    int rank() {
      return tfShape.length;
    }

    boolean isNchw() {
      return layout == Layout.NCHW;
    }
  }

  /**
   * A constant or variable, written as an initializer in the form its consumer needs.
   *
   * @param name the TensorFlow node it came from
   * @param shape its shape
   * @param floats its values when float, else null
   * @param longs its values when integer, else null
   */
  record Constant(String name, long[] shape, float[] floats, long[] longs) implements Translated {}
}
