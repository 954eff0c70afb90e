package dev.romalocal.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * A connection of the embedded H2 store whose commits pass the {@link WriteGate}, so that H2's file is never written
 * in the middle of one. What passes the gate:
 * <ul>
 *   <li>the connection's {@code commit}, {@code rollback}, {@code setAutoCommit} (which commits) and {@code close}
 *       (the pool rolls back what a borrower left open);</li>
 *   <li>statements other than reads, updates and deletes: an INSERT may commit the next range of an identity's
 *       sequence inside itself, and DDL commits;</li>
 *   <li>an UPDATE, a DELETE or a SELECT ... FOR UPDATE on a connection in auto-commit mode runs in a transaction of
 *       its own whose commit passes the gate: such a statement may wait for a row lock, and a statement waiting
 *       inside the gate would hold every write back until the lock's holder, itself at the gate, commits.</li>
 * </ul>
 * Statements that need none of this (reads; updates, deletes and locking reads in a transaction) are handed out
 * unwrapped: the wrapper calls its statements' methods by reflection.
 * Before each statement is prepared and after each wrapped one runs, changes H2 has not written yet are written if
 * there are too many ({@code afterStatement}): H2 would otherwise write them itself from inside a statement,
 * outside the gate.
 */
final class GatedConnection implements InvocationHandler {
    /** What a statement can do, as far as the gate is concerned. */
    enum Kind {
        /** A query: commits nothing, waits for no lock. */
        READ,
        /** UPDATE, DELETE, SELECT ... FOR UPDATE: may wait for a row lock; commits only in auto-commit mode. */
        LOCKING,
        /** Anything else (INSERT, MERGE, DDL, ...): may commit inside itself. */
        OTHER
    }

    private final Connection raw;
    private final WriteGate gate;
    private final Runnable afterStatement;
    private Connection proxy;

    private GatedConnection(Connection raw, WriteGate gate, Runnable afterStatement) {
        this.raw = raw;
        this.gate = gate;
        this.afterStatement = afterStatement;
    }

    static Connection wrap(Connection raw, WriteGate gate, Runnable afterStatement) {
        GatedConnection handler = new GatedConnection(raw, gate, afterStatement);
        handler.proxy = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, handler);
        return handler.proxy;
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "commit", "rollback", "setAutoCommit", "close" -> {
                return gated(raw, method, args);
            }
            case "prepareStatement" -> {
                afterStatement.run();  // between two statements of a long transaction too
                return statement(PreparedStatement.class, call(raw, method, args), (String) args[0]);
            }
            case "prepareCall" -> {
                afterStatement.run();
                return statement(CallableStatement.class, call(raw, method, args), (String) args[0]);
            }
            case "createStatement" -> {
                afterStatement.run();
                return statement(Statement.class, call(raw, method, args), null);
            }
            case "equals" -> {
                return self == args[0];
            }
            case "hashCode" -> {
                return System.identityHashCode(self);
            }
            default -> {
                return call(raw, method, args);
            }
        }
    }

    private Object gated(Object target, Method method, Object[] args) throws Throwable {
        gate.enter();
        try {
            return call(target, method, args);
        } finally {
            gate.leave();
        }
    }

    /**
     * The statement as the caller gets it: a read, and an update, delete or locking read inside a transaction, need
     * nothing of the gate and go unwrapped (most statements: a handle prepares each statement just before it runs it,
     * in the mode it runs in).
     */
    private Object statement(Class<? extends Statement> type, Object statement, String sql) throws SQLException {
        Kind kind = sql == null ? null : kind(sql);
        if (kind == Kind.READ || kind == Kind.LOCKING && !raw.getAutoCommit()) {
            return statement;
        }
        return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {type},
                new Gated((Statement) statement, kind));
    }

    /** A statement of this connection. */
    private final class Gated implements InvocationHandler {
        private final Statement statement;
        /** The prepared statement's kind; null for a plain statement (its SQL comes with each execution). */
        private final Kind prepared;
        /** A plain statement's batch holds statements of any kind. */
        private boolean batched;

        Gated(Statement statement, Kind prepared) {
            this.statement = statement;
            this.prepared = prepared;
        }

        @Override
        public Object invoke(Object self, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.startsWith("execute")) {
                Kind kind = args != null && args.length > 0 && args[0] instanceof String sql ? kind(sql)
                        : prepared != null && !batched ? prepared : Kind.OTHER;
                try {
                    return execute(kind, method, args);
                } finally {
                    afterStatement.run();
                }
            }
            switch (name) {
                case "addBatch" -> batched |= args != null && args.length == 1 && args[0] instanceof String;
                case "getConnection" -> {
                    return proxy;
                }
                case "equals" -> {
                    return self == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(self);
                }
                default -> {
                }
            }
            return call(statement, method, args);
        }

        private Object execute(Kind kind, Method method, Object[] args) throws Throwable {
            switch (kind) {
                case READ -> {
                    return call(statement, method, args);
                }
                case OTHER -> {
                    return gated(statement, method, args);
                }
                default -> {
                    if (!raw.getAutoCommit()) {
                        return call(statement, method, args);
                    }
                    raw.setAutoCommit(false);
                    try {
                        Object result = call(statement, method, args);
                        gate.enter();
                        try {
                            raw.commit();
                        } finally {
                            gate.leave();
                        }
                        return result;
                    } catch (Throwable e) {
                        gate.enter();
                        try {
                            raw.rollback();
                        } catch (Exception again) {
                            e.addSuppressed(again);
                        } finally {
                            gate.leave();
                        }
                        throw e;
                    } finally {
                        raw.setAutoCommit(true);
                    }
                }
            }
        }
    }

    /**
     * What a statement can do, from its first keyword (after blanks, comments and opening parentheses). A query is
     * a read unless it locks rows, takes a sequence's next value or changes data inside itself (H2's data change
     * delta tables).
     */
    static Kind kind(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        int start = i;
        while (i < n && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        String first = sql.substring(start, i).toUpperCase(Locale.ROOT);
        switch (first) {
            case "UPDATE", "DELETE" -> {
                return Kind.LOCKING;
            }
            case "SELECT", "WITH", "VALUES", "TABLE", "EXPLAIN", "SHOW" -> {
                String upper = sql.toUpperCase(Locale.ROOT);
                if (upper.contains("NEXT VALUE") || upper.contains("FINAL TABLE") || upper.contains("NEW TABLE")
                        || upper.contains("OLD TABLE")) {
                    return Kind.OTHER;
                }
                return upper.contains("FOR UPDATE") ? Kind.LOCKING : Kind.READ;
            }
            default -> {
                return Kind.OTHER;
            }
        }
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
