package dev.romalocal.store;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * A prepared statement of a {@link GatedConnection} that writes (reads are not wrapped): its executions, one or a
 * batch, pass the gate ({@link GatedConnection#execute}). Everything else is passed on.
 */
final class GatedPreparedStatement extends GatedStatement implements PreparedStatement {
    private final PreparedStatement prepared;

    GatedPreparedStatement(PreparedStatement prepared, GatedConnection connection) {
        super(prepared, connection);
        this.prepared = prepared;
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        return connection.execute(GatedConnection.Kind.WRITE, prepared::executeQuery);
    }

    @Override
    public int executeUpdate() throws SQLException {
        return connection.execute(GatedConnection.Kind.WRITE, prepared::executeUpdate);
    }

    @Override
    public void setNull(int a, int b) throws SQLException {
        prepared.setNull(a, b);
    }

    @Override
    public void setBoolean(int a, boolean b) throws SQLException {
        prepared.setBoolean(a, b);
    }

    @Override
    public void setByte(int a, byte b) throws SQLException {
        prepared.setByte(a, b);
    }

    @Override
    public void setShort(int a, short b) throws SQLException {
        prepared.setShort(a, b);
    }

    @Override
    public void setInt(int a, int b) throws SQLException {
        prepared.setInt(a, b);
    }

    @Override
    public void setLong(int a, long b) throws SQLException {
        prepared.setLong(a, b);
    }

    @Override
    public void setFloat(int a, float b) throws SQLException {
        prepared.setFloat(a, b);
    }

    @Override
    public void setDouble(int a, double b) throws SQLException {
        prepared.setDouble(a, b);
    }

    @Override
    public void setBigDecimal(int a, BigDecimal b) throws SQLException {
        prepared.setBigDecimal(a, b);
    }

    @Override
    public void setString(int a, String b) throws SQLException {
        prepared.setString(a, b);
    }

    @Override
    public void setBytes(int a, byte[] b) throws SQLException {
        prepared.setBytes(a, b);
    }

    @Override
    public void setDate(int a, Date b) throws SQLException {
        prepared.setDate(a, b);
    }

    @Override
    public void setTime(int a, Time b) throws SQLException {
        prepared.setTime(a, b);
    }

    @Override
    public void setTimestamp(int a, Timestamp b) throws SQLException {
        prepared.setTimestamp(a, b);
    }

    @Override
    public void setAsciiStream(int a, InputStream b, int c) throws SQLException {
        prepared.setAsciiStream(a, b, c);
    }

    @Override
    public void setUnicodeStream(int a, InputStream b, int c) throws SQLException {
        prepared.setUnicodeStream(a, b, c);
    }

    @Override
    public void setBinaryStream(int a, InputStream b, int c) throws SQLException {
        prepared.setBinaryStream(a, b, c);
    }

    @Override
    public void clearParameters() throws SQLException {
        prepared.clearParameters();
    }

    @Override
    public void setObject(int a, Object b, int c) throws SQLException {
        prepared.setObject(a, b, c);
    }

    @Override
    public void setObject(int a, Object b) throws SQLException {
        prepared.setObject(a, b);
    }

    @Override
    public boolean execute() throws SQLException {
        return connection.execute(GatedConnection.Kind.WRITE, prepared::execute);
    }

    @Override
    public void addBatch() throws SQLException {
        prepared.addBatch();
    }

    @Override
    public void setCharacterStream(int a, Reader b, int c) throws SQLException {
        prepared.setCharacterStream(a, b, c);
    }

    @Override
    public void setRef(int a, Ref b) throws SQLException {
        prepared.setRef(a, b);
    }

    @Override
    public void setBlob(int a, Blob b) throws SQLException {
        prepared.setBlob(a, b);
    }

    @Override
    public void setClob(int a, Clob b) throws SQLException {
        prepared.setClob(a, b);
    }

    @Override
    public void setArray(int a, Array b) throws SQLException {
        prepared.setArray(a, b);
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        return prepared.getMetaData();
    }

    @Override
    public void setDate(int a, Date b, Calendar c) throws SQLException {
        prepared.setDate(a, b, c);
    }

    @Override
    public void setTime(int a, Time b, Calendar c) throws SQLException {
        prepared.setTime(a, b, c);
    }

    @Override
    public void setTimestamp(int a, Timestamp b, Calendar c) throws SQLException {
        prepared.setTimestamp(a, b, c);
    }

    @Override
    public void setNull(int a, int b, String c) throws SQLException {
        prepared.setNull(a, b, c);
    }

    @Override
    public void setURL(int a, URL b) throws SQLException {
        prepared.setURL(a, b);
    }

    @Override
    public ParameterMetaData getParameterMetaData() throws SQLException {
        return prepared.getParameterMetaData();
    }

    @Override
    public void setRowId(int a, RowId b) throws SQLException {
        prepared.setRowId(a, b);
    }

    @Override
    public void setNString(int a, String b) throws SQLException {
        prepared.setNString(a, b);
    }

    @Override
    public void setNCharacterStream(int a, Reader b, long c) throws SQLException {
        prepared.setNCharacterStream(a, b, c);
    }

    @Override
    public void setNClob(int a, NClob b) throws SQLException {
        prepared.setNClob(a, b);
    }

    @Override
    public void setClob(int a, Reader b, long c) throws SQLException {
        prepared.setClob(a, b, c);
    }

    @Override
    public void setBlob(int a, InputStream b, long c) throws SQLException {
        prepared.setBlob(a, b, c);
    }

    @Override
    public void setNClob(int a, Reader b, long c) throws SQLException {
        prepared.setNClob(a, b, c);
    }

    @Override
    public void setSQLXML(int a, SQLXML b) throws SQLException {
        prepared.setSQLXML(a, b);
    }

    @Override
    public void setObject(int a, Object b, int c, int d) throws SQLException {
        prepared.setObject(a, b, c, d);
    }

    @Override
    public void setAsciiStream(int a, InputStream b, long c) throws SQLException {
        prepared.setAsciiStream(a, b, c);
    }

    @Override
    public void setBinaryStream(int a, InputStream b, long c) throws SQLException {
        prepared.setBinaryStream(a, b, c);
    }

    @Override
    public void setCharacterStream(int a, Reader b, long c) throws SQLException {
        prepared.setCharacterStream(a, b, c);
    }

    @Override
    public void setAsciiStream(int a, InputStream b) throws SQLException {
        prepared.setAsciiStream(a, b);
    }

    @Override
    public void setBinaryStream(int a, InputStream b) throws SQLException {
        prepared.setBinaryStream(a, b);
    }

    @Override
    public void setCharacterStream(int a, Reader b) throws SQLException {
        prepared.setCharacterStream(a, b);
    }

    @Override
    public void setNCharacterStream(int a, Reader b) throws SQLException {
        prepared.setNCharacterStream(a, b);
    }

    @Override
    public void setClob(int a, Reader b) throws SQLException {
        prepared.setClob(a, b);
    }

    @Override
    public void setBlob(int a, InputStream b) throws SQLException {
        prepared.setBlob(a, b);
    }

    @Override
    public void setNClob(int a, Reader b) throws SQLException {
        prepared.setNClob(a, b);
    }

    @Override
    public void setObject(int a, Object b, SQLType c, int d) throws SQLException {
        prepared.setObject(a, b, c, d);
    }

    @Override
    public void setObject(int a, Object b, SQLType c) throws SQLException {
        prepared.setObject(a, b, c);
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        return connection.execute(GatedConnection.Kind.WRITE, prepared::executeLargeUpdate);
    }

    @Override
    public int[] executeBatch() throws SQLException {
        return connection.execute(GatedConnection.Kind.WRITE, prepared::executeBatch);
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        return connection.execute(GatedConnection.Kind.WRITE, prepared::executeLargeBatch);
    }
}
