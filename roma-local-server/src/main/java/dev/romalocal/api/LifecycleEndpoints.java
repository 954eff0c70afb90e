package dev.romalocal.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.romalocal.instance.Instance;
import dev.romalocal.instance.InstanceService;
import dev.romalocal.instance.InstanceUpdate;
import dev.romalocal.json.Bind;
import dev.romalocal.instance.view.ApicDetailView;
import dev.romalocal.instance.view.PlatformInstanceView;
import dev.romalocal.lifecycle.CreateRequest;
import dev.romalocal.lifecycle.LifecycleService;

/** The real service's write APIs: create (two shapes), delete, progress, and the update extension. */
final class LifecycleEndpoints {
    /** Per-request lifecycle speed: instant, fast, realistic or seconds per step. */
    static final String PROFILE_HEADER = "X-Roma-Local-Profile";

    private final LifecycleService lifecycle;
    private final InstanceService instances;

    LifecycleEndpoints(LifecycleService lifecycle, InstanceService instances) {
        this.lifecycle = lifecycle;
        this.instances = instances;
    }

    /** {@code POST /v1/{project_id}/instances} (HuaweiCloudStack): 200 and the RomaInstance. */
    Reply createV1(Call call) {
        CreateRequest request = CreateRequest.v1(call.json());
        Instance i = lifecycle.create(call.pathParam("project_id"), request, call.principal().userId(),
                call.header(PROFILE_HEADER));
        return Reply.ok(PlatformInstanceView.of(i));
    }

    /** {@code POST /v3/{project_id}/roma/instances} (CreateRomaInstanceV3): 200 with the new instance's id. */
    Reply createV3(Call call) {
        CreateRequest request = CreateRequest.v3(call.json());
        Instance i = lifecycle.create(call.pathParam("project_id"), request, call.principal().userId(),
                call.header(PROFILE_HEADER));
        return Reply.ok(new CreatedV3(i.id(), i.id(), i.name(), i.coarseStatus().name()));
    }

    /** {@code DELETE /v1/{project_id}/roma/instances/{instance_id}}: 202, the deletion runs on. */
    Reply deleteV1(Call call) {
        Instance i = lifecycle.delete(call.pathParam("project_id"), InstanceEndpoints.instanceId(call),
                call.header(PROFILE_HEADER));
        return Reply.json(202, new Accepted(i.id(), i.coarseStatus().name()));
    }

    /** {@code GET /v2/{project_id}/instances/{instance_id}/process}. */
    Reply progress(Call call) {
        return Reply.ok(lifecycle.progress(call.pathParam("project_id"), InstanceEndpoints.instanceId(call)));
    }

    /** {@code PUT /v2/{project_id}/apic/instances/{instance_id}} (extension, after APIG's UpdateInstanceV2). */
    Reply update(Call call) {
        Instance i = instances.update(call.pathParam("project_id"), InstanceEndpoints.instanceId(call),
                Bind.body(call.json(), InstanceUpdate.class));
        return Reply.ok(ApicDetailView.of(i));
    }

    record CreatedV3(@JsonProperty("id") String id, @JsonProperty("instance_id") String instanceId,
                     @JsonProperty("name") String name, @JsonProperty("status") String status) {
    }

    record Accepted(@JsonProperty("instance_id") String instanceId, @JsonProperty("status") String status) {
    }
}
