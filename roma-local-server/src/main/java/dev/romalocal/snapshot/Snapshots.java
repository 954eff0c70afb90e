package dev.romalocal.snapshot;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.iam.SecretSealer;
import dev.romalocal.instance.Instance;
import dev.romalocal.instance.InstanceStore;
import dev.romalocal.json.Json;
import dev.romalocal.store.ChangeFeed;
import dev.romalocal.store.Database;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Snapshots of the whole state: identity (accounts, projects, users, groups, policies, grants, access keys),
 * instances, subnets and their address allocations, operations in progress (tasks), step faults, the status history
 * and the lifecycle clock, as one JSON document (docs/snapshots.md):
 *
 * <pre>{"format": "roma-local-snapshot", "version": 1, "exported_at": ..., "store": "h2",
 *  "clock": {"paused": ..., "frozen_at": ..., "offset_ms": ...},
 *  "tables": {"domains": [{column: value, ...}, ...], ...}}</pre>
 *
 * <p>Export reads every table in one read transaction that sees one committed state (REPEATABLE READ on
 * PostgreSQL, a snapshot; SERIALIZABLE on H2), streaming rows to the output. Import replaces everything in one
 * write transaction, reading the document as a stream (one row in memory at a time): a bad document changes
 * nothing. Caches of every node are told through the {@link ChangeFeed}, as a reset tells them.
 *
 * <p>Secret access keys are stored sealed under the store's master key; a snapshot carries them unsealed
 * ({@code secret_key}) so that it works on a store with another master key, and import seals them with the target's
 * key. A snapshot is therefore a credential file: it is written owner-only by the CLI and never logged. Tokens are
 * sessions, not state: they are not exported and an import revokes every token. The audit trail and the health-check
 * node table stay as they are.
 */
public final class Snapshots {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);
    public static final String FORMAT = "roma-local-snapshot";
    public static final int VERSION = 1;

    /** The tables a snapshot carries, parents first (import inserts in this order and deletes in reverse). */
    static final List<Table> TABLES = List.of(
            new Table("domains", "id"),
            new Table("projects", "id"),
            new Table("users", "id"),
            new Table("access_keys", "access_key"),
            new Table("user_groups", "id"),
            new Table("group_members", "group_id, user_id"),
            new Table("roles", "id"),
            new Table("role_grants", "group_id, role_id, scope_id"),
            new Table("subnets", "id"),
            new Table("ip_allocations", "subnet_id, address"),
            new Table("instances", "id"),
            new Table("tasks", "instance_id"),
            new Table("step_faults", "id"),
            new Table("instance_events", "id"));

    /** A carried table and the order its rows are written in. */
    record Table(String name, String orderBy) {
    }

    /** Columns the document carries differently from the table: the sealed secret travels unsealed. */
    private static final String SEALED = "secret_sealed";
    private static final String SECRET = "secret_key";
    /** History ids are the store's own (an identity column): rows keep their order, the target numbers them. */
    private static final String EVENT_ID = "id";

    /** Limits of a snapshot document: an instance document may be up to a million characters. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
                    .maxStringLength(4 << 20).maxNumberLength(64).maxNameLength(1024).build())
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);
    private static final int BATCH = 500;

    private final Jdbi jdbi;
    private final Database.Dialect dialect;
    private final ChangeFeed feed;
    private final SecretSealer sealer;

    public Snapshots(Jdbi jdbi, Database.Dialect dialect, ChangeFeed feed, SecretSealer sealer) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.feed = feed;
        this.sealer = sealer;
    }

    /** Opens the document again for each attempt (an import is retried when it loses a race). */
    @FunctionalInterface
    public interface Source {
        JsonParser open() throws IOException;
    }

    /** A document in a file. */
    public static Source file(Path file) {
        return () -> FACTORY.createParser(file.toFile());
    }

    /** A document in memory. */
    public static Source bytes(byte[] json) {
        return () -> FACTORY.createParser(json);
    }

    /** What an import wrote: rows per table, and the clock it set. */
    public record Imported(Map<String, Integer> rows, boolean clockPaused) {
        public int rows(String table) {
            return rows.getOrDefault(table, 0);
        }
    }

    // --- export ----------------------------------------------------------------------------------------------

    /** Writes the whole state to {@code out} (not closed), read in one transaction. */
    public void export(OutputStream out) {
        TransactionIsolationLevel level = dialect == Database.Dialect.POSTGRES
                ? TransactionIsolationLevel.REPEATABLE_READ : TransactionIsolationLevel.SERIALIZABLE;
        jdbi.inTransaction(level, h -> {
            try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
                g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                writeDocument(h.getConnection(), g);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the store for a snapshot", e);
            }
            return null;
        });
    }

    private void writeDocument(Connection c, JsonGenerator g) throws SQLException, IOException {
        long now = System.currentTimeMillis();
        g.writeStartObject();
        g.writeStringField("format", FORMAT);
        g.writeNumberField("version", VERSION);
        g.writeNumberField("exported_at", now);
        g.writeStringField("exported_at_iso", Instant.ofEpochMilli(now).toString());
        g.writeStringField("store", dialect == Database.Dialect.POSTGRES ? "postgresql" : "h2");
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT paused, frozen_at, offset_ms FROM sim_clock WHERE id = 1")) {
            rs.next();
            g.writeObjectFieldStart("clock");
            g.writeBooleanField("paused", rs.getBoolean(1));
            g.writeNumberField("frozen_at", rs.getLong(2));
            g.writeNumberField("offset_ms", rs.getLong(3));
            g.writeEndObject();
        }
        g.writeObjectFieldStart("tables");
        int unsealable = 0;
        for (Table t : TABLES) {
            g.writeArrayFieldStart(t.name());
            try (Statement st = c.createStatement()) {
                st.setFetchSize(BATCH);
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + t.name() + " ORDER BY " + t.orderBy())) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        if (!writeRow(t, rs, md, g)) {
                            unsealable++;
                        }
                    }
                }
            }
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeEndObject();
        if (unsealable > 0) {
            LOG.warn("snapshot: {} access key(s) sealed under another master key left out (they cannot be used)",
                    unsealable);
        }
    }

    /** Writes one row; false when it was left out (a secret this store cannot unseal). */
    private boolean writeRow(Table t, ResultSet rs, ResultSetMetaData md, JsonGenerator g)
            throws SQLException, IOException {
        String secret = null;
        if (t.name().equals("access_keys")) {
            try {
                secret = sealer.unseal(rs.getString(SEALED));
            } catch (SecretSealer.UnsealException e) {
                return false;
            }
        }
        g.writeStartObject();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String column = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
            if (t.name().equals("instance_events") && column.equals(EVENT_ID)) {
                continue;
            }
            if (secret != null && column.equals(SEALED)) {
                g.writeStringField(SECRET, secret);
                continue;
            }
            g.writeFieldName(column);
            switch (kind(md.getColumnType(i))) {
                case INTEGER -> {
                    long v = rs.getLong(i);
                    if (rs.wasNull()) {
                        g.writeNull();
                    } else {
                        g.writeNumber(v);
                    }
                }
                case BOOLEAN -> {
                    boolean v = rs.getBoolean(i);
                    if (rs.wasNull()) {
                        g.writeNull();
                    } else {
                        g.writeBoolean(v);
                    }
                }
                case TEXT -> {
                    String v = rs.getString(i);
                    if (v == null) {
                        g.writeNull();
                    } else {
                        g.writeString(v);
                    }
                }
            }
        }
        g.writeEndObject();
        return true;
    }

    private enum Kind { INTEGER, BOOLEAN, TEXT }

    private static Kind kind(int sqlType) {
        return switch (sqlType) {
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> Kind.INTEGER;
            case Types.BOOLEAN, Types.BIT -> Kind.BOOLEAN;
            case Types.VARCHAR, Types.CHAR, Types.LONGVARCHAR, Types.NVARCHAR, Types.CLOB -> Kind.TEXT;
            default -> throw new IllegalStateException("snapshot: unsupported column type " + sqlType);
        };
    }

    // --- import ----------------------------------------------------------------------------------------------

    /**
     * Replaces the whole state with the document's, in one transaction (again from the start when it loses a race).
     * A document that is not a snapshot, or whose rows the store refuses, is an {@link InvalidParameterException}
     * naming where, and nothing changes.
     */
    public Imported importFrom(Source source) {
        try {
            return withRetries(() -> jdbi.inTransaction(h -> replace(h, source)));
        } catch (RuntimeException e) {
            String state = sqlState(e);
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                throw new InvalidParameterException("body", "the store refuses the snapshot's rows: "
                        + constraintMessage(state));
            }
            throw e;
        }
    }

    /**
     * Runs the import again when it was chosen as a deadlock victim or lost a serialization race (40P01, 40001);
     * a key that appears twice (23505) is the document's fault, never retried: the store was emptied first.
     */
    private static <T> T withRetries(java.util.function.Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                String state = sqlState(e);
                if (attempt >= 10 || !("40001".equals(state) || "40P01".equals(state))) {
                    throw e;
                }
                try {
                    Thread.sleep(Math.min(200, 10L << attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static String constraintMessage(String state) {
        return switch (state) {
            case "23505" -> "a key appears twice (SQLState 23505)";
            case "23503", "23506" -> "a row refers to one that does not exist (SQLState " + state + ")";
            case "23502" -> "a required column is missing or null (SQLState 23502)";
            case "22001" -> "a value is too long for its column (SQLState 22001)";
            default -> "SQLState " + state;
        };
    }

    private static String sqlState(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return null;
    }

    private Imported replace(Handle h, Source source) {
        Connection c = h.getConnection();
        Set<String> users = new LinkedHashSet<>();
        Set<String> keys = new LinkedHashSet<>();
        Set<String> projects = new LinkedHashSet<>();
        try {
            if (dialect == Database.Dialect.POSTGRES) {
                // Writers on other nodes wait until the new state is committed; readers go on.
                try (Statement st = c.createStatement()) {
                    st.execute("LOCK TABLE " + String.join(", ", TABLES.stream().map(Table::name).toList())
                            + ", tokens, sim_clock, instance_counts IN EXCLUSIVE MODE");
                }
            }
            collect(c, "SELECT id FROM users", users);
            collect(c, "SELECT access_key FROM access_keys", keys);
            collect(c, "SELECT id FROM projects", projects);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM tokens");
                for (int i = TABLES.size() - 1; i >= 0; i--) {
                    st.executeUpdate("DELETE FROM " + TABLES.get(i).name());
                }
            }
            Map<String, Integer> rows = new LinkedHashMap<>();
            boolean paused;
            try (JsonParser p = source.open()) {
                paused = readDocument(c, p, rows);
            }
            requireAdministrator(c);
            InstanceStore.recount(h);
            collect(c, "SELECT id FROM users", users);
            collect(c, "SELECT access_key FROM access_keys", keys);
            collect(c, "SELECT id FROM projects", projects);
            users.forEach(u -> feed.changed(h, ChangeFeed.Kind.USER, u));
            keys.forEach(k -> feed.changed(h, ChangeFeed.Kind.ACCESS_KEY, k));
            projects.forEach(p -> feed.changed(h, ChangeFeed.Kind.PROJECT, p));
            feed.changed(h, ChangeFeed.Kind.IDENTITY, "*");
            feed.changed(h, ChangeFeed.Kind.ALL_INSTANCES, "*");
            feed.changed(h, ChangeFeed.Kind.TASKS, "*");
            feed.changed(h, ChangeFeed.Kind.CLOCK, "*");
            return new Imported(rows, paused);
        } catch (JsonProcessingException e) {
            throw new InvalidParameterException("body", "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new SnapshotSqlException(e);
        }
    }

    /** A store error inside the import transaction (Jdbi rolls back; {@link #importFrom} reads its SQLState). */
    private static final class SnapshotSqlException extends RuntimeException {
        SnapshotSqlException(SQLException cause) {
            super("snapshot import: " + cause.getClass().getSimpleName() + " (SQLState " + cause.getSQLState() + ")",
                    cause);
        }
    }

    /** The operator routes need an enabled administrator: a snapshot without one would lock every operator out. */
    private static void requireAdministrator(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT COUNT(*) FROM users WHERE admin = TRUE AND enabled = TRUE")) {
            rs.next();
            if (rs.getLong(1) == 0) {
                throw new InvalidParameterException("tables.users", "has no enabled administrator (admin and "
                        + "enabled true): importing it would lock every operator out");
            }
        }
    }

    private static void collect(Connection c, String sql, Set<String> into) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                into.add(rs.getString(1));
            }
        }
    }

    /** Reads the document and inserts its rows; returns whether the clock it sets is paused. */
    private boolean readDocument(Connection c, JsonParser p, Map<String, Integer> rows)
            throws IOException, SQLException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new InvalidParameterException("body", "must be a snapshot document (a JSON object)");
        }
        String format = null;
        Integer version = null;
        JsonNode clock = null;
        boolean tables = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "format" -> {
                    format = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    if (!FORMAT.equals(format)) {
                        throw new InvalidParameterException("format", "must be \"" + FORMAT + "\"");
                    }
                }
                case "version" -> {
                    version = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : null;
                    if (version == null || version != VERSION) {
                        throw new InvalidParameterException("version", "must be " + VERSION
                                + " (this server reads version " + VERSION + " snapshots)");
                    }
                }
                case "clock" -> clock = MAPPER.readTree(p);
                case "tables" -> {
                    if (format == null || version == null) {
                        throw new InvalidParameterException("body", "format and version must come before tables");
                    }
                    if (value != JsonToken.START_OBJECT) {
                        throw new InvalidParameterException("tables", "must be an object of table name to rows");
                    }
                    readTables(c, p, rows);
                    tables = true;
                }
                default -> p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new InvalidParameterException("body", "ends before the document does");
        }
        if (format == null || version == null) {
            throw new InvalidParameterException(format == null ? "format" : "version", "is required");
        }
        if (!tables) {
            throw new InvalidParameterException("tables", "is required");
        }
        if (clock == null || !clock.path("paused").isBoolean() || !clock.path("frozen_at").isIntegralNumber()
                || !clock.path("offset_ms").isIntegralNumber()) {
            throw new InvalidParameterException("clock", "must give paused (boolean), frozen_at and offset_ms "
                    + "(integers)");
        }
        try (PreparedStatement st = c.prepareStatement("UPDATE sim_clock SET paused = ?, frozen_at = ?, "
                + "offset_ms = ?, seq = seq + 1 WHERE id = 1")) {
            st.setBoolean(1, clock.get("paused").booleanValue());
            st.setLong(2, clock.get("frozen_at").longValue());
            st.setLong(3, clock.get("offset_ms").longValue());
            st.executeUpdate();
        }
        return clock.get("paused").booleanValue();
    }

    private void readTables(Connection c, JsonParser p, Map<String, Integer> rows) throws IOException, SQLException {
        Map<String, Table> known = new LinkedHashMap<>();
        TABLES.forEach(t -> known.put(t.name(), t));
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            Table t = known.remove(name);
            if (t == null) {
                throw new InvalidParameterException("tables." + name, TABLES.stream().anyMatch(x -> x.name()
                        .equals(name)) ? "appears twice" : "is not a table a snapshot carries");
            }
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new InvalidParameterException("tables." + name, "must be a list of rows");
            }
            rows.put(name, insertRows(c, t, p));
        }
    }

    /** Inserts a table's rows in batches of rows that give the same columns. */
    private int insertRows(Connection c, Table t, JsonParser p) throws IOException, SQLException {
        Map<String, Integer> columns = columns(c, t.name());
        int n = 0;
        List<String> batchColumns = null;
        PreparedStatement batch = null;
        int pending = 0;
        try {
            while (p.nextToken() != JsonToken.END_ARRAY) {
                String at = "tables." + t.name() + "[" + n + "]";
                if (p.currentToken() != JsonToken.START_OBJECT) {
                    throw new InvalidParameterException(at, "must be an object of column to value");
                }
                JsonNode row = MAPPER.readTree(p);
                Map<String, JsonNode> values = rowValues(t, row, columns, at);
                List<String> names = new ArrayList<>(values.keySet());
                if (!names.equals(batchColumns)) {
                    if (batch != null) {
                        batch.executeBatch();
                        batch.close();
                    }
                    batchColumns = names;
                    batch = c.prepareStatement("INSERT INTO " + t.name() + " (" + String.join(", ", names)
                            + ") VALUES (" + String.join(", ", names.stream().map(x -> "?").toList()) + ")");
                    pending = 0;
                }
                int i = 1;
                for (Map.Entry<String, JsonNode> e : values.entrySet()) {
                    bind(batch, i++, columns.get(e.getKey()), e.getValue(), at + "." + e.getKey());
                }
                batch.addBatch();
                if (++pending == BATCH) {
                    batch.executeBatch();
                    pending = 0;
                }
                n++;
            }
            if (batch != null && pending > 0) {
                batch.executeBatch();
            }
        } finally {
            if (batch != null) {
                batch.close();
            }
        }
        return n;
    }

    /** The row's values by column, checked against the table (the secret sealed for this store). */
    private Map<String, JsonNode> rowValues(Table t, JsonNode row, Map<String, Integer> columns, String at) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        row.fields().forEachRemaining(e -> {
            String column = e.getKey();
            if (t.name().equals("access_keys") && column.equals(SECRET)) {
                if (!e.getValue().isTextual() || e.getValue().textValue().isEmpty()) {
                    throw new InvalidParameterException(at + "." + SECRET, "must be a non-empty string");
                }
                values.put(SEALED, com.fasterxml.jackson.databind.node.TextNode.valueOf(
                        sealer.seal(e.getValue().textValue())));
                return;
            }
            boolean carried = columns.containsKey(column) && !column.equals(SEALED)
                    && !(t.name().equals("instance_events") && column.equals(EVENT_ID));
            if (!carried) {
                throw new InvalidParameterException(at + "." + column, "is not a column of " + t.name()
                        + " a snapshot carries");
            }
            values.put(column, e.getValue());
        });
        if (t.name().equals("access_keys") && !values.containsKey(SEALED)) {
            throw new InvalidParameterException(at + "." + SECRET, "is required");
        }
        if (t.name().equals("instances")) {
            checkInstance(values, at);
        }
        return values;
    }

    /** An instance row's document must be one the server can read, about the row's instance. */
    private static void checkInstance(Map<String, JsonNode> values, String at) {
        JsonNode doc = values.get("doc");
        if (doc == null || !doc.isTextual()) {
            throw new InvalidParameterException(at + ".doc", "must be the stored instance document (a string)");
        }
        Instance i;
        try {
            i = Json.fromStorage(doc.textValue(), Instance.class);
        } catch (RuntimeException e) {
            throw new InvalidParameterException(at + ".doc", "is not a stored instance document");
        }
        if (i == null || !textEquals(values.get("id"), i.id()) || !textEquals(values.get("project_id"),
                i.projectId())) {
            throw new InvalidParameterException(at + ".doc", "must be about the row's id and project_id");
        }
    }

    private static boolean textEquals(JsonNode node, String value) {
        return node != null && node.isTextual() && node.textValue().equals(value);
    }

    private static void bind(PreparedStatement st, int index, int sqlType, JsonNode v, String at)
            throws SQLException {
        if (v == null || v.isNull()) {
            st.setNull(index, sqlType);
            return;
        }
        switch (kind(sqlType)) {
            case INTEGER -> {
                if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                    throw new InvalidParameterException(at, "must be an integer");
                }
                st.setLong(index, v.longValue());
            }
            case BOOLEAN -> {
                if (!v.isBoolean()) {
                    throw new InvalidParameterException(at, "must be a boolean");
                }
                st.setBoolean(index, v.booleanValue());
            }
            case TEXT -> {
                if (!v.isTextual()) {
                    throw new InvalidParameterException(at, "must be a string");
                }
                st.setString(index, v.textValue());
            }
        }
    }

    /** The table's columns (lower case) and their SQL types, as this store has them. */
    private static Map<String, Integer> columns(Connection c, String table) throws SQLException {
        Map<String, Integer> columns = new LinkedHashMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table
                + " WHERE 1 = 0")) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), md.getColumnType(i));
            }
        }
        return columns;
    }
}
