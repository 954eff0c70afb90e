package dev.romalocal.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.error.MissingBodyException;
import dev.romalocal.json.Json;
import dev.romalocal.store.Redact;
import io.vertx.core.buffer.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Renders every failure once, as {@code {"error_code": ..., "error_msg": ..., "request_id": ...}} with the
 * catalogue's HTTP status. Anything unexpected is a 500 {@code APIC.9000}; its cause is logged with the request id
 * and never sent.
 */
final class ErrorRenderer {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorRenderer.class);

    /** The extension header that says why a request was refused (see {@link ApiException#reason(String)}). */
    static final String REASON_HEADER = "X-Roma-Local-Reason";
    private static final int REASON_MAX = 1024;

    private ErrorRenderer() {
    }

    /** Printable ASCII only (a header value and a log line), at most {@value #REASON_MAX} characters. */
    static String headerSafe(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), REASON_MAX));
        for (int i = 0; i < s.length() && b.length() < REASON_MAX; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }

    static Reply render(Throwable t, ErrorFamily family, String requestId) {
        boolean keystone = family == ErrorFamily.IAM;
        if (t instanceof ApiException e) {
            Reply r = reply(e.code(), e.errorMessage(), requestId, keystone);
            if (e.reason() != null) {
                String why = headerSafe(e.reason());
                LOG.info("request {} refused {} {}: {}", requestId, e.code().httpStatus(), e.code().code(), why);
                r = r.withHeader(REASON_HEADER, why);
            }
            return r;
        }
        if (t instanceof InvalidParameterException e) {
            ErrorCode code = family.invalidParameter();
            return reply(code, code.message(e.parameter(), e.reason()), requestId, keystone);
        }
        if (t instanceof MissingBodyException) {
            if (family == ErrorFamily.IAM) {
                return reply(ErrorCode.IAM_INVALID_PARAMETER,
                        ErrorCode.IAM_INVALID_PARAMETER.message("body", "the request body is missing"), requestId,
                        true);
            }
            return reply(ErrorCode.ROMA_BODY_MISSING, ErrorCode.ROMA_BODY_MISSING.message(), requestId);
        }
        // Messages are not logged: a database error's text can carry bound values (hashes, documents).
        LOG.error("request {} answered {}: {}", requestId, ErrorCode.INTERNAL.code(), describe(t));
        return reply(ErrorCode.INTERNAL, ErrorCode.INTERNAL.message(), requestId, keystone);
    }

    /** The cause chain by class and SQLState ({@link Redact}), and where the innermost cause was thrown. */
    static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        StackTraceElement[] frames = root.getStackTrace();
        return Redact.describe(t) + (frames.length == 0 ? "" : " at " + frames[0]);
    }

    static Reply reply(ErrorCode code, String message, String requestId) {
        return reply(code, message, requestId, code == ErrorCode.IAM_AUTH_FAILED);
    }

    /**
     * The catalogue body; with {@code keystone} (every error of an IAM route) it also carries Keystone's
     * {@code {"error": {"code", "message", "title"}}}, which Keystone clients read. The SDK reads
     * {@code error_code} and {@code error_msg}, which come first.
     */
    static Reply reply(ErrorCode code, String message, String requestId, boolean keystone) {
        ObjectNode body = Json.WIRE.createObjectNode();
        body.put("error_code", code.code());
        body.put("error_msg", message);
        body.put("request_id", requestId);
        if (keystone) {
            ObjectNode error = body.putObject("error");
            error.put("code", code.httpStatus());
            error.put("message", message);
            error.put("title", title(code.httpStatus()));
        }
        return new Reply(code.httpStatus(), Buffer.buffer(Json.wireBytes(body)), Map.of(), requestId);
    }

    /** The HTTP reason phrase Keystone puts in {@code error.title}. */
    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 413 -> "Request Entity Too Large";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}
