package io.kflo4j.graph.reparam;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The registry of parameterizations: one line per parameterization (its pattern, usage and
 * factory), used by parsing, by its error messages and by the CLI's help.
 */
public final class Parameterizations {
  /** KFLO's default: B = 2, R = 4, as in the paper and the reference code. */
  public static final String KFLO_DEFAULT = "kflo:2x4";

  /**
   * One registered parameterization.
   *
   * @param pattern the specs it accepts (whole, lower case)
   * @param usage its form and meaning, for help and errors
   * @param factory builds it from the matched spec
   */
  public record Entry(
      Pattern pattern, String usage, Function<Matcher, KernelParameterization> factory) {}

  private static final List<Entry> REGISTRY =
      List.of(
          new Entry(
              Pattern.compile("plain"),
              "plain (one variable per kernel)",
              m -> new PlainParameterization()),
          new Entry(
              Pattern.compile("kflo(?::(\\d+)x(\\d+))?"),
              "kflo:BxR (KFLO, cascade depth B >= 2, width R >= 1; kflo = " + KFLO_DEFAULT + ")",
              m ->
                  m.group(1) == null
                      ? new KfloParameterization(2, 4)
                      : new KfloParameterization(
                          Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))),
          new Entry(
              Pattern.compile("acnet"),
              "acnet (ACNet: k x k, k x 1 and 1 x k branches, each with a batch norm)",
              m -> new AcnetParameterization()),
          new Entry(
              Pattern.compile("doconv"),
              "doconv (DO-Conv, depthwise over-parameterized conv, D_mul = k*k)",
              m -> new DoConvParameterization()),
          new Entry(
              Pattern.compile("dirac"),
              "dirac (DiracNets: W' = diag(a) I + diag(b) W_norm on convs with equal"
                  + " channels)",
              m -> new DiracParameterization()),
          new Entry(
              Pattern.compile("symmetric:(triangular|average)"),
              "symmetric:triangular|average (channel-symmetric"
                  + " kernels on k x k convs with equal channels)",
              m ->
                  new SymmetricParameterization(
                      SymmetricParameterization.Kind.valueOf(m.group(1).toUpperCase(Locale.ROOT)))),
          new Entry(
              Pattern.compile("shared-basis:(\\d+)(?:\\+(\\d+))?(?::ortho=([0-9.e+-]+))?"),
              "shared-basis:S[+U][:ortho=X] (deeply shared filter bases: S filters shared per group of equal-channel"
                  + " k x k convs, U per layer (default S/4), orthogonality penalty X (default "
                  + SharedBasisParameterization.DEFAULT_ORTHO
                  + "))",
              m ->
                  new SharedBasisParameterization(
                      Integer.parseInt(m.group(1)),
                      m.group(2) == null
                          ? Integer.parseInt(m.group(1)) / 4
                          : Integer.parseInt(m.group(2)),
                      m.group(3) == null
                          ? SharedBasisParameterization.DEFAULT_ORTHO
                          : parseDouble(m.group(3)))),
          new Entry(
              Pattern.compile("repeat:(\\d+)"),
              "repeat:F (learnable repetition: kernels from a tensor 1/F as wide"
                  + " on the input axis, repeated F times with learned scales)",
              m -> new RepeatParameterization(Integer.parseInt(m.group(1)))));

  private Parameterizations() {}

  private static double parseDouble(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a number: '" + text + "'", e);
    }
  }

  /** The registered forms, one per line, for help texts. */
  public static List<String> usages() {
    return REGISTRY.stream().map(Entry::usage).toList();
  }

  /**
   * Parses a spec.
   *
   * @throws IllegalArgumentException naming the spec and the accepted forms
   */
  public static KernelParameterization parse(String spec) {
    String normalized = spec.trim().toLowerCase(Locale.ROOT);
    for (Entry entry : REGISTRY) {
      Matcher matcher = entry.pattern().matcher(normalized);
      if (matcher.matches()) {
        try {
          return entry.factory().apply(matcher);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "bad parameterization '" + spec + "': " + e.getMessage(), e);
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown parameterization '"
            + spec
            + "': expected one of "
            + REGISTRY.stream().map(Entry::usage).collect(Collectors.joining("; ")));
  }
}
