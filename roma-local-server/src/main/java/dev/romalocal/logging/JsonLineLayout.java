package dev.romalocal.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.LayoutBase;
import org.slf4j.event.KeyValuePair;

import java.util.List;

/**
 * One JSON object per line for log shippers ({@code ROMA_LOCAL_LOG_FORMAT=json}, {@code --log-format json}):
 * {@code {"time":"2026-11-28T21:07:27.954Z","level":"INFO","logger":"dev.romalocal.RomaLocal","message":"..."}},
 * then the event's key-value pairs as fields (the access log's {@code request_id}, {@code operation},
 * {@code method}, {@code path}, {@code status}, {@code latency_ms}, {@code principal}), and {@code exception} (the
 * causes and frames folded into one string) when there is one. Numbers and booleans stay JSON numbers and booleans.
 */
public final class JsonLineLayout extends LayoutBase<ILoggingEvent> {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    @Override
    public String doLayout(ILoggingEvent e) {
        StringBuilder sb = new StringBuilder(256);
        Timestamps.append(sb.append("{\"time\":\""), e.getTimeStamp())
                .append("\",\"level\":\"").append(e.getLevel()).append("\",\"logger\":");
        string(sb, e.getLoggerName());
        sb.append(",\"message\":");
        string(sb, e.getFormattedMessage());
        List<KeyValuePair> pairs = e.getKeyValuePairs();
        if (pairs != null) {
            for (KeyValuePair p : pairs) {
                if (p.key == null || isReserved(p.key)) {
                    continue;
                }
                sb.append(',');
                string(sb, p.key);
                sb.append(':');
                value(sb, p.value);
            }
        }
        IThrowableProxy t = e.getThrowableProxy();
        if (t != null) {
            StringBuilder x = new StringBuilder(512);
            for (IThrowableProxy c = t; c != null; c = c.getCause()) {
                x.append(c == t ? "" : " | ").append(c.getClassName()).append(": ").append(c.getMessage());
                for (StackTraceElementProxy frame : c.getStackTraceElementProxyArray()) {
                    x.append(" | at ").append(frame.getStackTraceElement());
                }
            }
            sb.append(",\"exception\":");
            string(sb, x.toString());
        }
        return sb.append("}\n").toString();
    }

    private static boolean isReserved(String key) {
        return key.equals("time") || key.equals("level") || key.equals("logger") || key.equals("message")
                || key.equals("exception");
    }

    private static void value(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Double d && Double.isFinite(d)) {
            sb.append(d);
        } else if (v instanceof Float f && Float.isFinite(f)) {
            sb.append(f);
        } else {
            string(sb, String.valueOf(v));
        }
    }

    /** A JSON string: quotes, backslashes and control characters escaped (so one event stays one line). */
    static void string(StringBuilder sb, String s) {
        if (s == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
