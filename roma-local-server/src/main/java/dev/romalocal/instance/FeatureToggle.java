package dev.romalocal.instance;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.romalocal.json.OneOf;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A feature setting (the SDK's FeatureToggleV2): the body of CreateFeatureV2
 * ({@code POST /v2/{project_id}/apic/instances/{instance_id}/features}) and an item of a document's
 * {@code features}. {@code name} is one of the SDK's FeatureInfoV2 names; the instance must also support it (its
 * {@code supported_features}), which is checked against the instance. {@code config} is kept as the string given.
 */
@JsonClassDescription("name: one of the SDK's feature names, and one of the instance's supported_features")
public record FeatureToggle(
        @NotEmpty
        @OneOf({"lts", "gateway_responses", "ratelimit", "request_body_size", "backend_timeout", "app_token",
                "app_api_key", "app_basic", "app_secret", "app_jwt", "public_key", "backend_token_allow",
                "sign_basic", "multi_auth", "backend_client_certificate", "ssl_ciphers", "app_config",
                "green_tunnel", "app_route", "default_group_hide", "cascade", "sandbox", "livedata_config",
                "apiclient_first_use_x_hw_id", "cors", "api_task", "app_quota", "app_acl", "vpc_backup",
                "throttle_strategy", "kafka_log_plugin_options", "gzip", "js_invocable_cache_size"})
        String name,
        @NotNull Boolean enable,
        @Size(max = MAX_CONFIG) @JsonPropertyDescription("kept as the string given, at most 8192 characters")
        String config) {

    /** The longest {@code config} kept (an instance holds at most one per feature name). */
    public static final int MAX_CONFIG = 8192;

    /** This setting as the instance stores it, set at {@code at} (epoch ms). */
    public Instance.Feature toFeature(String instanceId, Long at) {
        return new Instance.Feature(instanceId == null ? null : InstanceDefaults.featureId(instanceId, name), name,
                enable, config, at);
    }
}
