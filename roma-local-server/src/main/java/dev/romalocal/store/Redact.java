package dev.romalocal.store;

import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Describes a failure without its messages: a database error's text may contain bound values (names, hashes,
 * documents), so logs and responses only ever get the exception classes and the SQLState.
 */
public final class Redact {
    private static final int MAX_CHAIN = 8;

    private Redact() {
    }

    /**
     * The class chain, outermost first, each {@link SQLException} with its SQLState, e.g.
     * {@code UnableToExecuteStatementException <- PSQLException[SQLState 23505]}. Never a message.
     */
    public static String describe(Throwable t) {
        if (t == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        int n = 0;
        for (Throwable c = t; c != null && seen.put(c, Boolean.TRUE) == null; c = c.getCause()) {
            if (n++ == MAX_CHAIN) {
                sb.append(" <- ...");
                break;
            }
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(c.getClass().getName());
            if (c instanceof SQLException sql && sql.getSQLState() != null) {
                sb.append("[SQLState ").append(sql.getSQLState()).append(']');
            }
        }
        return sb.toString();
    }

    /** The SQLState of the first {@link SQLException} in the chain, or null. */
    public static String sqlState(Throwable t) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable c = t; c != null && seen.put(c, Boolean.TRUE) == null; c = c.getCause()) {
            if (c instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
