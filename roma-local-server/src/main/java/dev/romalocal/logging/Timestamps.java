package dev.romalocal.logging;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@code 2026-11-28T21:07:27.954Z} for the layouts, the date and time formatted once per second: formatting it per
 * event was about a third of the access log writer's time (a JFR profile under {@code ROMA_LOCAL_ACCESS_LOG=INFO
 * bench/memory.sh}), and every request writes a line.
 */
final class Timestamps {
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.")
            .withZone(ZoneOffset.UTC);

    /** The last second formatted (shared by the appenders' threads: replaced whole, never changed). */
    private record Second(long epochSecond, String prefix) {
    }

    private static volatile Second last = new Second(Long.MIN_VALUE, "");

    private Timestamps() {
    }

    /** Appends the UTC time of {@code epochMillis}, to the millisecond, with a {@code Z}. */
    static StringBuilder append(StringBuilder sb, long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        Second s = last;
        if (s.epochSecond() != second) {
            s = new Second(second, SECOND.format(Instant.ofEpochSecond(second)));
            last = s;
        }
        int ms = (int) Math.floorMod(epochMillis, 1000);
        sb.append(s.prefix());
        if (ms < 100) {
            sb.append(ms < 10 ? "00" : "0");
        }
        return sb.append(ms).append('Z');
    }
}
