package io.kflo4j.graph.arch;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses architecture specs: {@code cifar-quick}, {@code vgg16}, {@code wrn-D-K} (e.g. {@code
 * wrn-16-8}), {@code diracnet-D-K}.
 */
public final class Architectures {
  private static final Pattern WRN = Pattern.compile("wrn-(\\d+)-(\\d+)");
  private static final Pattern DIRACNET = Pattern.compile("diracnet-(\\d+)-(\\d+)");

  private Architectures() {}

  /**
   * Parses a spec.
   *
   * @throws IllegalArgumentException naming the spec and the accepted forms
   */
  public static Architecture parse(String spec) {
    String normalized = spec.trim().toLowerCase(Locale.ROOT);
    if (normalized.equals(CifarQuick.SPEC)) {
      return new CifarQuick();
    }
    if (normalized.equals(Vgg16.SPEC)) {
      return new Vgg16();
    }
    Matcher wrn = WRN.matcher(normalized);
    if (wrn.matches()) {
      try {
        return new WideResNet(Integer.parseInt(wrn.group(1)), Integer.parseInt(wrn.group(2)), 0.0);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bad architecture '" + spec + "': " + e.getMessage(), e);
      }
    }
    Matcher diracnet = DIRACNET.matcher(normalized);
    if (diracnet.matches()) {
      try {
        return new DiracNet(
            Integer.parseInt(diracnet.group(1)), Integer.parseInt(diracnet.group(2)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("bad architecture '" + spec + "': " + e.getMessage(), e);
      }
    }
    throw new IllegalArgumentException(
        "unknown architecture '"
            + spec
            + "': expected cifar-quick, vgg16, wrn-D-K"
            + " (D = 6N+4, e.g. wrn-16-8) or diracnet-D-K (the WRN layout without skips, e.g. diracnet-16-2)");
  }
}
