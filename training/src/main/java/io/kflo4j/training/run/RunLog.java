package io.kflo4j.training.run;

import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Copies kflo4j's INFO-and-above log lines into a run's {@code train.log} (appended, so a resumed
 * run continues the same file) for as long as it is open. Works with whatever Log4j2 configuration
 * is active.
 */
public final class RunLog implements AutoCloseable {
  /** The logger whose events (and its children's) go to the file. */
  static final String LOGGER = "io.kflo4j";

  private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %c{1} - %msg%n";

  private final LoggerContext context;
  private final FileAppender appender;
  private final boolean createdLoggerConfig;

  private RunLog(LoggerContext context, FileAppender appender, boolean createdLoggerConfig) {
    this.context = context;
    this.appender = appender;
    this.createdLoggerConfig = createdLoggerConfig;
  }

  /** Starts copying log lines into {@code file}. */
  public static RunLog open(Path file) {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration configuration = context.getConfiguration();
    FileAppender appender =
        FileAppender.newBuilder()
            .setName("run-log-" + file.toAbsolutePath())
            .withFileName(file.toString())
            .withAppend(true)
            .withImmediateFlush(true)
            .setLayout(
                PatternLayout.newBuilder()
                    .withPattern(PATTERN)
                    .withConfiguration(configuration)
                    .build())
            .setConfiguration(configuration)
            .build();
    appender.start();
    configuration.addAppender(appender);
    LoggerConfig loggerConfig = configuration.getLoggerConfig(LOGGER);
    boolean created = false;
    if (!loggerConfig.getName().equals(LOGGER)) {
      // INFO for the file only: the root's appenders keep the root's level.
      LoggerConfig root = configuration.getRootLogger();
      loggerConfig = new LoggerConfig(LOGGER, Level.INFO, false);
      for (Appender rootAppender : root.getAppenders().values()) {
        loggerConfig.addAppender(rootAppender, root.getLevel(), null);
      }
      configuration.addLogger(LOGGER, loggerConfig);
      created = true;
    }
    loggerConfig.addAppender(appender, Level.INFO, null);
    context.updateLoggers();
    return new RunLog(context, appender, created);
  }

  @Override
  public void close() {
    Configuration configuration = context.getConfiguration();
    if (createdLoggerConfig) {
      configuration.removeLogger(LOGGER);
    } else {
      configuration.getLoggerConfig(LOGGER).removeAppender(appender.getName());
    }
    context.updateLoggers();
    appender.stop();
  }
}
