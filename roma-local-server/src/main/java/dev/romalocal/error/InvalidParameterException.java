package dev.romalocal.error;

/**
 * A parameter (path, query or body field) failed validation. Which catalogue entry renders it depends on the API
 * family it reached (APIG.2012, ROMA.13000, IAM.0007), so the domain only says which parameter and why.
 */
public class InvalidParameterException extends RuntimeException {
    private final String parameter;
    private final String reason;

    public InvalidParameterException(String parameter, String reason) {
        super(parameter + ": " + reason, null, false, false);
        this.parameter = parameter;
        this.reason = reason;
    }

    public String parameter() {
        return parameter;
    }

    public String reason() {
        return reason;
    }
}
