package dev.romalocal.testing;

import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Polls a read on another node until it shows a change made on this one. Nodes sharing PostgreSQL hear of each
 * other's changes through notifications that arrive within milliseconds; the bound is generous. (The lifecycle is
 * never waited for this way: tests drive its clock.)
 */
public final class Eventually {
    private static final long BOUND_MILLIS = 5_000;

    private Eventually() {
    }

    /** Until {@code read} answers exactly {@code expected}. */
    public static void eventually(Supplier<String> read, String expected) {
        assertThat(poll(read, expected::equals)).isEqualTo(expected);
    }

    /** Until {@code read} answers something containing {@code expectedPart}. */
    public static void eventuallyContains(Supplier<String> read, String expectedPart) {
        assertThat(poll(read, s -> s.contains(expectedPart))).contains(expectedPart);
    }

    private static String poll(Supplier<String> read, Predicate<String> done) {
        long deadline = System.currentTimeMillis() + BOUND_MILLIS;
        String last = null;
        while (System.currentTimeMillis() < deadline) {
            last = read.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(10); // pacing of the poll, not a wait for the server's lifecycle
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return last;
    }
}
