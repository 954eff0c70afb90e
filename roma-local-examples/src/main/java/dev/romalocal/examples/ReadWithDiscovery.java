package dev.romalocal.examples;

import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.region.Region;
import com.huaweicloud.sdk.roma.v2.RomaClient;
import com.huaweicloud.sdk.roma.v2.model.ShowDetailsOfInstanceV2Request;
import com.huaweicloud.sdk.roma.v2.model.ShowDetailsOfInstanceV2Response;

/**
 * The same read, letting the SDK discover the project id from the region's name, as code written for the real
 * cloud usually does: {@code java ReadWithDiscovery [endpoint] [instance id]}.
 */
public class ReadWithDiscovery {
    public static void main(String[] args) {
        String endpoint = args.length > 0 ? args[0] : "http://127.0.0.1:9090";
        String instanceId = args.length > 1 ? args[1] : "demo-1";
        System.out.println(read(endpoint, instanceId));
    }

    public static ShowDetailsOfInstanceV2Response read(String endpoint, String instanceId) {
        BasicCredentials credentials = new BasicCredentials()
                .withAk("ROMALOCALACCESSKEY01")
                .withSk("romalocal-secret-key-0000000000000000000")
                // Required: without it the SDK asks the real cloud's IAM for the project id.
                .withIamEndpoint(endpoint);
        RomaClient client = RomaClient.newBuilder()
                .withCredential(credentials)
                .withRegion(new Region("cn-north-4", endpoint))
                .build();
        return client.showDetailsOfInstanceV2(new ShowDetailsOfInstanceV2Request().withInstanceId(instanceId));
    }
}
