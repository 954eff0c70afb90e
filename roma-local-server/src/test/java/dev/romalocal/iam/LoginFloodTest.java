package dev.romalocal.iam;

import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.config.Settings;
import dev.romalocal.contract.ServerFixture;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 300 concurrent wrong-password logins do not stall the server: password hashing has its own small pool, logins
 * beyond what it admits are refused at once (429 APIGW.0308 with Retry-After), and the founding GET stays fast.
 *
 * <p>The bound is a p99 under 50 ms for the GETs measured during the flood. The machine is shared (other builds
 * run beside the tests), so a flood that misses it is tried again, up to {@link #ATTEMPTS} times, and every
 * attempt's answers must be right. When the machine is shown to be overloaded on its own (the same GETs measured
 * just before the flood already have a p99 of 10 ms or more, ten times the usual), the bound is what the flood
 * adds: the p99 during it under the quiet p99 plus 50 ms. Without the pool (hashing on every worker thread) the
 * flood keeps both cores busy for seconds and no attempt comes near either bound.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class LoginFloodTest extends ServerFixture {
    private static final int FLOOD = 300;
    private static final int ATTEMPTS = 5;
    private static final long OVERLOADED_QUIET_P99_MICROS = 10_000;
    private static final long P99_BOUND_MICROS = 50_000;

    private HttpClient floodClient;
    private String wrong;

    private List<CompletableFuture<HttpResponse<String>>> flood() {
        List<CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            flood.add(floodClient.sendAsync(HttpRequest.newBuilder(URI.create(http.endpoint()
                                    + "/v3/auth/tokens")).timeout(Duration.ofSeconds(60))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(wrong)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        return flood;
    }

    @Test
    void wrongPasswordFloodLeavesOtherRoutesAnswering() throws Exception {
        upsertOk("flood-1", "{}");
        String detail = "/v2/" + PROJECT + "/apic/instances/flood-1";
        for (int i = 0; i < 200; i++) {
            expect(get(detail), 200); // warm: token and view cached, JIT
        }
        floodClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        wrong = Http.tokenBody(Settings.DEFAULT_DOMAIN, Settings.DEFAULT_ADMIN_USER, "wrong-password", null);
        // A first flood, not measured, warms the login path and the flood's own client (JIT, and 300 open
        // keep-alive connections): the measured ones then show the server's work, not the client's handshakes.
        CompletableFuture.allOf(flood().toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        List<String> attempts = new ArrayList<>();
        boolean met = false;
        for (int attempt = 0; attempt < ATTEMPTS && !met; attempt++) {
            List<Long> quiet = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                long t0 = System.nanoTime();
                expect(get(detail), 200);
                quiet.add((System.nanoTime() - t0) / 1_000);
            }
            Collections.sort(quiet);
            long quietP99 = quiet.get(197);
            List<CompletableFuture<HttpResponse<String>>> flood = flood();
            CompletableFuture<Void> all = CompletableFuture.allOf(flood.toArray(CompletableFuture[]::new));
            List<Long> micros = new ArrayList<>();
            long workerRouteMillis = -1;
            while (!all.isDone() || micros.size() < 50) {
                long t0 = System.nanoTime();
                expect(get(detail), 200);
                micros.add((System.nanoTime() - t0) / 1_000);
                if (workerRouteMillis < 0 && micros.size() == 10) {
                    // A route that runs on a worker thread and reads the store answers too.
                    long w0 = System.nanoTime();
                    expect(get(detail + "/restriction"), 200);
                    workerRouteMillis = (System.nanoTime() - w0) / 1_000_000;
                }
            }
            all.get(60, TimeUnit.SECONDS);

            int refused = 0;
            int throttled = 0;
            for (CompletableFuture<HttpResponse<String>> f : flood) {
                HttpResponse<String> r = f.get();
                JsonNode body = Http.JSON.readTree(r.body());
                String code = body.path("error_code").asText();
                if (r.statusCode() == 401) {
                    assertThat(code).isEqualTo("IAM.0001");
                    refused++;
                } else {
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
                    assertThat(code).isEqualTo("APIGW.0308");
                    assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
                    throttled++;
                }
            }
            assertThat(refused + throttled).isEqualTo(FLOOD);
            assertThat(refused).as("some passwords were really checked").isPositive();
            assertThat(workerRouteMillis).as("a worker route during the flood, ms").isBetween(0L, 2_000L);

            Collections.sort(micros);
            long p99 = micros.get((int) Math.ceil(micros.size() * 0.99) - 1);
            long bound = quietP99 >= OVERLOADED_QUIET_P99_MICROS ? quietP99 + P99_BOUND_MICROS : P99_BOUND_MICROS;
            met = p99 < bound;
            attempts.add(String.format("%d refused, %d throttled; %d GETs, p50 %d us, p99 %d us, max %d us; "
                            + "worker route %d ms; without the flood p99 %d us", refused, throttled, micros.size(),
                    micros.get(micros.size() / 2), p99, micros.get(micros.size() - 1), workerRouteMillis,
                    quietP99) + (met ? " -> within " + bound + " us" : ""));
        }
        System.out.println("login flood (" + backend() + "): " + String.join(" | ", attempts));
        assertThat(met).as("p99 of the cached GET during the flood within the bound in one attempt: %s", attempts)
                .isTrue();

        // The right password still works once the flood is over.
        assertThat(http.adminToken()).isNotEmpty();
    }
}
