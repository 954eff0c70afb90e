package dev.romalocal.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.Marker;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The executable's appender of the access log: stdout through a 64 KiB buffer, flushed only after an event marked
 * {@value #FLUSH_MARKER} (the access log marks the last line of each batch it writes) or a warning. So stdout is
 * written once per batch of requests, not once per request. Stopping it flushes; it never closes stdout.
 */
public final class BatchedStdoutAppender extends OutputStreamAppender<ILoggingEvent> {
    /** The same name as api.AccessLog's marker. */
    static final String FLUSH_MARKER = "ROMA_LOCAL_FLUSH";

    @Override
    public void start() {
        OutputStream stdout = new FilterOutputStream(new FileOutputStream(FileDescriptor.out)) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush(); // stdout stays open for the other appenders
            }
        };
        setOutputStream(new BufferedOutputStream(stdout, 64 * 1024));
        setImmediateFlush(false);
        super.start();
    }

    @Override
    protected void subAppend(ILoggingEvent event) {
        super.subAppend(event);
        if (marked(event) || event.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN)) {
            streamWriteLock.lock();
            try {
                getOutputStream().flush();
            } catch (IOException e) {
                addError("flushing stdout", e);
            } finally {
                streamWriteLock.unlock();
            }
        }
    }

    private static boolean marked(ILoggingEvent event) {
        List<Marker> markers = event.getMarkerList();
        if (markers == null) {
            return false;
        }
        for (Marker m : markers) {
            if (FLUSH_MARKER.equals(m.getName())) {
                return true;
            }
        }
        return false;
    }
}
