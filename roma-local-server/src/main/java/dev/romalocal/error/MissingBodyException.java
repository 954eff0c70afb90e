package dev.romalocal.error;

/** A request that needs a body arrived without one. */
public class MissingBodyException extends RuntimeException {
    public MissingBodyException() {
        super("request body is missing", null, false, false);
    }
}
