package dev.romalocal.iam;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The body of a token response ({@code {"token": {...}}}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenView(@JsonProperty("token") Body token) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Body(@JsonProperty("methods") List<String> methods,
                       @JsonProperty("expires_at") String expiresAt,
                       @JsonProperty("issued_at") String issuedAt,
                       @JsonProperty("user") User user,
                       @JsonProperty("project") Project project,
                       @JsonProperty("domain") Named domain,
                       @JsonProperty("roles") List<Named> roles,
                       @JsonProperty("catalog") List<Service> catalog) {
    }

    public record Named(@JsonProperty("id") String id, @JsonProperty("name") String name) {
    }

    public record User(@JsonProperty("id") String id, @JsonProperty("name") String name,
                       @JsonProperty("domain") Named domain,
                       @JsonProperty("password_expires_at") String passwordExpiresAt) {
    }

    public record Project(@JsonProperty("id") String id, @JsonProperty("name") String name,
                          @JsonProperty("domain") Named domain) {
    }

    public record Service(@JsonProperty("id") String id, @JsonProperty("name") String name,
                          @JsonProperty("type") String type,
                          @JsonProperty("endpoints") List<Endpoint> endpoints) {
    }

    public record Endpoint(@JsonProperty("id") String id, @JsonProperty("interface") String iface,
                           @JsonProperty("region") String region, @JsonProperty("region_id") String regionId,
                           @JsonProperty("url") String url) {
    }

    static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }
}
