package dev.romalocal.iam;

import dev.romalocal.config.Settings;
import dev.romalocal.store.ChangeFeed;
import dev.romalocal.store.Database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The identity side of a server, built from the real classes on an H2 store in a temporary directory, as
 * RomaLocal.start wires them (and as the server's SdkSignerVectorsTest does): the built-in account with its
 * permanent access key, a token issued by password, and an {@link Authenticator} over the same store. The clock is
 * fixed, so a request signed once stays inside the 15-minute date window for the whole run.
 */
final class Fixture implements AutoCloseable {
    static final String AK = Settings.DEFAULT_ACCESS_KEY;
    static final String SK = Settings.DEFAULT_SECRET_KEY;
    static final String PROJECT = Settings.DEFAULT_PROJECT_ID;
    static final String PATH = "/v2/" + PROJECT + "/apic/instances/4ec3a2b8-2d7e-4c51-9d5e-1f0a7b3c9e21";

    final Path dir;
    final Database db;
    final ChangeFeed feed;
    final IamService iam;
    final Authenticator authenticator;
    final Clock clock;
    final String sdkDate;
    final String token;

    Fixture() throws IOException {
        dir = Files.createTempDirectory("roma-local-jmh-");
        db = Database.open(dir.resolve("data"), null, null, null, 2);
        feed = ChangeFeed.local();
        IamStore store = new IamStore(db.jdbi(), feed);
        byte[] master = new byte[32];
        new java.security.SecureRandom().nextBytes(master);
        SecretSealer sealer = new SecretSealer(master);
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        clock = Clock.fixed(now, ZoneOffset.UTC);
        sdkDate = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").format(ZonedDateTime.ofInstant(now, ZoneOffset.UTC));
        iam = new IamService(store, new GrantStore(db.jdbi(), feed), sealer, clock, Duration.ofHours(24));
        Settings.Identity id = Settings.defaults().identity();
        IamService.BuiltIn builtIn = iam.bootstrap(id);
        token = iam.issueToken(new AuthRequest(AuthRequest.Method.PASSWORD, null, id.adminUser(), null,
                builtIn.domainName(), id.adminPassword(), null,
                new AuthRequest.Scope(builtIn.projectId(), null, null, null, null, null)), "http://127.0.0.1:9090",
                false).token();
        authenticator = new Authenticator(store, sealer, clock, feed);
    }

    /** The headers every SDK call sends. */
    private static Map<String, String> sdkHeaders() {
        Map<String, String> h = new HashMap<>();
        h.put("host", "127.0.0.1:9090");
        h.put("user-agent", "huaweicloud-usdk-java/3.0");
        h.put("content-type", "application/json");
        h.put("x-project-id", PROJECT);
        return h;
    }

    /** GET of the instance detail carrying only X-Auth-Token (and what every SDK call sends). */
    Wire tokenRequest() {
        Map<String, String> h = sdkHeaders();
        h.put("x-auth-token", token);
        return new Wire("GET", PATH, null, h, new byte[0]);
    }

    /** The same GET signed SDK-HMAC-SHA256 as the Java SDK signs it (host, user-agent, x-project-id, x-sdk-date). */
    Wire signedRequest() {
        Map<String, String> h = sdkHeaders();
        h.put("x-sdk-date", sdkDate);
        java.util.List<String> names = java.util.List.of("host", "user-agent", "x-project-id", "x-sdk-date");
        String canonical = SdkSigning.canonicalRequest("GET", PATH, null, names, h,
                SdkSigning.sha256Hex(new byte[0]));
        String signature = SdkSigning.signature(SK, SdkSigning.stringToSign(sdkDate, canonical));
        h.put("authorization", SdkSigning.ALGORITHM + " Access=" + AK + ", SignedHeaders="
                + String.join(";", names) + ", Signature=" + signature);
        return new Wire("GET", PATH, null, h, new byte[0]);
    }

    @Override
    public void close() throws IOException {
        iam.awaitPasswordApplied();
        feed.close();
        db.close();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * A request as the authenticator sees it: headers by lower-case name in a HashMap (the server's Call reads
     * Vert.x's case-insensitive header map instead).
     */
    record Wire(String method, String rawPath, String rawQuery, Map<String, String> headers, byte[] body)
            implements SignedRequest {
        @Override
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }
}
