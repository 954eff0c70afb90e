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
import java.util.regex.Pattern;

/**
 * The console's static files, read from the classpath ({@code /console/} in the jar) once, at start, and kept in
 * memory (a few dozen KiB): hand-written HTML, CSS and ES modules, no build step. Requests never touch the disk.
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

    private final Map<String, Asset> loaded = new HashMap<>();

    public Assets() {
        for (String name : FILES) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalStateException("console file name " + name);
            }
            loaded.put(name, load(name).orElseThrow(() -> new IllegalStateException(
                    "the console's /console/" + name + " is missing from the classpath")));
        }
    }

    /** The file of that name, if the console has one. */
    public Optional<Asset> find(String name) {
        return Optional.ofNullable(loaded.get(name));
    }

    private static Optional<Asset> load(String name) {
        try (InputStream in = Assets.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String ext = name.substring(name.lastIndexOf('.') + 1);
            String etag = "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12)
                    + "\"";
            return Optional.of(new Asset(bytes, TYPES.get(ext), etag));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
