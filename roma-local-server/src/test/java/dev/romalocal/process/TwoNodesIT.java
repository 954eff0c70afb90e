package dev.romalocal.process;

import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.config.Settings;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.ServerProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two server processes on one PostgreSQL database: 200 creates spread over both, from 8 client threads, all in
 * one subnet. Every instance reaches Running exactly once and no address is handed out twice.
 */
class TwoNodesIT {
    static final String PROJECT = Settings.DEFAULT_PROJECT_ID;

    @Test
    void twoHundredCreatesOverTwoNodes() throws Exception {
        try (Backend.Store store = Backend.POSTGRES.fresh()) {
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            List<String> env = List.of("ROMA_LOCAL_MASTER_KEY=" + Base64.getEncoder().encodeToString(key));
            List<String> flags = ProcessFlags.forStore(store, "--instance-quota", "1000", "--workers", "2");
            java.nio.file.Path dirA = store.dataDir().resolve("a");
            java.nio.file.Path dirB = store.dataDir().resolve("b");
            try (ServerProcess a = ServerProcess.start(dirA, flags, env)) {
                Http httpA = new Http(a.awaitEndpoint(Duration.ofSeconds(60)));
                try (ServerProcess b = ServerProcess.start(dirB, flags, env)) {
                    Http httpB = new Http(b.awaitEndpoint(Duration.ofSeconds(60)));
                    String token = httpA.adminToken();
                    assertThat(httpB.withToken("GET", "/v2/" + PROJECT + "/instances", token, null).status())
                            .as("a token issued by one node works on the other").isEqualTo(200);
                    ok(httpA.withToken("PUT", "/_roma_local/subnets/subnet-shared", token,
                            "{\"cidr\":\"10.20.0.0/21\"}"));
                    List<String> ids = Collections.synchronizedList(new ArrayList<>());
                    ExecutorService pool = Executors.newFixedThreadPool(8);
                    List<Future<?>> futures = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        Http node = i % 2 == 0 ? httpA : httpB;
                        int n = i;
                        futures.add(pool.submit(() -> ids.add(node.createV1(token, "shared-" + n, "subnet-shared",
                                "0.05"))));
                    }
                    for (Future<?> f : futures) {
                        f.get();
                    }
                    pool.shutdown();
                    // Let both nodes' workers run, then settle what is left.
                    ok(httpB.withToken("POST", "/_roma_local/clock/advance", token, "{\"seconds\":0}"));
                    ok(httpA.withToken("POST", "/_roma_local/clock/advance", token, "{\"seconds\":5}"));
                    Set<String> addresses = new HashSet<>();
                    Set<String> nodes = new HashSet<>();
                    for (String id : ids) {
                        JsonNode d = httpA.withToken("GET", "/v2/" + PROJECT + "/apic/instances/" + id, token, null)
                                .json();
                        assertThat(d.get("status").asText()).as(id).isEqualTo("Running");
                        assertThat(addresses.add(d.get("ingress_ip").asText())).as("ingress of " + id).isTrue();
                        d.at("/node_ips/livedata").forEach(n -> assertThat(addresses.add(n.asText())).isTrue());
                        d.at("/node_ips/shubao").forEach(n -> assertThat(addresses.add(n.asText())).isTrue());
                        JsonNode events = httpB.withToken("GET", "/_roma_local/projects/" + PROJECT + "/instances/"
                                + id + "/events", token, null).json().get("events");
                        int running = 0;
                        for (JsonNode e : events) {
                            running += "Running".equals(e.path("to").asText()) ? 1 : 0;
                            nodes.add(e.get("node").asText());
                        }
                        assertThat(running).as("Running exactly once: " + id).isEqualTo(1);
                        assertThat(events).hasSize(6);
                    }
                    assertThat(ids).hasSize(200);
                    assertThat(addresses).hasSize(1000);
                    assertThat(nodes).as("both nodes did work").hasSizeGreaterThanOrEqualTo(2);
                }
            }
        }
    }

    private static void ok(Http.Response r) {
        assertThat(r.status()).as(r.text()).isBetween(200, 299);
    }
}
