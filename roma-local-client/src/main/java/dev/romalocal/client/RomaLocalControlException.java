package dev.romalocal.client;

/**
 * A request the server refused (or that never got an answer): the HTTP status and the catalogue error the body
 * carried ({@code error_code}, {@code error_msg}, {@code request_id}), and the {@code X-Roma-Local-Reason} header
 * that explains refusals whose cause is not obvious. {@link #status()} is 0 when no answer arrived.
 */
public final class RomaLocalControlException extends RuntimeException {
    private final int status;
    private final String errorCode;
    private final String errorMsg;
    private final String requestId;
    private final String reason;

    public RomaLocalControlException(String request, int status, String errorCode, String errorMsg, String requestId,
                                     String reason) {
        super(request + ": " + status + " " + errorCode + " " + errorMsg
                + (reason == null ? "" : " (reason: " + reason + ")")
                + (requestId == null ? "" : " [request " + requestId + "]"));
        this.status = status;
        this.errorCode = errorCode;
        this.errorMsg = errorMsg;
        this.requestId = requestId;
        this.reason = reason;
    }

    RomaLocalControlException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.errorCode = null;
        this.errorMsg = null;
        this.requestId = null;
        this.reason = null;
    }

    /** The HTTP status; 0 when the server could not be reached. */
    public int status() {
        return status;
    }

    /** The catalogue's {@code error_code}, e.g. {@code APIG.2012}. */
    public String errorCode() {
        return errorCode;
    }

    public String errorMsg() {
        return errorMsg;
    }

    public String requestId() {
        return requestId;
    }

    /** The {@code X-Roma-Local-Reason} header, when the server sent one. */
    public String reason() {
        return reason;
    }
}
