package dev.romalocal.examples;

import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.roma.v2.RomaClient;
import com.huaweicloud.sdk.roma.v2.model.ShowDetailsOfInstanceV2Request;
import com.huaweicloud.sdk.roma.v2.model.ShowDetailsOfInstanceV2Response;

/** Reads one instance with the official SDK: {@code java ReadAnInstance [endpoint] [instance id]}. */
public class ReadAnInstance {
    public static void main(String[] args) {
        String endpoint = args.length > 0 ? args[0] : "http://127.0.0.1:9090";
        String instanceId = args.length > 1 ? args[1] : "demo-1";
        System.out.println(read(endpoint, instanceId));
    }

    public static ShowDetailsOfInstanceV2Response read(String endpoint, String instanceId) {
        // The built-in access key of ROMA Local's admin user, and its built-in project.
        BasicCredentials credentials = new BasicCredentials()
                .withAk("ROMALOCALACCESSKEY01")
                .withSk("romalocal-secret-key-0000000000000000000")
                .withProjectId("0123456789abcdef0123456789abcdef");
        RomaClient client = RomaClient.newBuilder()
                .withCredential(credentials)
                .withEndpoint(endpoint)
                .build();
        return client.showDetailsOfInstanceV2(new ShowDetailsOfInstanceV2Request().withInstanceId(instanceId));
    }
}
