package dev.romalocal.error;

/** A client-visible failure: one catalogue entry and the arguments of its message. Rendered once, by the API layer. */
public class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final transient Object[] args;
    /** Why, for the operator: logged and sent in {@code X-Roma-Local-Reason}, never in the documented body. */
    private String reason;

    public ApiException(ErrorCode code, Object... args) {
        super(code.code() + " " + code.message(args), null, false, false);
        this.code = code;
        this.args = args.clone();
    }

    public ErrorCode code() {
        return code;
    }

    /**
     * Attaches the reason behind a refusal (which credential check failed, which action no policy allowed). The
     * body stays the documented one; the reason goes to the log line and the {@code X-Roma-Local-Reason} header.
     * Never put a secret in it.
     */
    public ApiException reason(String why) {
        this.reason = why;
        return this;
    }

    /** The reason attached with {@link #reason(String)}, or null. */
    public String reason() {
        return reason;
    }

    public String errorMessage() {
        return code.message(args);
    }
}
