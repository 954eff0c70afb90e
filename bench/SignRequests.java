import com.huaweicloud.sdk.core.auth.AKSKSigner;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Pre-signs GET /v2/{project}/apic/instances/{id} requests with the OFFICIAL Huawei Cloud SDK signer
 * ({@code AKSKSigner.getInstance().sign(HttpRequest, BasicCredentials)} from huaweicloud-sdk-core), for
 * bench/wrk/aksk.lua. Each request has its own instance id and User-Agent, so every signature differs; all share
 * one X-Sdk-Date (now), which the server accepts for +-15 minutes.
 *
 * <pre>java -cp SDK_CLASSPATH bench/SignRequests.java ENDPOINT PROJECT_ID AK SK COUNT ID_COUNT OUT_FILE</pre>
 *
 * ENDPOINT is exactly what wrk connects to (http://127.0.0.1:PORT): its authority is the signed Host header.
 * Ids are bench-%06d for 0 .. ID_COUNT-1. Output: one request a line, tab-separated: the path, then
 * "Name: value" header lines (Host, User-Agent, X-Project-Id, X-Sdk-Date, Authorization).
 */
public final class SignRequests {
    public static void main(String[] args) throws IOException {
        if (args.length != 7) {
            System.err.println("usage: SignRequests ENDPOINT PROJECT_ID AK SK COUNT ID_COUNT OUT_FILE");
            System.exit(2);
        }
        String endpoint = args[0];
        String project = args[1];
        BasicCredentials credentials = new BasicCredentials().withAk(args[2]).withSk(args[3]).withProjectId(project);
        int count = Integer.parseInt(args[4]);
        int idCount = Integer.parseInt(args[5]);
        Path out = Path.of(args[6]);
        String sdkDate = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        String host = java.net.URI.create(endpoint).getRawAuthority();
        AKSKSigner signer = AKSKSigner.getInstance();
        long t0 = System.nanoTime();

        String[] lines = new String[count];
        IntStream.range(0, count).parallel().forEach(n -> {
            String path = String.format("/v2/%s/apic/instances/bench-%06d", project, (int) ((n * 7919L) % idCount));
            String userAgent = "roma-local-bench/1 req-" + n;
            HttpRequest request = HttpRequest.newBuilder()
                    .withEndpoint(endpoint)
                    .withPath(path)
                    .withMethod(HttpMethod.GET)
                    .addHeader("User-Agent", userAgent)
                    .addHeader("X-Project-Id", project)
                    .addHeader("X-Sdk-Date", sdkDate)
                    .build();
            Map<String, String> signed = signer.sign(request, credentials);
            String authorization = signed.get("Authorization");
            if (authorization == null) {
                throw new IllegalStateException("the signer returned no Authorization header: " + signed.keySet());
            }
            String signedHost = signed.getOrDefault("Host", host);
            lines[n] = path
                    + "\tHost: " + signedHost
                    + "\tUser-Agent: " + userAgent
                    + "\tX-Project-Id: " + project
                    + "\tX-Sdk-Date: " + sdkDate
                    + "\tAuthorization: " + authorization;
        });
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (String line : lines) {
                w.write(line);
                w.write('\n');
            }
        }
        System.err.printf("signed %d requests with the Huawei Cloud SDK signer in %d ms (X-Sdk-Date %s, Host %s)%n",
                count, (System.nanoTime() - t0) / 1_000_000, sdkDate, host);
    }
}
