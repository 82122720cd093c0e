package dev.wsjwt.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Records what one java.util.logging logger (System.Logger's default backend) writes, formatted,
 * while open. Holds the logger strongly so its configuration is not collected mid-test.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    public static LogCapture of(String loggerName) {
        return new LogCapture(Logger.getLogger(loggerName));
    }

    public static LogCapture of(Class<?> type) {
        return of(type.getName());
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    /** The formatted messages at or above the level. */
    public List<String> messages(Level atLeast) {
        java.util.logging.Formatter formatter = new java.util.logging.SimpleFormatter();
        return records.stream()
                .filter(r -> r.getLevel().intValue() >= atLeast.intValue())
                .map(formatter::formatMessage)
                .collect(Collectors.toList());
    }

    public List<String> warnings() {
        return messages(Level.WARNING);
    }

    /** Messages at or above the level that contain the text. */
    public List<String> containing(Level atLeast, String text) {
        return messages(atLeast).stream().filter(m -> m.contains(text)).toList();
    }

    public void clear() {
        records.clear();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
