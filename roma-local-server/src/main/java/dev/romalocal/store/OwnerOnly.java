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
 * the files 0600. A file, or a data directory that holds nothing but ROMA Local's files, found with wider
 * permissions is tightened, with a warning; a wider directory that holds other files too (a home directory given
 * as the data directory, say) is only warned about. On a file system without POSIX permissions nothing is done.
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
        if (onlyOurs(dir)) {
            tighten(dir, DIRECTORY, "data directory", true);
            return;
        }
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        if (view != null) {
            Set<PosixFilePermission> now = view.readAttributes().permissions();
            if (now.stream().anyMatch(p -> !p.name().startsWith("OWNER_"))) {
                LOG.warn("data directory {} is accessible to others ({}) and holds other files: left as it is; "
                        + "use a directory of its own", dir, PosixFilePermissions.toString(now));
            }
        }
    }

    /** True when the directory holds only files ROMA Local makes (the store, the master key), or nothing. */
    private static boolean onlyOurs(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
            return entries.map(e -> e.getFileName().toString())
                    .allMatch(n -> n.startsWith("roma-local.") || n.equals("master.key")
                            || n.startsWith("master") && n.endsWith(".tmp"));
        }
    }

    /** Makes an existing file owner-only (read and write), with a warning when it was not. */
    public static void file(Path file) {
        tighten(file, FILE, "file", true);
    }

    /** Makes a file this process just had created owner-only, quietly (its first permissions follow the umask). */
    public static void createdFile(Path file) {
        tighten(file, FILE, "file", false);
    }

    private static void tighten(Path path, Set<PosixFilePermission> wanted, String what,
                                boolean warn) {
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
            if (warn && !wider.isEmpty()) {
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
