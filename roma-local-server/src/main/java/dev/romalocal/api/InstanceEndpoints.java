package dev.romalocal.api;

import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.instance.InstanceService;
import dev.romalocal.instance.Rules;
import dev.romalocal.instance.view.InstanceViews;
import dev.romalocal.instance.view.PlatformInstanceView;

/**
 * The real service's read APIs: the APIC detail and restriction views, the platform list and detail, and the V3
 * list.
 */
final class InstanceEndpoints {
    private final InstanceService instances;
    private final InstanceViews views;

    InstanceEndpoints(InstanceService instances, InstanceViews views) {
        this.instances = instances;
        this.views = views;
    }

    /** {@code GET /v2/{project_id}/apic/instances/{instance_id}}: the founding page. */
    Reply apicDetail(Call call) {
        return Reply.bytes(200, views.apicDetail(call.pathParam("project_id"), instanceId(call)));
    }

    /** {@code GET /v2/{project_id}/apic/instances/{instance_id}/restriction}. */
    Reply restriction(Call call) {
        return Reply.ok(views.restriction(call.pathParam("project_id"), instanceId(call)));
    }

    /** {@code GET /v2/{project_id}/instances} with {@code status}, {@code offset}, {@code limit}, {@code id}. */
    Reply platformList(Call call) {
        ListQuery q = ListQuery.of(call);
        return Reply.bytes(200, views.list(call.pathParam("project_id"), q.status(), q.id(), q.offset(),
                q.limit()));
    }

    /**
     * {@code GET /v3/{project_id}/roma/instances} (ListRomaInstancesV3) with {@code category}, {@code status},
     * {@code offset}, {@code limit}.
     */
    Reply v3List(Call call) {
        ListQuery q = ListQuery.of(call);
        String category = call.query("category");
        return Reply.bytes(200, views.v3List(call.pathParam("project_id"), q.status(), category, q.offset(),
                q.limit()));
    }

    /** The list's query parameters, validated. */
    private record ListQuery(String status, String id, int offset, int limit) {
        static ListQuery of(Call call) {
            int offset = intParam(call, "offset", 0, 0, Integer.MAX_VALUE);
            int limit = intParam(call, "limit", 10, 1, 100);
            String status = call.query("status");
            if (status != null && (status.length() < 3 || status.length() > 128)) {
                throw new InvalidParameterException("status", "must be 3 to 128 characters");
            }
            String id = call.query("id");
            if (id != null) {
                Rules.instanceId("id", id);
            }
            return new ListQuery(status, id, offset, limit);
        }
    }

    /** {@code GET /v2/{project_id}/instances/{instance_id}}: the platform (RomaInstance) detail. */
    Reply platformDetail(Call call) {
        return Reply.ok(PlatformInstanceView.of(instances.get(call.pathParam("project_id"), instanceId(call))));
    }

    static String instanceId(Call call) {
        return Rules.instanceId("instance_id", call.pathParam("instance_id"));
    }

    static int intParam(Call call, String name, int dflt, int min, int max) {
        String raw = call.query(name);
        if (raw == null || raw.isEmpty()) {
            return dflt;
        }
        long v;
        try {
            v = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(name, "must be an integer from " + min + " to " + max);
        }
        if (v < min || v > max) {
            throw new InvalidParameterException(name, "must be an integer from " + min + " to " + max);
        }
        return (int) v;
    }
}
