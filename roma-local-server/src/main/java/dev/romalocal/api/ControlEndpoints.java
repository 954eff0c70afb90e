package dev.romalocal.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.iam.IamService;
import dev.romalocal.instance.Instance;
import dev.romalocal.instance.InstanceService;
import dev.romalocal.instance.Rules;
import dev.romalocal.instance.Seeder;
import dev.romalocal.instance.view.ApicDetailView;

import java.nio.file.Path;
import java.util.function.Supplier;

/** The emulator's own control API under {@code /_roma_local/} (an extension; see docs/api.md). */
final class ControlEndpoints {
    private final InstanceService instances;
    private final IamService iam;
    private final Seeder seeder;
    private final Path seedFile;
    private final Supplier<String> storeKind;

    ControlEndpoints(InstanceService instances, IamService iam, Seeder seeder, Path seedFile,
                     Supplier<String> storeKind) {
        this.instances = instances;
        this.iam = iam;
        this.seeder = seeder;
        this.seedFile = seedFile;
        this.storeKind = storeKind;
    }

    /** {@code GET /_roma_local/health}: no credentials needed. */
    Reply health(Call call) {
        return Reply.ok(new Health("UP", storeKind.get()));
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

    /** {@code POST /_roma_local/reset}: every instance goes; the seed file, if any, is applied again. */
    Reply reset(Call call) {
        int deleted = instances.removeAll();
        int seeded = seedFile == null ? 0 : seeder.apply(seedFile, call.principal().userId());
        return Reply.ok(new ResetResult(deleted, seeded));
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

    record Health(@JsonProperty("status") String status, @JsonProperty("store") String store) {
    }

    record ResetResult(@JsonProperty("deleted_instances") int deletedInstances,
                       @JsonProperty("seeded_instances") int seededInstances) {
    }
}
