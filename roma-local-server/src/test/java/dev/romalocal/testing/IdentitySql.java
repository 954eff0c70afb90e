package dev.romalocal.testing;

import dev.romalocal.iam.PasswordHasher;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Users, groups and memberships written straight into a running server's store, for suites that need identities
 * before the IAM user and group APIs exist on their branch. Only for identities no request has used yet: nothing
 * here tells the server's caches (a grant through the API afterwards clears the permission cache anyway).
 * Integrator: once CreateUser / CreateGroup / AddUserToGroup are served, replace these with IamClient calls.
 */
public final class IdentitySql {
    private final Backend backend;
    private final Backend.Store store;

    public IdentitySql(Backend backend, Backend.Store store) {
        this.backend = backend;
        this.store = store;
    }

    /** A connection to the server's own store (the same H2 file in this JVM, or the suite's PostgreSQL schema). */
    public Connection connect() throws SQLException {
        if (backend == Backend.H2) {
            return DriverManager.getConnection(dev.romalocal.store.Database.h2FileUrl(
                    store.dataDir().resolve("roma-local")), "sa", "");
        }
        return DriverManager.getConnection(store.settings().store().jdbcUrl(), Backend.PG_USER, Backend.PG_PASSWORD);
    }

    /** A new enabled user of the account; returns its id. */
    public String createUser(String domainId, String name, String password) {
        String id = hexId();
        update("INSERT INTO users (id, domain_id, name, password_hash, admin, enabled) VALUES (?, ?, ?, ?, FALSE, "
                + "TRUE)", id, domainId, name, PasswordHasher.hash(password));
        return id;
    }

    /** A new group of the account; returns its id. */
    public String createGroup(String domainId, String name) {
        String id = hexId();
        update("INSERT INTO user_groups (id, domain_id, name, description, created_at) VALUES (?, ?, ?, '', 0)", id,
                domainId, name);
        return id;
    }

    public void addMember(String groupId, String userId) {
        update("INSERT INTO group_members (group_id, user_id) VALUES (?, ?)", groupId, userId);
    }

    /** A new account (domain) with one project; returns the account's id. */
    public String createAccount(String name, String projectId, String projectName) {
        String id = hexId();
        update("INSERT INTO domains (id, name) VALUES (?, ?)", id, name);
        update("INSERT INTO projects (id, name, domain_id, description, enabled) VALUES (?, ?, ?, '', TRUE)",
                projectId, projectName, id);
        return id;
    }

    /** The first column of the first row, as text (null when there is no row). */
    public String queryString(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(sql)) {
            bind(st, args);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public void update(String sql, Object... args) {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(sql)) {
            bind(st, args);
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement st, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            st.setObject(i + 1, args[i]);
        }
    }

    private static String hexId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
