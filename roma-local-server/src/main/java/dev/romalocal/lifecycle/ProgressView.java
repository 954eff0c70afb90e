package dev.romalocal.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.romalocal.instance.CoarseStatus;
import dev.romalocal.instance.Instance;
import dev.romalocal.instance.InstanceStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v2/{project_id}/instances/{instance_id}/process} (GetCreateInstanceProcessV2):
 * the creation progress. {@code status} is CREATING, RUNNING (creation finished, whatever happened since) or
 * CREATE_FAILED; {@code progress} (and HCS's {@code process}) a percentage; {@code instance} carries both the
 * documented camelCase fields and the {@code instance_id}, {@code errorCode}, {@code errorMessage} the
 * HuaweiCloudStack client reads. Times are epoch milliseconds, {@code taken_time} seconds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressView(
        @JsonProperty("instance") Inner instance,
        @JsonProperty("instance_id") String instanceId,
        @JsonProperty("name") String name,
        @JsonProperty("status") String status,
        @JsonProperty("progress") int progress,
        @JsonProperty("process") int process,
        @JsonProperty("start_time") Long startTime,
        @JsonProperty("end_time") Long endTime,
        @JsonProperty("taken_time") Long takenTime,
        @JsonProperty("currentTime") long currentTime,
        @JsonProperty("item") List<Item> item) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Inner(@JsonProperty("instance_id") String instanceId,
                        @JsonProperty("instanceId") String instanceIdCamel,
                        @JsonProperty("name") String name,
                        @JsonProperty("status") String status,
                        @JsonProperty("errorCode") String errorCode,
                        @JsonProperty("errorMessage") String errorMessage,
                        @JsonProperty("connectAddress") String connectAddress,
                        @JsonProperty("type") String type) {
    }

    public record Item(@JsonProperty("name") String name, @JsonProperty("status") String status,
                       @JsonProperty("progress") int progress) {
    }

    public static ProgressView of(Instance i, long now) {
        List<Operation.Step> steps = Operation.CREATE.steps();
        CoarseStatus coarse = i.coarseStatus();
        Instance.Activity a = i.activity();
        boolean tracked = a != null && a.name().equals(Operation.CREATE.wire());
        String status;
        int reached;
        boolean failed;
        if (coarse == CoarseStatus.CREATING) {
            status = "CREATING";
            reached = tracked ? a.step() : stepOf(i.status());
            failed = false;
        } else if (coarse == CoarseStatus.CREATE_FAILED) {
            status = "CREATE_FAILED";
            reached = tracked ? a.step() : failedStepOf(i.status());
            failed = true;
        } else {
            status = "RUNNING";
            reached = steps.size();
            failed = false;
        }
        List<Item> items = new ArrayList<>(steps.size());
        for (int s = 0; s < steps.size(); s++) {
            String state = s < reached ? "SUCCESS" : s > reached ? "WAITING" : failed ? "FAILED" : "RUNNING";
            items.add(new Item(steps.get(s).status().wire(), state, s < reached ? 100 : 0));
        }
        int progress = reached * 100 / steps.size();
        long start = tracked ? a.startedAt() : i.createTime();
        Long end = null;
        if ("RUNNING".equals(status)) {
            end = i.createFinishedAt() != null ? i.createFinishedAt() : Long.valueOf(i.createTime());
        } else if (failed && tracked) {
            end = a.endedAt();
        }
        long taken = ((end == null ? now : end) - start) / 1000;
        boolean hasError = failed && i.errorCode() != null;
        Inner inner = new Inner(i.id(), i.id(), i.name(), status, hasError ? i.errorCode() : "",
                hasError ? i.errorMessage() : "", i.ingressIp(), i.spec() == null ? null : i.spec().flavorType());
        return new ProgressView(inner, i.id(), i.name(), status, progress, progress, start, end, taken, now, items);
    }

    /** Where a creating status sits in the create flow (0 when it is not one of its steps, e.g. CreateSuccess). */
    private static int stepOf(InstanceStatus status) {
        List<Operation.Step> steps = Operation.CREATE.steps();
        for (int s = 0; s < steps.size(); s++) {
            if (steps.get(s).status() == status) {
                return s;
            }
        }
        return 0;
    }

    private static int failedStepOf(InstanceStatus status) {
        List<Operation.Step> steps = Operation.CREATE.steps();
        for (int s = 0; s < steps.size(); s++) {
            if (steps.get(s).failed() == status || steps.get(s).timedOut() == status) {
                return s;
            }
        }
        return 0;
    }
}
