package dev.romalocal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key that seals stored secrets: given as configuration (base64 of 32 bytes), else read from
 * {@code <data-dir>/master.key}, created (mode 0600) on first start. Nodes sharing one PostgreSQL database must
 * share it: set {@code ROMA_LOCAL_MASTER_KEY} on all of them.
 */
public final class MasterKey {
    private MasterKey() {
    }

    public static byte[] load(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            return decode(configured.trim(), "the configured master key");
        }
        Path file = dataDir.toAbsolutePath().resolve("master.key");
        try {
            if (Files.exists(file)) {
                OwnerOnly.file(file);
                return decode(Files.readString(file).trim(), file.toString());
            }
            OwnerOnly.directory(dataDir);
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Path tmp = Files.createTempFile(dataDir, "master", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the default permissions
            }
            Files.writeString(tmp, Base64.getEncoder().encodeToString(key) + "\n", StandardOpenOption.WRITE);
            try {
                Files.move(tmp, file); // no REPLACE_EXISTING: a key another process just wrote wins
            } catch (java.nio.file.FileAlreadyExistsException e) {
                Files.deleteIfExists(tmp);
                return decode(Files.readString(file).trim(), file.toString());
            }
            return key;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the master key " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] decode(String base64, String what) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(what + " is not base64");
        }
        if (key.length != 32) {
            throw new IllegalStateException(what + " must be 32 bytes (base64 of 32 random bytes)");
        }
        return key;
    }
}
