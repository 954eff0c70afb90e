package dev.romalocal.junit5;

import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.auth.GlobalCredentials;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.iam.v3.IamClient;
import com.huaweicloud.sdk.roma.v2.RomaClient;

/**
 * Official SDK clients pointed at a test server. The SDK is an optional dependency: this class is loaded only when
 * a client is asked for ({@link RomaLocalServer#client(Class)}); which types those are is decided by name
 * ({@link SdkTypes}), without it.
 */
final class SdkClients {
    private SdkClients() {
    }

    static Object create(String typeName, RomaLocalServer server) {
        return switch (typeName) {
            case SdkTypes.ROMA_CLIENT -> roma(server);
            case SdkTypes.IAM_CLIENT -> iam(server);
            default -> throw new IllegalArgumentException("no SDK client of type " + typeName
                    + " (RomaClient and IamClient are supported)");
        };
    }

    /** AK/SK of the built-in admin, the built-in project, the server's endpoint. */
    private static RomaClient roma(RomaLocalServer server) {
        return RomaClient.newBuilder()
                .withCredential(new BasicCredentials().withAk(server.credentials().accessKey())
                        .withSk(server.credentials().secretKey()).withProjectId(server.credentials().projectId()))
                .withEndpoint(server.endpoint().toString())
                .withHttpConfig(HttpConfig.getDefaultHttpConfig().withTimeout(60))
                .build();
    }

    /** AK/SK of the built-in admin and its account (so the SDK never looks the account up elsewhere). */
    private static IamClient iam(RomaLocalServer server) {
        return IamClient.newBuilder()
                .withCredential(new GlobalCredentials().withAk(server.credentials().accessKey())
                        .withSk(server.credentials().secretKey()).withDomainId(server.domainId()))
                .withEndpoint(server.endpoint().toString())
                .withHttpConfig(HttpConfig.getDefaultHttpConfig().withTimeout(60))
                .build();
    }
}
