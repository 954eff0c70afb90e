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
        if (t instanceof ApiException e) {
            Reply r = reply(e.code(), e.errorMessage(), requestId);
            if (e.reason() != null) {
                String why = headerSafe(e.reason());
                LOG.info("request {} refused {} {}: {}", requestId, e.code().httpStatus(), e.code().code(), why);
                r = r.withHeader(REASON_HEADER, why);
            }
            return r;
        }
        if (t instanceof InvalidParameterException e) {
            ErrorCode code = family.invalidParameter();
            return reply(code, code.message(e.parameter(), e.reason()), requestId);
        }
        if (t instanceof MissingBodyException) {
            if (family == ErrorFamily.IAM) {
                return reply(ErrorCode.IAM_INVALID_PARAMETER,
                        ErrorCode.IAM_INVALID_PARAMETER.message("auth", "the request body is missing"), requestId);
            }
            return reply(ErrorCode.ROMA_BODY_MISSING, ErrorCode.ROMA_BODY_MISSING.message(), requestId);
        }
        // Messages are not logged: a database error's text can carry bound values (hashes, documents).
        LOG.error("request {} answered {}: {}", requestId, ErrorCode.INTERNAL.code(), describe(t));
        return reply(ErrorCode.INTERNAL, ErrorCode.INTERNAL.message(), requestId);
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
        ObjectNode body = Json.WIRE.createObjectNode();
        body.put("error_code", code.code());
        body.put("error_msg", message);
        body.put("request_id", requestId);
        if (code == ErrorCode.IAM_AUTH_FAILED) {
            // Keystone clients read {"error": {"code", "message", "title"}}.
            ObjectNode keystone = body.putObject("error");
            keystone.put("code", code.httpStatus());
            keystone.put("message", message);
            keystone.put("title", "Unauthorized");
        }
        return new Reply(code.httpStatus(), Buffer.buffer(Json.wireBytes(body)), Map.of(), requestId);
    }
}
