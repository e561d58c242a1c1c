package io.kflo4j.common.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/**
 * The lines one class logs at INFO and above while this is open, each {@code LEVEL message}, for
 * tests of what is logged.
 */
public final class LogLines implements AutoCloseable {
  private final Logger logger;
  private final Level level;
  private final AbstractAppender appender;
  private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

  /** Starts capturing what {@code type}'s logger logs. */
  public LogLines(Class<?> type) {
    logger = (Logger) LogManager.getLogger(type);
    appender =
        new AbstractAppender("test-" + type.getName(), null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
          }
        };
    appender.start();
    level = logger.getLevel();
    logger.addAppender(appender);
    logger.setLevel(Level.INFO);
  }

  /** The lines captured so far. */
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  @Override
  public void close() {
    logger.removeAppender(appender);
    logger.setLevel(level);
    appender.stop();
  }
}
