package dev.romalocal.instance.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.romalocal.instance.Instance;

import java.util.List;

/** The feature views: CreateFeatureV2's answer and ListFeaturesV2's items (the SDK's FeatureInfoV2), and the list. */
public final class FeatureViews {
    private FeatureViews() {
    }

    /** FeatureInfoV2: {@code update_time} an ISO-8601 UTC date-time (the SDK reads an OffsetDateTime). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Info(@JsonProperty("id") String id,
                       @JsonProperty("name") String name,
                       @JsonProperty("enable") boolean enable,
                       @JsonProperty("config") String config,
                       @JsonProperty("instance_id") String instanceId,
                       @JsonProperty("update_time") String updateTime) {

        public static Info of(String instanceId, Instance.Feature f) {
            return new Info(f.id(), f.name(), f.enable(), f.config(), instanceId,
                    Platform.time(f.updateTime() == null ? 0 : f.updateTime()));
        }
    }

    /** ListFeaturesV2: {@code size} (this page) and {@code total} (every configured feature). */
    public record Page(@JsonProperty("size") int size, @JsonProperty("total") long total,
                       @JsonProperty("features") List<Info> features) {
    }

    /** A page of an instance's configured features, in the order they were first set. */
    public static Page page(Instance i, long offset, int limit) {
        List<Instance.Feature> all = i.features() == null ? List.of() : i.features();
        List<Info> items = Pages.slice(all, offset, limit).stream().map(f -> Info.of(i.id(), f)).toList();
        return new Page(items.size(), all.size(), items);
    }

    /** ListTagsV2: the tags of the APIs of the instance (set by its document), a page of them. */
    public record Tags(@JsonProperty("size") int size, @JsonProperty("total") long total,
                       @JsonProperty("tags") List<String> tags) {

        public static Tags page(Instance i, long offset, int limit) {
            List<String> all = i.tags() == null ? List.of() : i.tags();
            List<String> items = Pages.slice(all, offset, limit);
            return new Tags(items.size(), all.size(), items);
        }
    }
}
