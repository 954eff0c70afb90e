package dev.romalocal.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * A step fault to arm ({@code POST /_roma_local/faults}): the next {@code count} matching lifecycle steps land in
 * their failed (or timeout) status. Start from {@link #fail(String)} or {@link #timeout(String)} and narrow it:
 * <pre>{@code control.addStepFault(StepFault.fail("create").atStep("Registering").forInstance(id));}</pre>
 * Operations: {@code create}, {@code delete}, {@code restart}, {@code upgrade}, {@code rollback}; steps are the
 * statuses an operation walks through (docs/api.md, "Statuses, clock, faults, history").
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StepFault(@JsonProperty("operation") String operation, @JsonProperty("step") String step,
                        @JsonProperty("effect") String effect, @JsonProperty("count") Integer count,
                        @JsonProperty("project_id") String projectId, @JsonProperty("instance_id") String instanceId,
                        @JsonProperty("error_code") String errorCode,
                        @JsonProperty("error_message") String errorMessage) {
    public StepFault {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(effect, "effect");
    }

    /** The next step of {@code operation} fails (its failed status, e.g. CreateFail). */
    public static StepFault fail(String operation) {
        return new StepFault(operation, null, "fail", null, null, null, null, null);
    }

    /** The next step of {@code operation} times out (its timeout status, e.g. CreateTimeout). */
    public static StepFault timeout(String operation) {
        return new StepFault(operation, null, "timeout", null, null, null, null, null);
    }

    /** Only this step (a status the operation walks through, e.g. {@code Registering}). */
    public StepFault atStep(String v) {
        return new StepFault(operation, v, effect, count, projectId, instanceId, errorCode, errorMessage);
    }

    /** The next {@code n} matching steps (default 1). */
    public StepFault times(int n) {
        return new StepFault(operation, step, effect, n, projectId, instanceId, errorCode, errorMessage);
    }

    /** Only steps of this instance. */
    public StepFault forInstance(String v) {
        return new StepFault(operation, step, effect, count, projectId, v, errorCode, errorMessage);
    }

    /** Only steps of instances of this project. */
    public StepFault inProject(String v) {
        return new StepFault(operation, step, effect, count, v, instanceId, errorCode, errorMessage);
    }

    /** The {@code error_code} and {@code error_msg} the failed instance shows (defaults: APIC.9206 for creates). */
    public StepFault withError(String code, String message) {
        return new StepFault(operation, step, effect, count, projectId, instanceId, code, message);
    }
}
