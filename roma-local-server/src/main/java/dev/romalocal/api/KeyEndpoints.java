package dev.romalocal.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.romalocal.iam.KeyService;
import dev.romalocal.iam.KeyStore;
import dev.romalocal.iam.Principal;
import dev.romalocal.json.Bind;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * IAM access keys as {@code huaweicloud-sdk-iam} calls them: permanent keys (create, list, show, update, delete)
 * and temporary keys obtained with a token. Secrets appear only in the create answers and are never logged.
 */
final class KeyEndpoints {
    /** IAM's times: UTC with microseconds, {@code 2020-01-08T02:26:19.397000Z}. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'000Z'")
            .withZone(ZoneOffset.UTC);

    private final KeyService keys;

    KeyEndpoints(KeyService keys) {
        this.keys = keys;
    }

    /** {@code POST /v3.0/OS-CREDENTIAL/credentials}: 201, the secret key shown this once. */
    Reply create(Call call) {
        KeyService.Created created = keys.create(call.principal(),
                Bind.body(call.json(), KeyService.CreateKey.class).credential());
        KeyStore.KeyRow k = created.key();
        return Reply.json(201, new CreatedEnvelope(new CreatedView(time(k.createdAt()), k.accessKey(),
                created.secret(), status(k), k.userId(), k.description())));
    }

    /** {@code GET /v3.0/OS-CREDENTIAL/credentials[?user_id=]}. */
    Reply list(Call call) {
        List<KeyView> views = keys.list(call.principal(), call.query("user_id")).stream().map(KeyEndpoints::view)
                .toList();
        return Reply.ok(new KeyList(views));
    }

    /** {@code GET /v3.0/OS-CREDENTIAL/credentials/{access_key}}. */
    Reply show(Call call) {
        return Reply.ok(new KeyEnvelope(view(keys.show(call.principal(), call.pathParam("access_key")))));
    }

    /** {@code PUT /v3.0/OS-CREDENTIAL/credentials/{access_key}}. */
    Reply update(Call call) {
        return Reply.ok(new KeyEnvelope(view(keys.update(call.principal(), call.pathParam("access_key"),
                Bind.body(call.json(), KeyService.UpdateKey.class).credential()))));
    }

    /** {@code DELETE /v3.0/OS-CREDENTIAL/credentials/{access_key}}: 204. */
    Reply delete(Call call) {
        keys.delete(call.principal(), call.pathParam("access_key"));
        return Reply.empty(204);
    }

    /** {@code POST /v3.0/OS-CREDENTIAL/securitytokens}: 201 with access, secret, securitytoken, expires_at. */
    Reply createTemporary(Call call) {
        Principal p = call.principal();
        String callerToken = p.method() == Principal.Method.TOKEN ? call.header("X-Auth-Token") : null;
        KeyService.Temporary t = keys.createTemporary(p,
                Bind.body(call.json(), KeyService.CreateTemporaryKey.class).auth().identity(), callerToken);
        return Reply.json(201, new TemporaryEnvelope(new TemporaryView(time(t.expiresAt()), t.accessKey(),
                t.secret(), t.securityToken())));
    }

    static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    private static String status(KeyStore.KeyRow k) {
        return k.enabled() ? "active" : "inactive";
    }

    private static KeyView view(KeyStore.KeyRow k) {
        return new KeyView(k.userId(), k.accessKey(), status(k), time(k.createdAt()), k.description());
    }

    record CreatedEnvelope(@JsonProperty("credential") CreatedView credential) {
    }

    record CreatedView(@JsonProperty("create_time") String createTime, @JsonProperty("access") String access,
                       @JsonProperty("secret") String secret, @JsonProperty("status") String status,
                       @JsonProperty("user_id") String userId, @JsonProperty("description") String description) {
    }

    record KeyList(@JsonProperty("credentials") List<KeyView> credentials) {
    }

    record KeyEnvelope(@JsonProperty("credential") KeyView credential) {
    }

    record KeyView(@JsonProperty("user_id") String userId, @JsonProperty("access") String access,
                   @JsonProperty("status") String status, @JsonProperty("create_time") String createTime,
                   @JsonProperty("description") String description) {
    }

    record TemporaryEnvelope(@JsonProperty("credential") TemporaryView credential) {
    }

    record TemporaryView(@JsonProperty("expires_at") String expiresAt, @JsonProperty("access") String access,
                         @JsonProperty("secret") String secret,
                         @JsonProperty("securitytoken") String securityToken) {
    }
}
