package io.kflo4j.cli;

import io.kflo4j.datasets.DatasetSpec;
import picocli.CommandLine;

/**
 * Converts {@code cifar10}, {@code cifar100} or {@code folder:PATH} to a {@link DatasetSpec},
 * naming the forms otherwise.
 */
final class DatasetSpecConverter implements CommandLine.ITypeConverter<DatasetSpec> {
  @Override
  public DatasetSpec convert(String value) {
    try {
      return DatasetSpec.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
