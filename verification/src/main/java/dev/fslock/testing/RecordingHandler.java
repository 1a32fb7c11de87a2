package dev.fslock.testing;

import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/** A java.util.logging handler that adds every record it is given to a list (synchronized on the list). */
public final class RecordingHandler extends Handler {
    private final List<LogRecord> records;

    public RecordingHandler(List<LogRecord> records) {
        this.records = records;
    }

    @Override
    public void publish(LogRecord r) {
        synchronized (records) {
            records.add(r);
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
}
