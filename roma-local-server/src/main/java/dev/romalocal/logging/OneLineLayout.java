package dev.romalocal.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.LayoutBase;


/**
 * {@code 2026-11-28T21:07:27.954Z INFO  Logger message | cause | at frame | ...}: one line per event, stack
 * traces folded into the line, the logger's simple name.
 */
public final class OneLineLayout extends LayoutBase<ILoggingEvent> {

    @Override
    public String doLayout(ILoggingEvent e) {
        StringBuilder sb = new StringBuilder(160);
        Timestamps.append(sb, e.getTimeStamp()).append(' ');
        String level = e.getLevel().toString();
        sb.append(level);
        for (int i = level.length(); i < 5; i++) {
            sb.append(' ');
        }
        String logger = e.getLoggerName();
        sb.append(' ').append(logger.substring(logger.lastIndexOf('.') + 1)).append(' ')
                .append(oneLine(e.getFormattedMessage()));
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            sb.append(" | ").append(t.getClassName()).append(": ").append(oneLine(t.getMessage()));
            for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                sb.append(" | at ").append(frame.getStackTraceElement());
            }
        }
        return sb.append('\n').toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
    }
}
