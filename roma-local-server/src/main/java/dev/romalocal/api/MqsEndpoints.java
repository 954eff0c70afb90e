package dev.romalocal.api;

import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.instance.view.InstanceViews;
import dev.romalocal.instance.view.MqsInstanceView;

/** The MQS (Kafka) views of the instances: ListMqsInstance and ShowMqsInstance, derived from each ROMA instance. */
final class MqsEndpoints {
    private final InstanceViews views;

    MqsEndpoints(InstanceViews views) {
        this.views = views;
    }

    /** {@code GET /v2/{project_id}/mqs/instances?include_internal=true} (ListMqsInstance). */
    Reply list(Call call) {
        String includeInternal = call.query("include_internal");
        if (includeInternal == null || includeInternal.isEmpty()) {
            throw new InvalidParameterException("include_internal", "is required and must be true");
        }
        if (!includeInternal.equals("true")) {
            throw new InvalidParameterException("include_internal", "must be true");
        }
        return Reply.bytes(200, views.mqsList(call.pathParam("project_id")));
    }

    /** {@code GET /v2/{project_id}/mqs/instances/{instance_id}} (ShowMqsInstance): the ROMA instance's id. */
    Reply show(Call call) {
        return Reply.ok(MqsInstanceView.of(views.instance(call.pathParam("project_id"),
                InstanceEndpoints.instanceId(call))));
    }
}
