package dev.romalocal.store;

import dev.romalocal.testing.TempDirs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The data directory is 0700, the H2 files and the master key 0600 (this machine's file system is POSIX). */
class OwnerOnlyTest {
    private Path root;

    @BeforeEach
    void makeRoot() throws IOException {
        root = Files.createTempDirectory("roma-local-perms-");
        assertThat(root.getFileSystem().supportedFileAttributeViews()).as("a POSIX file system").contains("posix");
    }

    @AfterEach
    void removeRoot() {
        TempDirs.delete(root);
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aNewDataDirectoryAndItsStoreAreOwnerOnly() throws IOException {
        Path dataDir = root.resolve("a/b/data");
        try (Database db = Database.open(dataDir, null, null, null, 2)) {
            db.jdbi().useHandle(h -> h.execute("SELECT 1"));
            assertThat(mode(dataDir)).isEqualTo("rwx------");
            List<Path> files;
            try (Stream<Path> s = Files.list(dataDir)) {
                files = s.filter(f -> f.getFileName().toString().startsWith("roma-local.")).toList();
            }
            assertThat(files).extracting(f -> f.getFileName().toString()).contains("roma-local.mv.db");
            for (Path f : files) {
                assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------");
            }
        }
        MasterKey.load(null, dataDir);
        assertThat(mode(dataDir.resolve("master.key"))).isEqualTo("rw-------");
    }

    @Test
    void aWiderExistingDirectoryAndKeyAreTightened() throws IOException {
        Path dataDir = root.resolve("data");
        Files.createDirectory(dataDir);
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        byte[] key = MasterKey.load(null, dataDir);
        Path keyFile = dataDir.resolve("master.key");
        assertThat(mode(dataDir)).isEqualTo("rwx------");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThat(MasterKey.load(null, dataDir)).isEqualTo(key);
        assertThat(mode(keyFile)).isEqualTo("rw-------");
        try (Database db = Database.open(dataDir, null, null, null, 2)) {
            assertThat(mode(dataDir)).isEqualTo("rwx------");
        }
    }

    @Test
    void aWiderDirectoryHoldingOtherFilesIsOnlyWarnedAbout() throws IOException {
        Path home = root.resolve("home");
        Files.createDirectory(home);
        Files.writeString(home.resolve("notes.txt"), "someone else's file");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        MasterKey.load(null, home);
        assertThat(mode(home)).isEqualTo("rwxr-xr-x");
        assertThat(mode(home.resolve("master.key"))).isEqualTo("rw-------");
    }

    @Test
    void ownerPermissionsAreKeptAndNothingHappensWithoutPosix() throws IOException {
        Path dir = root.resolve("already");
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        OwnerOnly.directory(dir);
        assertThat(mode(dir)).isEqualTo("rwx------");
        // A file system without POSIX permissions (a zip file system): created, quietly left as it is.
        Path zip = root.resolve("fs.zip");
        try (var fs = java.nio.file.FileSystems.newFileSystem(zip, java.util.Map.of("create", "true"))) {
            Path inZip = fs.getPath("/data");
            OwnerOnly.directory(inZip);
            assertThat(Files.isDirectory(inZip)).isTrue();
            Path f = Files.writeString(inZip.resolve("file"), "x");
            OwnerOnly.file(f);
            assertThat(Files.readString(f)).isEqualTo("x");
        }
    }
}
