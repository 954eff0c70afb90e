package dev.romalocal.api;

import dev.romalocal.error.ErrorCode;

/**
 * The API families answer parameter errors with their own documented codes: the APIC (service integration) APIs
 * with {@code APIG.2012}, the public-resource (platform) APIs with {@code ROMA.13000}, IAM with {@code IAM.0007}.
 * The emulator's control API uses the APIC form, which names the parameter.
 */
public enum ErrorFamily {
    APIC(ErrorCode.APIC_INVALID_PARAMETER),
    ROMA(ErrorCode.ROMA_INVALID_PARAMETERS),
    IAM(ErrorCode.IAM_INVALID_PARAMETER),
    CONTROL(ErrorCode.APIC_INVALID_PARAMETER);

    private final ErrorCode invalidParameter;

    ErrorFamily(ErrorCode invalidParameter) {
        this.invalidParameter = invalidParameter;
    }

    public ErrorCode invalidParameter() {
        return invalidParameter;
    }
}
