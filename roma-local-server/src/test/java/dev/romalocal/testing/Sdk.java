package dev.romalocal.testing;

import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.auth.GlobalCredentials;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.iam.v3.IamClient;
import com.huaweicloud.sdk.roma.v2.RomaClient;
import dev.romalocal.config.Settings;

/** Official-SDK clients pointed at a running ROMA Local. */
public final class Sdk {
    private Sdk() {
    }

    public static RomaClient roma(String endpoint) {
        return roma(endpoint, Settings.DEFAULT_ACCESS_KEY, Settings.DEFAULT_SECRET_KEY, Settings.DEFAULT_PROJECT_ID);
    }

    public static RomaClient roma(String endpoint, String ak, String sk, String projectId) {
        BasicCredentials credentials = new BasicCredentials().withAk(ak).withSk(sk);
        if (projectId != null) {
            credentials.withProjectId(projectId);
        }
        return RomaClient.newBuilder()
                .withCredential(credentials)
                .withEndpoint(endpoint)
                .withHttpConfig(HttpConfig.getDefaultHttpConfig().withTimeout(30))
                .build();
    }

    /** The IAM client as teams build it: GlobalCredentials (AK/SK and the account id), the IAM endpoint. */
    public static IamClient iam(String endpoint, String ak, String sk, String domainId) {
        return IamClient.newBuilder()
                .withCredential(new GlobalCredentials().withAk(ak).withSk(sk).withDomainId(domainId))
                .withEndpoint(endpoint)
                .withHttpConfig(HttpConfig.getDefaultHttpConfig().withTimeout(30))
                .build();
    }
}
