package dev.romalocal.error;

/** A client-visible failure: one catalogue entry and the arguments of its message. Rendered once, by the API layer. */
public class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final transient Object[] args;

    public ApiException(ErrorCode code, Object... args) {
        super(code.code() + " " + code.message(args), null, false, false);
        this.code = code;
        this.args = args.clone();
    }

    public ErrorCode code() {
        return code;
    }

    public String errorMessage() {
        return code.message(args);
    }
}
