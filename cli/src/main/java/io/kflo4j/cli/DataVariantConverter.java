package io.kflo4j.cli;

import io.kflo4j.datasets.core.CifarVariant;
import picocli.CommandLine;

/**
 * Converts {@code cifar10} / {@code cifar100} (any case) to a {@link CifarVariant}, with a clear
 * error otherwise.
 */
public final class DataVariantConverter implements CommandLine.ITypeConverter<CifarVariant> {
  @Override
  public CifarVariant convert(String value) {
    try {
      return CifarVariant.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
