package dev.romalocal.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The console's static files, read from the classpath ({@code /console/} in the jar) once, at start, and kept in
 * memory (a few dozen KiB): hand-written HTML, CSS and ES modules, no build step. Requests never touch the disk.
 * Each file's ETag is computed on its first request: hashing them all cost ~20 ms of a start on one core.
 */
public final class Assets {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,40}\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html;charset=UTF-8",
            "js", "text/javascript;charset=UTF-8",
            "css", "text/css;charset=UTF-8",
            "svg", "image/svg+xml");

    /** A file: its bytes, content type and strong ETag. */
    public record Asset(byte[] bytes, String contentType, String etag) {
    }

    /** Every file the console serves. */
    static final List<String> FILES = List.of("index.html", "app.js", "api.js", "views.js", "style.css");

    private final Map<String, byte[]> files = new HashMap<>();
    private final Map<String, Asset> prepared = new ConcurrentHashMap<>();

    public Assets() {
        for (String name : FILES) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalStateException("console file name " + name);
            }
            files.put(name, read(name).orElseThrow(() -> new IllegalStateException(
                    "the console's /console/" + name + " is missing from the classpath")));
        }
    }

    /** The file of that name, if the console has one. */
    public Optional<Asset> find(String name) {
        byte[] bytes = files.get(name);
        if (bytes == null) {
            return Optional.empty();
        }
        return Optional.of(prepared.computeIfAbsent(name, n -> new Asset(bytes,
                TYPES.get(n.substring(n.lastIndexOf('.') + 1)), etag(bytes))));
    }

    private static Optional<byte[]> read(String name) {
        try (InputStream in = Assets.class.getResourceAsStream("/console/" + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
