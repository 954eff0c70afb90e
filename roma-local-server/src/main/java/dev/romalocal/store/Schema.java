package dev.romalocal.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The store's schema: Flyway's migrations ({@code db/migration} for both stores, {@code db/vendor/<store>} for one),
 * with two short cuts for the start, both made by the build ({@link #main}, run by the server module's pom):
 * <ul>
 *   <li>the <b>template</b>: an empty embedded store with every migration applied, copied into place when the data
 *       directory has no store yet, instead of creating and migrating one (about 0.7 s of a cold start);</li>
 *   <li>the <b>index</b>: the migration versions the build bundles, per store. A store whose Flyway history holds
 *       exactly those versions, all successful, is current and Flyway is not run at all (loading it and resolving
 *       the scripts costs about 0.2 s even when there is nothing to do). Any other store (older, newer, a failed
 *       migration, no history) goes through Flyway as before, with its validation.</li>
 * </ul>
 * Without the build's files (an IDE's compile) both short cuts are off and every start goes through Flyway.
 * Checksums are not compared on the short cut: {@code SchemaTest} checks that the template's history validates
 * against the bundled scripts, which is what would catch an edited migration.
 */
public final class Schema {
    /** The template store, a resource of the jar (made by the build). */
    static final String TEMPLATE = "db/template/roma-local.mv.db";
    /** The index: one line per store, {@code h2=1,2,3,4,5,5.1}. */
    static final String INDEX = "db/template/migrations.properties";
    private static final Pattern SCRIPT = Pattern.compile("V([0-9][0-9_.]*)__.+\\.sql");

    private Schema() {
    }

    /** Flyway's key for a store, also the directory of its own migrations under {@code db/vendor}. */
    static String vendor(Database.Dialect dialect) {
        return dialect == Database.Dialect.H2 ? "h2" : "postgresql";
    }

    static Flyway flyway(DataSource ds, Database.Dialect dialect) {
        return Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor(dialect))
                .load();
    }

    /**
     * Brings the store's schema up to this build's migrations: nothing when it already is (see the class comment),
     * else Flyway. Returns the number of migrations Flyway applied (0 on the short cut).
     */
    static int migrate(DataSource ds, Database.Dialect dialect) {
        List<String> bundled = bundled(dialect);
        if (!bundled.isEmpty() && bundled.equals(applied(ds))) {
            return 0;
        }
        return flyway(ds, dialect).migrate().migrationsExecuted;
    }

    /** The versions this build bundles for the store, in order; empty without the index. */
    static List<String> bundled(Database.Dialect dialect) {
        try (InputStream in = Schema.class.getClassLoader().getResourceAsStream(INDEX)) {
            if (in == null) {
                return List.of();
            }
            Properties p = new Properties();
            p.load(in);
            String line = p.getProperty(vendor(dialect), "").trim();
            return line.isEmpty() ? List.of() : List.of(line.split(","));
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The versions the store's Flyway history holds, in the order applied; empty when a migration failed or there
     * is no history yet.
     */
    static List<String> applied(DataSource ds) {
        List<String> versions = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\""
                     + " WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")) {
            while (rs.next()) {
                if (!rs.getBoolean(2)) {
                    return List.of();
                }
                versions.add(rs.getString(1));
            }
        } catch (SQLException e) {
            return List.of();   // no history table yet: Flyway will make it
        }
        return versions;
    }

    /**
     * Puts the template in place as {@code storeFile} when there is no store there yet and this build has a
     * template. The copy is made under another name and linked into place, so a crash mid-copy leaves no half store,
     * and a store made meanwhile by someone else is never replaced. Returns whether the template was used.
     */
    static boolean fromTemplate(Path storeFile) {
        if (Files.exists(storeFile)) {
            return false;
        }
        Path partial = storeFile.resolveSibling(storeFile.getFileName() + ".template");
        try (InputStream in = Schema.class.getClassLoader().getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                return false;
            }
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            OwnerOnly.createdFile(partial);
            try {
                Files.createLink(storeFile, partial);
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | IOException e) {
                // no hard links on this file system: a rename, which cannot fail half way either
                Files.move(partial, storeFile, StandardCopyOption.ATOMIC_MOVE);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the store " + storeFile + " from its template", e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // a leftover copy is harmless: the next start replaces it
            }
        }
    }

    /**
     * The build step: writes the index and the template under {@code args[0]} (the module's compiled resources,
     * which hold {@code db/migration} and {@code db/vendor}). Skipped when both are newer than every script.
     */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Path index = root.resolve(INDEX);
        Path template = root.resolve(TEMPLATE);
        List<Path> scripts = scripts(root);
        if (Files.exists(index) && Files.exists(template) && scripts.stream().allMatch(s -> olderThan(s, index)
                && olderThan(s, template))) {
            return;
        }
        Files.createDirectories(index.getParent());
        Properties p = new Properties();
        for (Database.Dialect d : Database.Dialect.values()) {
            p.setProperty(vendor(d), String.join(",", versions(root, d)));
        }
        Path work = Files.createTempDirectory("roma-local-template");
        try {
            Path file = work.resolve("roma-local");
            org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
            ds.setURL(Database.h2FileUrl(file));
            ds.setUser("sa");
            ds.setPassword("");
            flyway(ds, Database.Dialect.H2).migrate();
            if (!applied(ds).equals(versions(root, Database.Dialect.H2))) {
                throw new IllegalStateException("the template's history " + applied(ds) + " is not the bundled "
                        + versions(root, Database.Dialect.H2));
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN COMPACT");
            }
            Files.copy(work.resolve("roma-local.mv.db"), template, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        try (var out = Files.newBufferedWriter(index)) {
            p.store(out, "Migration versions bundled per store (written by the build: dev.romalocal.store.Schema)");
        }
        System.out.println("schema template: " + template + " (" + Files.size(template) + " bytes), index " + p);
    }

    /** The versions of the scripts a store runs, in Flyway's order (the names Flyway gives them). */
    static List<String> versions(Path root, Database.Dialect dialect) throws IOException {
        Set<MigrationVersion> versions = new TreeSet<>();
        for (Path dir : List.of(root.resolve("db/migration"), root.resolve("db/vendor/" + vendor(dialect)))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.forEach(f -> {
                    Matcher m = SCRIPT.matcher(f.getFileName().toString());
                    if (m.matches()) {
                        versions.add(MigrationVersion.fromVersion(m.group(1).replace('_', '.')));
                    }
                });
            }
        }
        return versions.stream().map(MigrationVersion::getVersion).toList();
    }

    private static List<Path> scripts(Path root) throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path dir : List.of(root.resolve("db/migration"), root.resolve("db/vendor"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.filter(Files::isRegularFile).forEach(all::add);
                }
            }
        }
        return all;
    }

    private static boolean olderThan(Path a, Path b) {
        try {
            return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b)) < 0;
        } catch (IOException e) {
            return false;
        }
    }
}
