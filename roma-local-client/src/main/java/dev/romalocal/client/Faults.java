package dev.romalocal.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The armed faults ({@code GET /_roma_local/faults}): step faults, and the request faults of the node asked. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Faults(@JsonProperty("step_faults") List<StepFaultView> stepFaults,
                     @JsonProperty("request_faults") List<RequestFaultView> requestFaults) {
    public Faults {
        stepFaults = stepFaults == null ? List.of() : List.copyOf(stepFaults);
        requestFaults = requestFaults == null ? List.of() : List.copyOf(requestFaults);
    }

    /** True when nothing is armed. */
    public boolean isEmpty() {
        return stepFaults.isEmpty() && requestFaults.isEmpty();
    }

    /** An armed step fault and how many uses it has left. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StepFaultView(@JsonProperty("id") String id, @JsonProperty("operation") String operation,
                                @JsonProperty("step") String step, @JsonProperty("effect") String effect,
                                @JsonProperty("remaining") int remaining,
                                @JsonProperty("project_id") String projectId,
                                @JsonProperty("instance_id") String instanceId,
                                @JsonProperty("error_code") String errorCode,
                                @JsonProperty("error_message") String errorMessage) {
    }

    /** An armed request fault and how many uses it has left. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RequestFaultView(@JsonProperty("id") String id, @JsonProperty("method") String method,
                                   @JsonProperty("path") String path, @JsonProperty("error_code") String errorCode,
                                   @JsonProperty("http_status") int httpStatus,
                                   @JsonProperty("error_msg") String errorMsg,
                                   @JsonProperty("remaining") int remaining) {
    }
}
