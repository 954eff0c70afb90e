package dev.romalocal.store;

import org.h2.engine.SessionLocal;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * A connection of the embedded H2 store whose changes pass the {@link WriteGate}, so that H2's file is never written
 * in the middle of one: every statement but a plain read (an INSERT, UPDATE, DELETE, MERGE, DDL, a SELECT ... FOR
 * UPDATE, one that takes a sequence's next value), and the connection's {@code commit}, {@code rollback},
 * {@code setAutoCommit} (which commits) and {@code close} (the pool rolls back what a borrower left open). While such a
 * statement waits for a row lock (its H2 session says which transaction blocks it), it counts as changing nothing.
 *
 * <p>Reads are handed out as they are; the other statements are wrapped ({@link GatedStatement},
 * {@link GatedPreparedStatement}). Before each statement is prepared and after each wrapped one runs, changes H2 has
 * not written yet are written if there are too many ({@code afterStatement}): H2 would otherwise write them itself
 * from inside a statement, outside the gate. Stored procedures are refused (nothing here calls one). Everything else
 * is passed on as it is.
 */
final class GatedConnection implements Connection, WriteGate.Caller {
    /** What a statement can do, as far as the gate is concerned. */
    enum Kind {
        /** A plain query: changes nothing. */
        READ,
        /** Anything else. */
        WRITE
    }

    /** A statement's execution. */
    interface Execution<T> {
        T run() throws SQLException;
    }

    private final Connection raw;
    private final SessionLocal session;
    private final WriteGate gate;
    private final Runnable afterStatement;

    GatedConnection(Connection raw, SessionLocal session, WriteGate gate, Runnable afterStatement) {
        this.raw = raw;
        this.session = session;
        this.gate = gate;
        this.afterStatement = afterStatement;
    }

    @Override
    public boolean waitingForLock() {
        return session.getBlockingSessionId() != 0;
    }

    /** Runs a wrapped statement's execution, through the gate unless it only reads. */
    <T> T execute(Kind kind, Execution<T> execution) throws SQLException {
        try {
            if (kind == Kind.READ) {
                return execution.run();
            }
            gate.enter(this);
            try {
                return execution.run();
            } finally {
                gate.leave(this);
            }
        } finally {
            afterStatement.run();
        }
    }

    private PreparedStatement prepared(PreparedStatement statement, String sql) throws SQLException {
        return kind(sql) == Kind.READ ? statement : new GatedPreparedStatement(statement, this);
    }

    /**
     * What a statement can do, from its first keyword (after blanks, comments and opening parentheses). A query is
     * a read unless it locks rows, takes a sequence's next value or changes data inside itself (H2's data change
     * delta tables); anything that is not a query writes.
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
            case "SELECT", "WITH", "VALUES", "TABLE", "EXPLAIN", "SHOW" -> {
                String upper = sql.toUpperCase(Locale.ROOT);
                return upper.contains("FOR UPDATE") || upper.contains("NEXT VALUE") || upper.contains("FINAL TABLE")
                        || upper.contains("NEW TABLE") || upper.contains("OLD TABLE") ? Kind.WRITE : Kind.READ;
            }
            default -> {
                return Kind.WRITE;
            }
        }
    }

    // Below: the connection's methods, passed on to the pooled connection unless the class comment says otherwise.

    @Override
    public Statement createStatement() throws SQLException {
        afterStatement.run();
        return new GatedStatement(raw.createStatement(), this);
    }

    @Override
    public PreparedStatement prepareStatement(String a) throws SQLException {
        afterStatement.run();
        return prepared(raw.prepareStatement(a), a);
    }

    @Override
    public CallableStatement prepareCall(String a) throws SQLException {
        throw new SQLFeatureNotSupportedException("the embedded store runs no stored procedures");
    }

    @Override
    public String nativeSQL(String a) throws SQLException {
        return raw.nativeSQL(a);
    }

    @Override
    public void setAutoCommit(boolean a) throws SQLException {
        gate.enter(this);
        try {
            raw.setAutoCommit(a);
        } finally {
            gate.leave(this);
        }
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        return raw.getAutoCommit();
    }

    @Override
    public void commit() throws SQLException {
        gate.enter(this);
        try {
            raw.commit();
        } finally {
            gate.leave(this);
        }
    }

    @Override
    public void rollback() throws SQLException {
        gate.enter(this);
        try {
            raw.rollback();
        } finally {
            gate.leave(this);
        }
    }

    @Override
    public void close() throws SQLException {
        gate.enter(this);
        try {
            raw.close();
        } finally {
            gate.leave(this);
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        return raw.isClosed();
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        return raw.getMetaData();
    }

    @Override
    public void setReadOnly(boolean a) throws SQLException {
        raw.setReadOnly(a);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        return raw.isReadOnly();
    }

    @Override
    public void setCatalog(String a) throws SQLException {
        raw.setCatalog(a);
    }

    @Override
    public String getCatalog() throws SQLException {
        return raw.getCatalog();
    }

    @Override
    public void setTransactionIsolation(int a) throws SQLException {
        raw.setTransactionIsolation(a);
    }

    @Override
    public int getTransactionIsolation() throws SQLException {
        return raw.getTransactionIsolation();
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        return raw.getWarnings();
    }

    @Override
    public void clearWarnings() throws SQLException {
        raw.clearWarnings();
    }

    @Override
    public Statement createStatement(int a, int b) throws SQLException {
        afterStatement.run();
        return new GatedStatement(raw.createStatement(a, b), this);
    }

    @Override
    public PreparedStatement prepareStatement(String a, int b, int c) throws SQLException {
        afterStatement.run();
        return prepared(raw.prepareStatement(a, b, c), a);
    }

    @Override
    public CallableStatement prepareCall(String a, int b, int c) throws SQLException {
        throw new SQLFeatureNotSupportedException("the embedded store runs no stored procedures");
    }

    @Override
    public Map<String, Class<?>> getTypeMap() throws SQLException {
        return raw.getTypeMap();
    }

    @Override
    public void setTypeMap(Map<String, Class<?>> a) throws SQLException {
        raw.setTypeMap(a);
    }

    @Override
    public void setHoldability(int a) throws SQLException {
        raw.setHoldability(a);
    }

    @Override
    public int getHoldability() throws SQLException {
        return raw.getHoldability();
    }

    @Override
    public Savepoint setSavepoint() throws SQLException {
        return raw.setSavepoint();
    }

    @Override
    public Savepoint setSavepoint(String a) throws SQLException {
        return raw.setSavepoint(a);
    }

    @Override
    public void rollback(Savepoint a) throws SQLException {
        gate.enter(this);
        try {
            raw.rollback(a);
        } finally {
            gate.leave(this);
        }
    }

    @Override
    public void releaseSavepoint(Savepoint a) throws SQLException {
        raw.releaseSavepoint(a);
    }

    @Override
    public Statement createStatement(int a, int b, int c) throws SQLException {
        afterStatement.run();
        return new GatedStatement(raw.createStatement(a, b, c), this);
    }

    @Override
    public PreparedStatement prepareStatement(String a, int b, int c, int d) throws SQLException {
        afterStatement.run();
        return prepared(raw.prepareStatement(a, b, c, d), a);
    }

    @Override
    public CallableStatement prepareCall(String a, int b, int c, int d) throws SQLException {
        throw new SQLFeatureNotSupportedException("the embedded store runs no stored procedures");
    }

    @Override
    public PreparedStatement prepareStatement(String a, int b) throws SQLException {
        afterStatement.run();
        return prepared(raw.prepareStatement(a, b), a);
    }

    @Override
    public PreparedStatement prepareStatement(String a, int[] b) throws SQLException {
        afterStatement.run();
        return prepared(raw.prepareStatement(a, b), a);
    }

    @Override
    public PreparedStatement prepareStatement(String a, String[] b) throws SQLException {
        afterStatement.run();
        return prepared(raw.prepareStatement(a, b), a);
    }

    @Override
    public Clob createClob() throws SQLException {
        return raw.createClob();
    }

    @Override
    public Blob createBlob() throws SQLException {
        return raw.createBlob();
    }

    @Override
    public NClob createNClob() throws SQLException {
        return raw.createNClob();
    }

    @Override
    public SQLXML createSQLXML() throws SQLException {
        return raw.createSQLXML();
    }

    @Override
    public boolean isValid(int a) throws SQLException {
        return raw.isValid(a);
    }

    @Override
    public void setClientInfo(String a, String b) throws SQLClientInfoException {
        raw.setClientInfo(a, b);
    }

    @Override
    public void setClientInfo(Properties a) throws SQLClientInfoException {
        raw.setClientInfo(a);
    }

    @Override
    public String getClientInfo(String a) throws SQLException {
        return raw.getClientInfo(a);
    }

    @Override
    public Properties getClientInfo() throws SQLException {
        return raw.getClientInfo();
    }

    @Override
    public Array createArrayOf(String a, Object[] b) throws SQLException {
        return raw.createArrayOf(a, b);
    }

    @Override
    public Struct createStruct(String a, Object[] b) throws SQLException {
        return raw.createStruct(a, b);
    }

    @Override
    public void setSchema(String a) throws SQLException {
        raw.setSchema(a);
    }

    @Override
    public String getSchema() throws SQLException {
        return raw.getSchema();
    }

    @Override
    public void abort(Executor a) throws SQLException {
        raw.abort(a);
    }

    @Override
    public void setNetworkTimeout(Executor a, int b) throws SQLException {
        raw.setNetworkTimeout(a, b);
    }

    @Override
    public int getNetworkTimeout() throws SQLException {
        return raw.getNetworkTimeout();
    }

    @Override
    public void beginRequest() throws SQLException {
        raw.beginRequest();
    }

    @Override
    public void endRequest() throws SQLException {
        raw.endRequest();
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey a, ShardingKey b, int c) throws SQLException {
        return raw.setShardingKeyIfValid(a, b, c);
    }

    @Override
    public boolean setShardingKeyIfValid(ShardingKey a, int b) throws SQLException {
        return raw.setShardingKeyIfValid(a, b);
    }

    @Override
    public void setShardingKey(ShardingKey a, ShardingKey b) throws SQLException {
        raw.setShardingKey(a, b);
    }

    @Override
    public void setShardingKey(ShardingKey a) throws SQLException {
        raw.setShardingKey(a);
    }

    @Override
    public <T> T unwrap(Class<T> a) throws SQLException {
        return raw.unwrap(a);
    }

    @Override
    public boolean isWrapperFor(Class<?> a) throws SQLException {
        return raw.isWrapperFor(a);
    }
}
