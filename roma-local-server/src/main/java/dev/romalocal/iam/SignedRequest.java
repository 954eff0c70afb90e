package dev.romalocal.iam;

/** What an authenticator needs to know of an HTTP request, independent of the HTTP server in use. */
public interface SignedRequest {
    String method();

    /** The path exactly as received on the wire (still percent-encoded). */
    String rawPath();

    /** The query exactly as received, without the '?', or null. */
    String rawQuery();

    /** The first value of a header (case-insensitive name), or null. */
    String header(String name);

    /** The request body bytes (empty when there is none). */
    byte[] body();

    /**
     * The lower-case hex digest of the body received (SHA-256 or SM3, as the request's signing algorithm needs). An
     * HTTP layer that hashes the body while it streams in overrides this; the authenticator asks for it instead of
     * hashing {@link #body()} itself.
     */
    default String bodyHashHex(PayloadDigest digest) {
        return digest.hex(body());
    }
}
