package dev.romalocal.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.iam.IamService;
import dev.romalocal.instance.Instance;
import dev.romalocal.instance.InstanceService;
import dev.romalocal.instance.InstanceStore;
import dev.romalocal.instance.Rules;
import dev.romalocal.instance.Seeder;
import dev.romalocal.instance.view.ApicDetailView;
import dev.romalocal.json.Bind;
import dev.romalocal.lifecycle.LifecycleService;
import dev.romalocal.lifecycle.SimClock;
import dev.romalocal.lifecycle.TaskStore;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.Range;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The emulator's own control API under {@code /_roma_local/} (an extension; see docs/api.md). */
final class ControlEndpoints {
    private final InstanceService instances;
    private final LifecycleService lifecycle;
    private final IamService iam;
    private final Seeder seeder;
    private final Path seedFile;
    private final Supplier<String> storeKind;
    private final RequestFaults requestFaults;
    private final Supplier<List<Route>> routes;
    private final Supplier<byte[]> openApi;

    ControlEndpoints(InstanceService instances, LifecycleService lifecycle, IamService iam, Seeder seeder,
                     Path seedFile, Supplier<String> storeKind, RequestFaults requestFaults,
                     Supplier<List<Route>> routes) {
        this.instances = instances;
        this.lifecycle = lifecycle;
        this.iam = iam;
        this.seeder = seeder;
        this.seedFile = seedFile;
        this.storeKind = storeKind;
        this.requestFaults = requestFaults;
        this.routes = routes;
        this.openApi = memoize(() -> OpenApi.document(routes.get()));
    }

    private static Supplier<byte[]> memoize(Supplier<byte[]> s) {
        java.util.concurrent.atomic.AtomicReference<byte[]> v = new java.util.concurrent.atomic.AtomicReference<>();
        return () -> v.updateAndGet(old -> old != null ? old : s.get());
    }

    /**
     * {@code GET /_roma_local/health}: no credentials needed. Says whether the lifecycle clock runs at wall time
     * (as this node last saw it: no store read), so that a paused or shifted clock is never a surprise.
     */
    Reply health(Call call) {
        SimClock.State s = lifecycle.clockSeen();
        return Reply.ok(new Health("UP", storeKind.get(), HealthClock.of(s, lifecycle.now(),
                lifecycle.clockOffsetNow())));
    }

    /** {@code PUT /_roma_local/projects/{project_id}/instances/{instance_id}}: 201 created, 200 replaced. */
    Reply upsert(Call call) {
        String projectId = knownProject(call);
        String instanceId = InstanceEndpoints.instanceId(call);
        boolean existed = exists(projectId, instanceId);
        Instance instance = instances.upsert(projectId, instanceId, call.json(), call.principal().userId());
        return Reply.json(existed ? 200 : 201, ApicDetailView.of(instance));
    }

    /** {@code DELETE /_roma_local/projects/{project_id}/instances/{instance_id}}: 204, or 404. */
    Reply delete(Call call) {
        String projectId = knownProject(call);
        if (!instances.remove(projectId, InstanceEndpoints.instanceId(call))) {
            throw new ApiException(ErrorCode.INSTANCE_NOT_FOUND);
        }
        return Reply.empty(204);
    }

    /** {@code POST /_roma_local/projects/{project_id}/instances/{instance_id}/actions}: 202 and the detail. */
    Reply action(Call call) {
        Instance i = lifecycle.act(knownProject(call), InstanceEndpoints.instanceId(call),
                Bind.body(call.json(), LifecycleService.ActionRequest.class),
                call.header(LifecycleEndpoints.PROFILE_HEADER));
        return Reply.json(202, ApicDetailView.of(i));
    }

    /** {@code PUT /_roma_local/projects/{project_id}/instances/{instance_id}/status}: force a status. */
    Reply forceStatus(Call call) {
        Instance i = lifecycle.force(knownProject(call), InstanceEndpoints.instanceId(call),
                Bind.body(call.json(), LifecycleService.StatusRequest.class));
        return Reply.ok(ApicDetailView.of(i));
    }

    /** {@code GET /_roma_local/projects/{project_id}/instances/{instance_id}/events}: the status history. */
    Reply events(Call call) {
        List<EventView> events = instances.events(knownProject(call), InstanceEndpoints.instanceId(call)).stream()
                .map(EventView::of).toList();
        return Reply.ok(Map.of("events", events));
    }

    /**
     * {@code POST /_roma_local/seed}: upserts a list of instance documents (the seed-file format), all or nothing.
     * The body was streamed to a temporary file; it is parsed from there as a stream.
     */
    Reply seed(Call call) throws java.io.IOException {
        Path body = call.bodyFile();
        if (body == null || java.nio.file.Files.size(body) == 0) {
            throw new dev.romalocal.error.MissingBodyException();
        }
        return Reply.ok(Map.of("seeded_instances", seeder.applyBody(body, call.principal().userId())));
    }

    /** {@code GET /_roma_local/openapi.json}: the operation table as an OpenAPI 3.1 document. */
    Reply openApi(Call call) {
        return Reply.bytes(200, openApi.get());
    }

    /** {@code POST /_roma_local/reset}: every instance, operation, history entry and fault goes; seeds again. */
    Reply reset(Call call) {
        boolean keepClock = flag(call, "keep_clock");
        int deleted = lifecycle.reset();
        requestFaults.clear();
        SimClock.State clock = keepClock ? lifecycle.clock() : lifecycle.clockToWallTime();
        int seeded = seedFile == null ? 0 : seeder.apply(seedFile, call.principal().userId());
        return Reply.ok(new ResetResult(deleted, seeded, ClockView.of(clock, lifecycle.now())));
    }

    /** A {@code true}/{@code false} query parameter; absent is false. */
    private static boolean flag(Call call, String name) {
        String v = call.query(name);
        if (v == null || v.equals("false")) {
            return false;
        }
        if (v.equals("true") || v.isEmpty()) {
            return true;
        }
        throw new InvalidParameterException(name, "must be true or false");
    }

    // --- clock -----------------------------------------------------------------------------------------------

    /** {@code GET /_roma_local/clock}. */
    Reply clock(Call call) {
        return Reply.ok(ClockView.of(lifecycle.clock(), lifecycle.now()));
    }

    /**
     * The body of {@code PUT /_roma_local/clock}: {@code paused}, {@code offset_ms} (from wall time, at most ten
     * years either way), or both; an absent one stays as it is.
     */
    @com.fasterxml.jackson.annotation.JsonClassDescription("paused, offset_ms or both: {\"paused\": false} resumes "
            + "from where the clock stands (an advance is kept); {\"offset_ms\": 0} is wall time; "
            + "{\"paused\": false, \"offset_ms\": 0} resumes at wall time")
    record ClockSetting(Boolean paused,
                        @Range(min = -MAX_OFFSET_MS, max = MAX_OFFSET_MS, message = "must be a number from {min} to "
                                + "{max}") Long offsetMs) {
    }

    static final long MAX_OFFSET_MS = 10L * 365 * 24 * 3600 * 1000;

    /** {@code PUT /_roma_local/clock} with {@code {"paused": true|false}} and/or {@code {"offset_ms": n}}. */
    Reply setClock(Call call) {
        ClockSetting setting = Bind.body(call.json(), ClockSetting.class);
        if (setting.paused() == null && setting.offsetMs() == null) {
            throw new InvalidParameterException("paused", "paused or offset_ms is required");
        }
        return Reply.ok(ClockView.of(lifecycle.setClock(setting.paused(), setting.offsetMs()), lifecycle.now()));
    }

    /** The body of {@code POST /_roma_local/clock/advance}: seconds, fractions allowed, at most ten years. */
    record ClockAdvance(@NotNull @Range(min = 0, max = 10L * 365 * 24 * 3600, message = "must be a number from {min} "
            + "to {max}") Double seconds) {
    }

    /** {@code POST /_roma_local/clock/advance} with {@code {"seconds": n}}: answers once every due step ran. */
    Reply advance(Call call) {
        double seconds = Bind.body(call.json(), ClockAdvance.class).seconds();
        SimClock.State s = lifecycle.advance(Duration.ofMillis(Math.round(seconds * 1000)));
        return Reply.ok(ClockView.of(s, lifecycle.now()));
    }

    // --- faults ----------------------------------------------------------------------------------------------

    /** {@code POST /_roma_local/faults}: the next N matching operations fail or time out at a step. */
    Reply addStepFault(Call call) {
        return Reply.json(201, FaultView.of(lifecycle.addFault(
                Bind.body(call.json(), LifecycleService.FaultRequest.class))));
    }

    /** {@code GET /_roma_local/faults}: armed step faults and request faults of this node. */
    Reply faults(Call call) {
        return Reply.ok(Map.of("step_faults", lifecycle.faults().stream().map(FaultView::of).toList(),
                "request_faults", requestFaults.list()));
    }

    /** {@code DELETE /_roma_local/faults}: disarms every fault. */
    Reply clearFaults(Call call) {
        lifecycle.faults().forEach(f -> lifecycle.deleteFault(f.id()));
        requestFaults.clear();
        return Reply.empty(204);
    }

    /** {@code DELETE /_roma_local/faults/{fault_id}}. */
    Reply deleteStepFault(Call call) {
        if (!lifecycle.deleteFault(Rules.refId("fault_id", call.pathParam("fault_id")))) {
            throw new InvalidParameterException("fault_id", "no such step fault");
        }
        return Reply.empty(204);
    }

    /** {@code POST /_roma_local/faults/requests}: the next N requests to a route answer a catalogue error. */
    Reply addRequestFault(Call call) {
        return Reply.json(201, requestFaults.add(Bind.body(call.json(), RequestFaults.FaultRequest.class),
                routes.get()));
    }

    // --- subnets ---------------------------------------------------------------------------------------------

    /** The body of {@code PUT /_roma_local/subnets/{subnet_id}}. */
    record SubnetSetting(@NotEmpty String cidr) {
    }

    /** {@code PUT /_roma_local/subnets/{subnet_id}} with {@code {"cidr": "192.168.1.0/24"}}. */
    Reply putSubnet(Call call) {
        String subnet = call.pathParam("subnet_id");
        instances.subnets().register(subnet, Bind.body(call.json(), SubnetSetting.class).cidr());
        return Reply.ok(Map.of("id", subnet, "cidr", instances.subnets().list().get(subnet)));
    }

    /** {@code GET /_roma_local/subnets}. */
    Reply subnets(Call call) {
        return Reply.ok(Map.of("subnets", instances.subnets().list().entrySet().stream()
                .map(e -> Map.of("id", e.getKey(), "cidr", e.getValue())).toList()));
    }

    private boolean exists(String projectId, String instanceId) {
        try {
            instances.get(projectId, instanceId);
            return true;
        } catch (ApiException e) {
            return false;
        }
    }

    private String knownProject(Call call) {
        String projectId = Rules.projectId("project_id", call.pathParam("project_id"));
        boolean ours = iam.project(projectId).map(p -> p.domainId().equals(call.principal().domainId()))
                .orElse(false);
        if (!ours) {
            throw new InvalidParameterException("project_id", "no such project in account '"
                    + call.principal().domainName() + "'");
        }
        return projectId;
    }

    record Health(@JsonProperty("status") String status, @JsonProperty("store") String store,
                  @JsonProperty("clock") HealthClock clock) {
    }

    /**
     * The lifecycle clock in the health answer: {@code at_wall_time} false when it is paused or offset, and then a
     * {@code notice} that says how to get back (docs/api.md).
     */
    record HealthClock(@JsonProperty("at_wall_time") boolean atWallTime, @JsonProperty("paused") boolean paused,
                       @JsonProperty("offset_ms") long offsetMillis, @JsonProperty("now_iso") String nowIso,
                       @com.fasterxml.jackson.annotation.JsonInclude(
                               com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                       @JsonProperty("notice") String notice) {
        static HealthClock of(SimClock.State s, long now, long offsetNow) {
            return new HealthClock(SimClock.atWallTime(s), s.paused(), offsetNow, Instant.ofEpochMilli(now).toString(),
                    SimClock.notice(s, now, offsetNow));
        }
    }

    record ResetResult(@JsonProperty("deleted_instances") int deletedInstances,
                       @JsonProperty("seeded_instances") int seededInstances,
                       @JsonProperty("clock") ClockView clock) {
    }

    record ClockView(@JsonProperty("now") long now, @JsonProperty("now_iso") String nowIso,
                     @JsonProperty("paused") boolean paused, @JsonProperty("offset_ms") long offsetMillis,
                     @JsonProperty("at_wall_time") boolean atWallTime) {
        static ClockView of(SimClock.State s, long now) {
            return new ClockView(now, Instant.ofEpochMilli(now).toString(), s.paused(), s.offsetMillis(),
                    SimClock.atWallTime(s));
        }
    }

    record EventView(@JsonProperty("at") long at, @JsonProperty("at_iso") String atIso,
                     @JsonProperty("operation") String operation, @JsonProperty("from") String from,
                     @JsonProperty("to") String to, @JsonProperty("node") String node,
                     @JsonProperty("detail") String detail) {
        static EventView of(InstanceStore.Event e) {
            return new EventView(e.at(), Instant.ofEpochMilli(e.at()).toString(), e.operation(), e.fromStatus(),
                    e.toStatus(), e.node(), e.detail());
        }
    }

    record FaultView(@JsonProperty("id") String id, @JsonProperty("operation") String operation,
                     @JsonProperty("step") String step, @JsonProperty("effect") String effect,
                     @JsonProperty("remaining") int remaining, @JsonProperty("project_id") String projectId,
                     @JsonProperty("instance_id") String instanceId, @JsonProperty("error_code") String errorCode,
                     @JsonProperty("error_message") String errorMessage) {
        static FaultView of(TaskStore.StepFault f) {
            return new FaultView(f.id(), f.operation().wire(), f.step(), f.effect(), f.remaining(), f.projectId(),
                    f.instanceId(), f.errorCode(), f.errorMessage());
        }
    }
}
