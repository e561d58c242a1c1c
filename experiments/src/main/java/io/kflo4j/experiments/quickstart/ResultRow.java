package io.kflo4j.experiments.quickstart;

/**
 * One line of the quickstart's results table.
 *
 * @param name the run's name
 * @param description what the run is, e.g. "plain, transfer from m1"
 * @param reparam the training parameterization
 * @param epochs epochs trained
 * @param top1 final test top-1 (fraction)
 * @param top5 final test top-5 (fraction)
 * @param minutes wall time of the training
 * @param exportMaxDiff the exported model's max abs logit difference to the trained network
 * @param sources pretrained models it started from (0: from scratch)
 */
public record ResultRow(
    String name,
    String description,
    String reparam,
    int epochs,
    double top1,
    double top5,
    double minutes,
    double exportMaxDiff,
    int sources) {}
