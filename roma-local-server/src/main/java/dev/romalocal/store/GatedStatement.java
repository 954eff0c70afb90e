package dev.romalocal.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * A statement of a {@link GatedConnection} that needs the gate: each execution runs as its SQL's kind needs
 * ({@link GatedConnection#execute}); a batch of statements as one that writes. Everything else is passed on.
 */
class GatedStatement implements Statement {
    private final Statement raw;
    final GatedConnection connection;

    GatedStatement(Statement raw, GatedConnection connection) {
        this.raw = raw;
        this.connection = connection;
    }

    @Override
    public ResultSet executeQuery(String a) throws SQLException {
        return connection.execute(GatedConnection.kind(a), () -> raw.executeQuery(a));
    }

    @Override
    public int executeUpdate(String a) throws SQLException {
        return connection.execute(GatedConnection.kind(a), () -> raw.executeUpdate(a));
    }

    @Override
    public void close() throws SQLException {
        raw.close();
    }

    @Override
    public int getMaxFieldSize() throws SQLException {
        return raw.getMaxFieldSize();
    }

    @Override
    public void setMaxFieldSize(int a) throws SQLException {
        raw.setMaxFieldSize(a);
    }

    @Override
    public int getMaxRows() throws SQLException {
        return raw.getMaxRows();
    }

    @Override
    public void setMaxRows(int a) throws SQLException {
        raw.setMaxRows(a);
    }

    @Override
    public void setEscapeProcessing(boolean a) throws SQLException {
        raw.setEscapeProcessing(a);
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        return raw.getQueryTimeout();
    }

    @Override
    public void setQueryTimeout(int a) throws SQLException {
        raw.setQueryTimeout(a);
    }

    @Override
    public void cancel() throws SQLException {
        raw.cancel();
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
    public void setCursorName(String a) throws SQLException {
        raw.setCursorName(a);
    }

    @Override
    public boolean execute(String a) throws SQLException {
        return connection.execute(GatedConnection.kind(a), () -> raw.execute(a));
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        return raw.getResultSet();
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return raw.getUpdateCount();
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        return raw.getMoreResults();
    }

    @Override
    public void setFetchDirection(int a) throws SQLException {
        raw.setFetchDirection(a);
    }

    @Override
    public int getFetchDirection() throws SQLException {
        return raw.getFetchDirection();
    }

    @Override
    public void setFetchSize(int a) throws SQLException {
        raw.setFetchSize(a);
    }

    @Override
    public int getFetchSize() throws SQLException {
        return raw.getFetchSize();
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        return raw.getResultSetConcurrency();
    }

    @Override
    public int getResultSetType() throws SQLException {
        return raw.getResultSetType();
    }

    @Override
    public void addBatch(String a) throws SQLException {
        raw.addBatch(a);
    }

    @Override
    public void clearBatch() throws SQLException {
        raw.clearBatch();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return connection.execute(GatedConnection.Kind.WRITE, raw::executeBatch);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connection;
    }

    @Override
    public boolean getMoreResults(int a) throws SQLException {
        return raw.getMoreResults(a);
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        return raw.getGeneratedKeys();
    }

    @Override
    public int executeUpdate(String a, int b) throws SQLException {
        return connection.execute(GatedConnection.kind(a), () -> raw.executeUpdate(a, b));
    }

    @Override
    public int executeUpdate(String a, int[] b) throws SQLException {
        return connection.execute(GatedConnection.kind(a), () -> raw.executeUpdate(a, b));
    }

    @Override
    public int executeUpdate(String a, String[] b) throws SQLException {
        return connection.execute(GatedConnection.kind(a), () -> raw.executeUpdate(a, b));
    }

    @Override
    public boolean execute(String a, int b) throws SQLException {
        return connection.execute(GatedConnection.kind(a), () -> raw.execute(a, b));
    }

    @Override
    public boolean execute(String a, int[] b) throws SQLException {
        return connection.execute(GatedConnection.kind(a), () -> raw.execute(a, b));
    }

    @Override
    public boolean execute(String a, String[] b) throws SQLException {
        return connection.execute(GatedConnection.kind(a), () -> raw.execute(a, b));
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        return raw.getResultSetHoldability();
    }

    @Override
    public boolean isClosed() throws SQLException {
        return raw.isClosed();
    }

    @Override
    public void setPoolable(boolean a) throws SQLException {
        raw.setPoolable(a);
    }

    @Override
    public boolean isPoolable() throws SQLException {
        return raw.isPoolable();
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        raw.closeOnCompletion();
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        return raw.isCloseOnCompletion();
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        return raw.getLargeUpdateCount();
    }

    @Override
    public void setLargeMaxRows(long a) throws SQLException {
        raw.setLargeMaxRows(a);
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        return raw.getLargeMaxRows();
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        return connection.execute(GatedConnection.Kind.WRITE, raw::executeLargeBatch);
    }

    @Override
    public long executeLargeUpdate(String a) throws SQLException {
        return connection.execute(GatedConnection.kind(a), () -> raw.executeLargeUpdate(a));
    }

    @Override
    public long executeLargeUpdate(String a, int b) throws SQLException {
        return connection.execute(GatedConnection.kind(a), () -> raw.executeLargeUpdate(a, b));
    }

    @Override
    public long executeLargeUpdate(String a, int[] b) throws SQLException {
        return connection.execute(GatedConnection.kind(a), () -> raw.executeLargeUpdate(a, b));
    }

    @Override
    public long executeLargeUpdate(String a, String[] b) throws SQLException {
        return connection.execute(GatedConnection.kind(a), () -> raw.executeLargeUpdate(a, b));
    }

    @Override
    public String enquoteLiteral(String a) throws SQLException {
        return raw.enquoteLiteral(a);
    }

    @Override
    public String enquoteIdentifier(String a, boolean b) throws SQLException {
        return raw.enquoteIdentifier(a, b);
    }

    @Override
    public boolean isSimpleIdentifier(String a) throws SQLException {
        return raw.isSimpleIdentifier(a);
    }

    @Override
    public String enquoteNCharLiteral(String a) throws SQLException {
        return raw.enquoteNCharLiteral(a);
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
