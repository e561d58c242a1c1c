package io.kflo4j.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Errors of a run's configuration in the words the user typed: the configuration names its fields
 * ({@code learningRate must be finite and > 0}), {@code kflo train} and {@code kflo transfer} name
 * the options that set them ({@code --lr must be finite and > 0}).
 */
final class OptionNames {
  /** Field names that are not English words: renamed wherever they stand. */
  private static final Map<String, String> FIELDS = new LinkedHashMap<>();

  /** Field names that are also words: renamed only where a problem starts with them. */
  private static final Map<String, String> WORDS = new LinkedHashMap<>();

  static {
    FIELDS.put("learningRate", "--lr");
    FIELDS.put("batchSize", "--batch");
    FIELDS.put("weightDecay", "--wd");
    FIELDS.put("warmupEpochs", "--warmup-epochs");
    FIELDS.put("validationFraction", "--validation");
    FIELDS.put("histogramEvery", "--histograms-every");
    FIELDS.put("headEpochs", "--head-epochs");
    FIELDS.put("headLearningRate", "--head-lr");
    FIELDS.put("backboneMultiplier", "--backbone-lr-multiplier");
    FIELDS.put("frozenLayers", "--freeze-layers");
    FIELDS.put("runName", "--out's last name");
    WORDS.put("epochs", "--epochs");
    WORDS.put("fraction", "--fraction");
    WORDS.put("momentum", "--momentum");
    WORDS.put("ema", "--ema");
    WORDS.put("seed", "--seed");
    WORDS.put("threads", "--threads");
    WORDS.put("schedule", "--schedule");
    WORDS.put("dataset", "--dataset");
    WORDS.put("arch", "--arch");
    WORDS.put("reparam", "--reparam");
  }

  private OptionNames() {}

  /**
   * Runs {@code command}, rewording the message of an {@link IllegalArgumentException} it throws
   * with {@link #rename}.
   */
  static <T> T naming(Callable<T> command) throws Exception {
    try {
      return command.call();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(rename(e.getMessage()), e);
    }
  }

  /** {@code message} with each configuration field named by its option. */
  static String rename(String message) {
    if (message == null) {
      return null;
    }
    String renamed = message;
    for (Map.Entry<String, String> field : FIELDS.entrySet()) {
      renamed =
          renamed.replaceAll(
              "(?<![\\w/.-])" + field.getKey() + "(?![\\w-])",
              Matcher.quoteReplacement(field.getValue()));
    }
    for (Map.Entry<String, String> word : WORDS.entrySet()) {
      renamed =
          renamed.replaceAll(
              "(^|; |: )" + Pattern.quote(word.getKey()) + "(?=[ :])",
              "$1" + Matcher.quoteReplacement(word.getValue()));
    }
    return renamed;
  }
}
