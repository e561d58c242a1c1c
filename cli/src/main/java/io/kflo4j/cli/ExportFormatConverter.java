package io.kflo4j.cli;

import io.kflo4j.savedmodels.ExportFormat;
import picocli.CommandLine;

/** Parses {@code --format}: savedmodel, onnx or both. */
final class ExportFormatConverter implements CommandLine.ITypeConverter<ExportFormat> {
  @Override
  public ExportFormat convert(String value) {
    try {
      return ExportFormat.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
