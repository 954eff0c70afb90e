package dev.romalocal.store;

import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Runs a transaction again when it lost a race another transaction (maybe on another node) won: a unique-key
 * violation (SQLState 23505), a serialization failure (40001) or a deadlock (40P01). Both H2 and PostgreSQL use
 * these states.
 */
public final class Retry {
    private static final int ATTEMPTS = 20;

    private Retry() {
    }

    public static <T> T onConflict(Supplier<T> transaction) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                return transaction.get();
            } catch (RuntimeException e) {
                if (!isRetryable(e)) {
                    throw e;
                }
                last = e;
                try {
                    Thread.sleep(Math.min(50, 1L << attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        throw last;
    }

    public static boolean isRetryable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql) {
                String state = sql.getSQLState();
                if ("23505".equals(state) || "40001".equals(state) || "40P01".equals(state)) {
                    return true;
                }
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }
}
