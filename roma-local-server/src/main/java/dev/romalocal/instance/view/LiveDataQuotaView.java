package dev.romalocal.instance.view;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.romalocal.instance.Instance;
import dev.romalocal.instance.InstanceDefaults;

/**
 * ListLiveDataQuotaV2 ({@code GET /v2/{project_id}/apic/instances/{instance_id}/livedata-quota}): every field a
 * string, as the SDK models them; the values are the instance's ({@link Instance.LiveDataQuota}), absent ones the
 * edition's ({@link InstanceDefaults#liveDataQuota}).
 */
public record LiveDataQuotaView(@JsonProperty("datasource") String datasource,
                                @JsonProperty("api") String api,
                                @JsonProperty("scripts") String scripts,
                                @JsonProperty("datasource_used") String datasourceUsed,
                                @JsonProperty("api_used") String apiUsed) {

    public static LiveDataQuotaView of(Instance i) {
        Instance.LiveDataQuota q = InstanceDefaults.liveDataQuota(i.spec(), i.livedataQuota());
        return new LiveDataQuotaView(String.valueOf(q.datasource()), String.valueOf(q.api()),
                String.valueOf(q.scripts()), String.valueOf(q.datasourceUsed()), String.valueOf(q.apiUsed()));
    }
}
