package dev.romalocal.api;

import dev.romalocal.health.HealthProber;
import dev.romalocal.instance.Rules;

/** The live listener health checks' view (an extension; docs/api.md, "Live health checks"). */
final class HealthEndpoints {
    private final HealthProber prober;

    HealthEndpoints(HealthProber prober) {
        this.prober = prober;
    }

    /** {@code GET /_roma_local/projects/{project_id}/instances/{instance_id}/health}. */
    Reply show(Call call) {
        return Reply.ok(prober.view(Rules.projectId("project_id", call.pathParam("project_id")),
                InstanceEndpoints.instanceId(call)));
    }
}
