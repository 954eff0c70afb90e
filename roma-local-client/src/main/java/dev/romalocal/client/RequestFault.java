package dev.romalocal.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * A request fault to arm ({@code POST /_roma_local/faults/requests}): the next {@code count} requests to a route
 * answer a catalogue error instead of being served.
 * <pre>{@code control.addRequestFault(RequestFault.on("GET", "/v2/{project_id}/apic/instances/{instance_id}",
 *         "APIGW.0308").times(2));}</pre>
 *
 * @param path a route of the server in its {@code {param}} form (README, "API coverage")
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RequestFault(@JsonProperty("method") String method, @JsonProperty("path") String path,
                           @JsonProperty("error_code") String errorCode, @JsonProperty("http_status") Integer httpStatus,
                           @JsonProperty("error_msg") String errorMsg, @JsonProperty("count") Integer count) {
    public RequestFault {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(errorCode, "errorCode");
    }

    /** Requests with {@code method} (null: any method) to {@code path} answer {@code errorCode}. */
    public static RequestFault on(String method, String path, String errorCode) {
        return new RequestFault(method, path, errorCode, null, null, null);
    }

    /** The next {@code n} requests (default 1). */
    public RequestFault times(int n) {
        return new RequestFault(method, path, errorCode, httpStatus, errorMsg, n);
    }

    /** Another HTTP status than the catalogue's for the code. */
    public RequestFault withStatus(int status) {
        return new RequestFault(method, path, errorCode, status, errorMsg, count);
    }

    /** Another {@code error_msg} than the catalogue's. */
    public RequestFault withMessage(String message) {
        return new RequestFault(method, path, errorCode, httpStatus, message, count);
    }
}
