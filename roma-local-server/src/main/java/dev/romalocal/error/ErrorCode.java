package dev.romalocal.error;

/**
 * The one error catalogue: every error a client can cause or see, with its code, HTTP status and message.
 * Codes and messages are the real service's where it documents them; docs/errors.md lists the
 * mapping and where we had to choose.
 */
public enum ErrorCode {
    // Founding page (ShowDetailsOfInstanceV2) and every credential check.
    TOKEN_INVALID("APIC.7102", 401, "Incorrect token or token resolution failed"),
    NO_PERMISSION("APIC.7106", 403, "No permissions to request for the method"),
    INSTANCE_NOT_FOUND("APIC.7302", 404, "Instance not found"),
    INTERNAL("APIC.9000", 500, "Failed to request internal service"),

    // Gateway-level (APIGW.*): signatures, routing, request shape, throttling.
    SIGNATURE_INVALID("APIGW.0301", 401, "Incorrect IAM authentication information: %s"),
    API_NOT_FOUND("APIGW.0101", 404, "The API does not exist or has not been published in the environment."),
    METHOD_NOT_ALLOWED("APIGW.0101", 405,
            "The API does not exist or has not been published in the environment. (method %s is not allowed here; allowed: %s)"),
    REQUEST_TOO_LARGE("APIGW.0201", 413, "Request entity too large"),
    URI_TOO_LARGE("APIGW.0201", 414, "Request URI too large"),
    HEADERS_TOO_LARGE("APIGW.0201", 431, "Request header fields too large"),
    BAD_REQUEST("APIGW.0201", 400, "API request error: %s"),
    THROTTLED("APIGW.0308", 429,
            "The throttling threshold has been reached: policy user over ratelimit,limit:%s,time:1 second"),

    // Parameter errors, one per API family (see ErrorFamily).
    APIC_INVALID_PARAMETER("APIG.2012", 400,
            "Invalid parameter value,parameterName:%s. Please refer to the support documentation (%s)"),
    ROMA_INVALID_PARAMETERS("ROMA.13000", 400, "Invalid parameters. parameterName:%s (%s)"),
    ROMA_BODY_MISSING("ROMA.13001", 400, "No request body is available."),
    IAM_INVALID_PARAMETER("IAM.0007", 400, "Request parameter %s is invalid. (%s)"),

    // IAM (Keystone-style) outcomes.
    IAM_AUTH_FAILED("IAM.0001", 401, "The username or password is wrong."),
    IAM_TOKEN_NOT_FOUND("IAM.0004", 404, "Could not find token: %s."),

    // Instance creation (documented APIC codes).
    INSTANCE_QUOTA("APIC.9218", 400, "Create instance failed due to insufficient quota."),
    INSTANCE_RESOURCES("APIC.9219", 400, "Create instance failed due to insufficient resources. (%s)"),

    // Conflicts the real service documents no code for: an extension namespace that cannot collide with a real code.
    INSTANCE_ID_CONFLICT("ROMALOCAL.4091", 409, "The instance id is already used in another project: %s"),
    INSTANCE_STATE_CONFLICT("ROMALOCAL.4092", 409, "The instance status does not allow this operation: %s"),
    SUBNET_IN_USE("ROMALOCAL.4093", 409, "The subnet has addresses in use and keeps its CIDR: %s"),
    SERVER_BUSY("ROMALOCAL.5031", 503,
            "The server is receiving too many request bodies at once; retry after %s second(s)"),

    // Server misconfiguration a client can see but not fix.
    SECRET_UNSEALABLE("ROMALOCAL.5002", 500, "The secret key cannot be unsealed with this node's master key: the "
            + "nodes sharing one store must share ROMA_LOCAL_MASTER_KEY"),

    // IAM: policies, grants, keys
    IAM_NOT_FOUND("IAM.0004", 404, "Could not find %s: %s."),
    IAM_FORBIDDEN("IAM.0002", 403, "You are not authorized to perform the requested action."),
    IAM_POLICY_NAME_TAKEN("ROMALOCAL.4094", 409,
            "A custom policy with this display name already exists in the account: %s"),
    IAM_POLICY_IN_USE("ROMALOCAL.4095", 409,
            "The custom policy is granted to %s group(s) and cannot be deleted; remove its grants first"),
    IAM_QUOTA("ROMALOCAL.4001", 400, "Quota exceeded: %s"),
    // IAM: users, groups, accounts
    IAM_TOKEN_AUTH_FAILED("IAM.0001", 401, "The request you have made requires authentication."),
    IAM_FORBIDDEN_ACTION("IAM.0003", 403, "You are not authorized to perform the requested action: %s."),
    IAM_USER_NOT_FOUND("IAM.0004", 404, "Could not find user: %s."),
    IAM_GROUP_NOT_FOUND("IAM.0004", 404, "Could not find group: %s."),
    IAM_MEMBER_NOT_FOUND("IAM.0004", 404, "Could not find user %s in group %s."),
    IAM_DOMAIN_NOT_FOUND("IAM.0004", 404, "Could not find domain: %s."),
    IAM_USER_NAME_INVALID("1101", 400, "Invalid username."),
    IAM_EMAIL_INVALID("1102", 400, "Invalid email address."),
    IAM_PASSWORD_INVALID("1103", 400, "Incorrect password."),
    IAM_OWNER_UNDELETABLE("1107", 400, "The account administrator cannot be deleted."),
    IAM_PASSWORD_UNCHANGED("1108", 400, "The new password must be different from the old password."),
    IAM_USER_NAME_EXISTS("1109", 400, "The username already exists."),
    IAM_GROUP_NAME_EXISTS("ROMALOCAL.4097", 409,
            "Conflict occurred attempting to store group - Duplicate entry: %s."),
    ACCOUNT_NAME_EXISTS("ROMALOCAL.4098", 409, "An account with this name already exists: %s"),
    ACCOUNT_HAS_INSTANCES("ROMALOCAL.4099", 409, "The account still has instances; remove them first: %s"),
    ACCOUNT_BUILT_IN("ROMALOCAL.4039", 403,
            "The built-in account is applied from the configuration at every start and cannot be deleted");

    private final String code;
    private final int httpStatus;
    private final String messageTemplate;

    ErrorCode(String code, int httpStatus, String messageTemplate) {
        this.code = code;
        this.httpStatus = httpStatus;
        this.messageTemplate = messageTemplate;
    }

    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String message(Object... args) {
        return args.length == 0 ? messageTemplate : String.format(messageTemplate, args);
    }
}
