package dev.romalocal.api;

import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.instance.FeatureToggle;
import dev.romalocal.instance.Instance;
import dev.romalocal.instance.InstanceService;
import dev.romalocal.instance.view.FeatureViews;
import dev.romalocal.instance.view.InstanceViews;
import dev.romalocal.instance.view.LiveDataQuotaView;
import dev.romalocal.json.Bind;

/**
 * The instance configuration APIs of the APIC family: features (list, create or replace), the tags of the
 * instance's APIs and its LiveData quotas. The reads come from memory when the instance is cached.
 */
final class ConfigEndpoints {
    /** ListFeaturesV2's and ListTagsV2's {@code limit}: 1 to 500, 20 when absent. */
    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 500;

    private final InstanceService instances;
    private final InstanceViews views;

    ConfigEndpoints(InstanceService instances, InstanceViews views) {
        this.instances = instances;
        this.views = views;
    }

    /** {@code GET /v2/{project_id}/apic/instances/{instance_id}/features} (ListFeaturesV2). */
    Reply features(Call call) {
        Paging p = Paging.of(call);
        return Reply.ok(FeatureViews.page(instance(call), p.offset(), p.limit()));
    }

    /** {@code POST /v2/{project_id}/apic/instances/{instance_id}/features} (CreateFeatureV2): 201. */
    Reply createFeature(Call call) {
        FeatureToggle setting = Bind.body(call.json(), FeatureToggle.class);
        String instanceId = InstanceEndpoints.instanceId(call);
        Instance.Feature f = instances.configureFeature(call.pathParam("project_id"), instanceId, setting);
        return Reply.json(201, FeatureViews.Info.of(instanceId, f));
    }

    /** {@code GET /v2/{project_id}/apic/instances/{instance_id}/tags} (ListTagsV2). */
    Reply tags(Call call) {
        Paging p = Paging.of(call);
        return Reply.ok(FeatureViews.Tags.page(instance(call), p.offset(), p.limit()));
    }

    /** {@code GET /v2/{project_id}/apic/instances/{instance_id}/livedata-quota} (ListLiveDataQuotaV2). */
    Reply liveDataQuota(Call call) {
        return Reply.ok(LiveDataQuotaView.of(instance(call)));
    }

    private Instance instance(Call call) {
        return views.instance(call.pathParam("project_id"), InstanceEndpoints.instanceId(call));
    }

    /**
     * {@code offset} (a long; below 0 reads as 0, as the API pages say) and {@code limit} (1-500, default 20); a
     * value that is no integer, or a limit out of range, is a 400 naming it.
     */
    private record Paging(long offset, int limit) {
        static Paging of(Call call) {
            String raw = call.query("offset");
            long offset = 0;
            if (raw != null && !raw.isEmpty()) {
                try {
                    offset = Math.max(0, Long.parseLong(raw));
                } catch (NumberFormatException e) {
                    throw new InvalidParameterException("offset", "must be an integer (below 0 reads as 0)");
                }
            }
            return new Paging(offset, InstanceEndpoints.intParam(call, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT));
        }
    }
}
