package dev.romalocal.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.huaweicloud.sdk.roma.v2.model.Listener;
import com.huaweicloud.sdk.roma.v2.model.ShowDetailsOfInstanceV2Request;
import com.huaweicloud.sdk.roma.v2.model.ShowDetailsOfInstanceV2Response;
import dev.romalocal.testing.Addresses;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.Sdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * IPv6 listeners (API page, Table 5 {@code ip_version}): a listener of version 6 holds IPv6 backend addresses, one
 * of version 4 (or none) IPv4 ones; the control API refuses the other version naming the listener, and every view
 * gives the addresses back as they were written (the upsert's answer, the APIC detail raw and through the official
 * SDK, a seeded copy). Addresses are generated from a seed.
 */
@ParameterizedClass
@EnumSource(Backend.class)
class Ipv6ListenersTest extends ServerFixture {
    private static final long SEED = 6_2025L;

    /** A document with one listener of each version and a few generated addresses in each. */
    private static ObjectNode document(Addresses gen, SplittableRandom random) {
        ObjectNode doc = Http.JSON.createObjectNode();
        ArrayNode ls = doc.putArray("listeners");
        for (int version : new int[] {6, 4}) {
            ObjectNode l = ls.addObject().put("name", "v" + version).put("port", 1 + random.nextInt(65535))
                    .put("ip_version", version);
            ObjectNode backend = l.putObject("backend");
            ArrayNode ips = backend.putArray("ip");
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                ips.add(gen.ip(version == 6));
            }
            backend.put("port", 1 + random.nextInt(65535));
            backend.putObject("health_check").put("protocol", "TCP_CHECK").put("port", 1 + random.nextInt(65535))
                    .put("unhealthy", 3).put("timeout", 5).put("interval", 10);
        }
        return doc;
    }

    @Test
    void everyViewGivesTheAddressesBackAsWritten() {
        Addresses gen = new Addresses(SEED);
        SplittableRandom random = new SplittableRandom(SEED);
        for (int c = 0; c < 20; c++) {
            String id = "v6-" + c;
            ObjectNode doc = document(gen, random);
            JsonNode sent = doc.get("listeners");
            JsonNode answered = upsertOk(id, doc.toString()).json().get("listeners");
            assertThat(answered).isEqualTo(sent);
            assertThat(get("/v2/" + PROJECT + "/apic/instances/" + id).json().get("listeners")).isEqualTo(sent);

            ShowDetailsOfInstanceV2Response r = Sdk.roma(server.endpoint())
                    .showDetailsOfInstanceV2(new ShowDetailsOfInstanceV2Request().withInstanceId(id));
            List<Listener> listeners = r.getListeners();
            assertThat(listeners).hasSize(2);
            for (int l = 0; l < 2; l++) {
                List<String> ips = new ArrayList<>();
                sent.get(l).at("/backend/ip").forEach(ip -> ips.add(ip.asText()));
                assertThat(listeners.get(l).getIpVersion()).isEqualTo(sent.get(l).get("ip_version").asInt());
                assertThat(listeners.get(l).getBackend().getIp()).isEqualTo(ips);
            }

            // The same document through the seed route, under another id.
            ObjectNode seeded = doc.deepCopy().put("id", id + "-seeded").put("project_id", PROJECT);
            expect(admin("POST", "/_roma_local/seed", "[" + seeded + "]"), 200);
            assertThat(get("/v2/" + PROJECT + "/apic/instances/" + id + "-seeded").json().get("listeners"))
                    .isEqualTo(sent);
        }
    }

    @Test
    void anAddressOfTheOtherVersionOrNoAddressIsRefusedNamingTheListener() {
        Addresses gen = new Addresses(SEED + 1);
        SplittableRandom random = new SplittableRandom(SEED + 1);
        upsertOk("v6-kept", document(gen, random).toString());
        JsonNode before = get("/v2/" + PROJECT + "/apic/instances/v6-kept").json().get("listeners");
        for (int c = 0; c < 30; c++) {
            ObjectNode doc = document(gen, random);
            int l = random.nextInt(2); // 0: the IPv6 listener, 1: the IPv4 one
            ArrayNode ips = (ArrayNode) doc.at("/listeners/" + l + "/backend/ip");
            int kind = random.nextInt(3);
            String bad = switch (kind) {
                case 0 -> gen.ip(l == 1); // the other version
                case 1 -> gen.badIpv4();
                default -> gen.badIpv6();
            };
            ips.set(random.nextInt(ips.size()), bad);
            Http.Response r = upsert("v6-kept", doc.toString());
            assertThat(r.status()).as(doc.toString()).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("APIG.2012");
            String msg = r.json().get("error_msg").asText();
            assertThat(msg).contains("parameterName:listeners[" + l + "].backend.ip.");
            assertThat(msg).contains(kind == 0 ? (l == 0 ? "must be IPv6 addresses" : "must be IPv4 addresses")
                    : "must be an IPv4 or IPv6 address");
        }
        assertThat(get("/v2/" + PROJECT + "/apic/instances/v6-kept").json().get("listeners"))
                .as("a refused document changes nothing").isEqualTo(before);
    }
}
