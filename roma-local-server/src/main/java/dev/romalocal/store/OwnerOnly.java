package dev.romalocal.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Keeps the data directory and the files in it (the H2 store, the master key) to their owner: the directory 0700,
 * the files 0600. A directory or file found with wider permissions is tightened, with a warning. On a file system
 * without POSIX permissions nothing is done.
 */
public final class OwnerOnly {
    private static final Logger LOG = LoggerFactory.getLogger(OwnerOnly.class);
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    /** Creates {@code dir} (and missing parents) if needed; the directory itself ends up owner-only. */
    public static void directory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Path parent = dir.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // another process made it at the same time: checked below
                }
            } else {
                Files.createDirectories(dir);
            }
        }
        tighten(dir, DIRECTORY, "data directory");
    }

    /** Makes an existing file owner-only (read and write). */
    public static void file(Path file) {
        tighten(file, FILE, "file");
    }

    private static void tighten(Path path, Set<PosixFilePermission> wanted, String what) {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return; // not a POSIX file system
        }
        try {
            Set<PosixFilePermission> now = view.readAttributes().permissions();
            Set<PosixFilePermission> wider = EnumSet.noneOf(PosixFilePermission.class);
            wider.addAll(now);
            wider.removeAll(wanted);
            // Only group and other permissions matter (a file that is also executable by its owner is harmless).
            wider.removeIf(p -> p.name().startsWith("OWNER_"));
            if (wider.isEmpty() && now.containsAll(ownerPart(wanted))) {
                return;
            }
            view.setPermissions(wanted);
            if (!wider.isEmpty()) {
                LOG.warn("{} {} was accessible to others ({}); now {}", what, path,
                        PosixFilePermissions.toString(now), PosixFilePermissions.toString(wanted));
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            LOG.warn("cannot make {} {} owner-only ({})", what, path, Redact.describe(e));
        }
    }

    private static Set<PosixFilePermission> ownerPart(Set<PosixFilePermission> wanted) {
        Set<PosixFilePermission> owner = EnumSet.noneOf(PosixFilePermission.class);
        wanted.stream().filter(p -> p.name().startsWith("OWNER_")).forEach(owner::add);
        return owner;
    }
}
