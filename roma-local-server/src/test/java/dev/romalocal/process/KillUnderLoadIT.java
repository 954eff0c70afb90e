package dev.romalocal.process;

import com.fasterxml.jackson.databind.JsonNode;
import dev.romalocal.config.Settings;
import dev.romalocal.instance.InstanceStatus;
import dev.romalocal.testing.Backend;
import dev.romalocal.testing.Http;
import dev.romalocal.testing.ServerProcess;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Two server processes on one PostgreSQL schema under mixed load (creates, deletes, restart / freeze / unfreeze
 * actions) from 16 client threads; node B is killed with SIGKILL in the middle and restarted on the same store.
 * Afterwards, read from the database and through the API: every acknowledged operation took effect exactly once,
 * nothing is left in a transitional status or as a task, deleted instances are gone with their addresses, and no
 * address is held twice.
 */
class KillUnderLoadIT {
    static final String PROJECT = Settings.DEFAULT_PROJECT_ID;
    static final int OPERATIONS = 1000;
    static final int KILL_AFTER_ACKS = 400;
    /** Operations from this index on wait for node B to be back, so the restarted node takes part too. */
    static final int AFTER_RESTART_FROM = 800;
    static final String STEP = "0.05";
    static final List<String> CREATE = List.of("Creating", "Initing", "Registering", "Installing", "Starting",
            "Running");
    static final Map<String, List<String>> FLOWS = Map.of(
            "restart", List.of("Restarting", "Running"),
            "freeze", List.of("Freezing", "Frozen"),
            "unfreeze", List.of("Starting", "Running"));
    static final Set<String> IDLE = Set.of("Running", "Frozen");

    /** What the clients know: acknowledged operations, and those whose outcome is unknown (connection lost). */
    static final class Ledger {
        final Set<String> created = ConcurrentHashMap.newKeySet();
        final List<String> live = new CopyOnWriteArrayList<>();
        final Set<String> deleted = ConcurrentHashMap.newKeySet();
        final Set<String> maybeDeleted = ConcurrentHashMap.newKeySet();
        final Set<String> maybeFrozen = ConcurrentHashMap.newKeySet();
        final Map<String, AtomicInteger> actionsAcked = new ConcurrentHashMap<>();
        final AtomicInteger acked = new AtomicInteger();
        final AtomicInteger unknownOutcome = new AtomicInteger();
        final AtomicInteger unknownCreates = new AtomicInteger();
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        final List<String> unexpected = new CopyOnWriteArrayList<>();
    }

    @Test
    void mixedLoadOverTwoNodesWithOneKilledAndRestarted() throws Exception {
        try (Backend.Store store = Backend.POSTGRES.fresh()) {
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            List<String> env = List.of("ROMA_LOCAL_MASTER_KEY=" + Base64.getEncoder().encodeToString(key));
            List<String> flags = ProcessFlags.forStore(store, "--instance-quota", "5000", "--workers", "2",
                    "--lifecycle-profile", STEP);
            java.nio.file.Path dirA = store.dataDir().resolve("a");
            java.nio.file.Path dirB = store.dataDir().resolve("b");
            Settings.Store db = store.settings().store();
            Ledger ledger = new Ledger();
            long t0 = System.nanoTime();
            try (ServerProcess a = ServerProcess.start(dirA, flags, env)) {
                Http httpA = new Http(a.awaitEndpoint(Duration.ofSeconds(60)));
                ServerProcess b = ServerProcess.start(dirB, flags, env);
                ServerProcess b2 = null;
                ExecutorService pool = Executors.newFixedThreadPool(16);
                try {
                    Http[] nodeB = {new Http(b.awaitEndpoint(Duration.ofSeconds(60)))};
                    String token = httpA.adminToken();
                    ok(httpA.withToken("PUT", "/_roma_local/subnets/subnet-soak", token,
                            "{\"cidr\":\"10.30.0.0/19\"}"));

                    AtomicInteger next = new AtomicInteger();
                    CountDownLatch bBack = new CountDownLatch(1);
                    List<Future<?>> clients = new ArrayList<>();
                    for (int t = 0; t < 16; t++) {
                        clients.add(pool.submit(() -> {
                            for (int i = next.getAndIncrement(); i < OPERATIONS; i = next.getAndIncrement()) {
                                if (i >= AFTER_RESTART_FROM && !bBack.await(150, TimeUnit.SECONDS)) {
                                    throw new AssertionError("node B did not come back");
                                }
                                Http b0 = nodeB[0];
                                Http node = i % 2 == 0 || b0 == null ? httpA : b0;
                                operation(node, token, i, ledger);
                            }
                            return null;
                        }));
                    }

                    // Kill B once 400 operations are acknowledged, with lifecycle work in flight.
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                    while (ledger.acked.get() < KILL_AFTER_ACKS) {
                        assertThat(System.nanoTime()).as("400 acknowledged operations in time").isLessThan(deadline);
                        Thread.sleep(5);
                    }
                    long tKill = System.nanoTime();
                    int tasksAtKill = count(db, "SELECT COUNT(*) FROM tasks");
                    int ackedAtKill = ledger.acked.get();
                    b.kill9();
                    nodeB[0] = null;
                    int tasksAfterKill = count(db, "SELECT COUNT(*) FROM tasks");
                    // Restart B on the same store while the clients keep going on A.
                    b2 = ServerProcess.start(dirB, flags, env);
                    nodeB[0] = new Http(b2.awaitEndpoint(Duration.ofSeconds(120)));
                    int ackedAtRestart = ledger.acked.get();
                    long tRestart = System.nanoTime();
                    bBack.countDown();
                    for (Future<?> f : clients) {
                        f.get(240, TimeUnit.SECONDS);
                    }

                    // Let both nodes finish: move the lifecycle clock until no task is left (bounded).
                    long tLoad = System.nanoTime();
                    Http httpB = nodeB[0];
                    long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                    while (count(db, "SELECT COUNT(*) FROM tasks") > 0) {
                        assertThat(System.nanoTime()).as("lifecycle settles in time").isLessThan(settle);
                        ok(httpB.withToken("POST", "/_roma_local/clock/advance", token, "{\"seconds\":1}"));
                    }

                    System.out.printf("KillUnderLoadIT: acked %d (at kill %d, at restart %d), unknown outcome %d,"
                                    + " tasks at kill %d / after %d, statuses %s, actions %s%n", ledger.acked.get(),
                            ackedAtKill, ackedAtRestart, ledger.unknownOutcome.get(), tasksAtKill, tasksAfterKill,
                            ledger.statuses, ledger.actionsAcked);
                    System.out.printf("KillUnderLoadIT: seconds from start: kill %.1f, B back %.1f, load done %.1f,"
                            + " settled %.1f%n", secs(t0, tKill), secs(t0, tRestart), secs(t0, tLoad),
                            secs(t0, System.nanoTime()));

                    assertThat(ledger.unexpected).as("answers other than 2xx, 404 and 409").isEmpty();
                    assertThat(tasksAtKill).as("the kill interrupted lifecycle work in flight").isPositive();
                    assertThat(ledger.acked.get()).as("acknowledged operations").isGreaterThan(600);
                    assertThat(ledger.created).as("acknowledged creates").hasSizeGreaterThan(200);
                    assertThat(ledger.deleted).as("acknowledged deletes").isNotEmpty();
                    assertThat(ledger.acked.get()).as("operations acknowledged after B came back")
                            .isGreaterThan(ackedAtRestart);
                    verifyStore(db, ledger);
                    verifyApi(httpA, httpB, token, db, ledger);
                    System.out.printf("KillUnderLoadIT: verified at %.1f s%n", secs(t0, System.nanoTime()));
                    List<String> errors = new ArrayList<>();
                    for (ServerProcess node : List.of(a, b, b2)) {
                        node.output().stream().filter(l -> l.contains(" ERROR ") || l.contains(" WARN "))
                                .forEach(l -> errors.add(node.pid() + ": " + l));
                    }
                    assertThat(errors).as("warnings and errors the nodes logged").isEmpty();
                    assertThat(nodesThatWorked(db)).as("A, B and the restarted B all wrote history")
                            .hasSizeGreaterThanOrEqualTo(3);
                } finally {
                    pool.shutdownNow();
                    b.close();
                    if (b2 != null) {
                        b2.close();
                    }
                }
            }
        }
    }

    /** One client operation: a create, a delete of a live instance, or an action; the choice is random. */
    private static void operation(Http node, String token, int i, Ledger ledger) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int roll = rnd.nextInt(100);
        List<String> live = ledger.live;
        if (roll < 40 || live.size() < 10) {
            Http.Response r = call(node, "POST", "/v1/" + PROJECT + "/instances", token, createBody("soak-" + i),
                    ledger, "create");
            if (r == null) {
                ledger.unknownCreates.incrementAndGet();
            } else if (r.status() == 200) {
                String id = r.json().get("instance_id").asText();
                ledger.created.add(id);
                live.add(id);
                ledger.acked.incrementAndGet();
            }
            return;
        }
        String id = live.get(rnd.nextInt(live.size()));
        if (roll < 55) {
            Http.Response r = call(node, "DELETE", "/v1/" + PROJECT + "/roma/instances/" + id, token, null, ledger,
                    "delete");
            if (r == null) {
                ledger.maybeDeleted.add(id);
            } else if (r.status() == 202) {
                ledger.deleted.add(id);
                ledger.maybeDeleted.add(id);
                live.remove(id);
                ledger.acked.incrementAndGet();
            }
            return;
        }
        String action = roll < 75 ? "restart" : roll < 90 ? "freeze" : "unfreeze";
        if (action.equals("freeze")) {
            ledger.maybeFrozen.add(id);
        }
        Http.Response r = call(node, "POST", "/_roma_local/projects/" + PROJECT + "/instances/" + id + "/actions",
                token, "{\"action\":\"" + action + "\"}", ledger, action);
        if (r != null && r.status() == 202) {
            ledger.actionsAcked.computeIfAbsent(action, k -> new AtomicInteger()).incrementAndGet();
            ledger.acked.incrementAndGet();
        }
    }

    /** The answer, or null when the connection failed (node B killed): the outcome is then unknown. */
    private static Http.Response call(Http node, String method, String path, String token, String body,
                                      Ledger ledger, String what) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-Auth-Token", token);
        if (body != null) {
            h.put("Content-Type", "application/json");
        }
        if (what.equals("create")) {
            h.put("X-Roma-Local-Profile", STEP);
        }
        Http.Response r;
        try {
            r = node.send(method, path, h, body);
        } catch (IllegalStateException e) {
            ledger.unknownOutcome.incrementAndGet();
            return null;
        }
        ledger.statuses.computeIfAbsent(r.status(), k -> new AtomicInteger()).incrementAndGet();
        boolean expected = r.status() >= 200 && r.status() < 300
                || (r.status() == 409 && !what.equals("create"))
                || (r.status() == 404 && !what.equals("create"));
        if (!expected) {
            ledger.unexpected.add(what + " " + path + " -> " + r.status() + " " + r.text());
        }
        return r;
    }

    private static String createBody(String name) {
        return "{\"name\":\"" + name + "\",\"description\":\"\",\"product_id\":\"00300-30101-0--0\","
                + "\"available_zones\":[\"az1\"],\"vpc_id\":\"vpc-1\",\"subnet_id\":\"subnet-soak\","
                + "\"security_group_id\":\"sg-1\",\"ipv6_enable\":false,\"enable_all\":true,\"mqs\":{},"
                + "\"cpu_architecture\":\"x86\"}";
    }

    record Event(String operation, String from, String to, String node) {
    }

    /** The database after the load: tasks, histories, instances and addresses. */
    private static void verifyStore(Settings.Store db, Ledger ledger) throws SQLException {
        assertThat(count(db, "SELECT COUNT(*) FROM tasks")).as("tasks left over").isZero();
        Map<String, List<Event>> history = new LinkedHashMap<>();
        Map<String, String> statusOf = new HashMap<>();
        try (Connection c = connect(db)) {
            try (PreparedStatement st = c.prepareStatement("SELECT instance_id, operation, from_status, to_status,"
                    + " node FROM instance_events ORDER BY id"); ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    history.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Event(rs.getString(2),
                            rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
            try (PreparedStatement st = c.prepareStatement("SELECT id, doc FROM instances");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    JsonNode doc = Http.JSON.readTree(rs.getString(2));
                    // The document keeps the enum name (FROZEN); the history and the API the wire name (Frozen).
                    statusOf.put(rs.getString(1),
                            InstanceStatus.valueOf(doc.path("status").asText()).wire());
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            // Addresses: held only by instances that exist, each by one instance.
            try (PreparedStatement st = c.prepareStatement("SELECT instance_id, address FROM ip_allocations");
                 ResultSet rs = st.executeQuery()) {
                Map<String, String> holder = new HashMap<>();
                while (rs.next()) {
                    String inst = rs.getString(1);
                    String addr = rs.getString(2);
                    assertThat(statusOf).as("address " + addr + " held by an instance that is gone")
                            .containsKey(inst);
                    String before = holder.put(addr, inst);
                    assertThat(before).as("address " + addr + " held twice").isNull();
                }
            }
        }
        Set<String> creates = new HashSet<>();
        for (Map.Entry<String, List<Event>> e : history.entrySet()) {
            String id = e.getKey();
            List<Event> events = e.getValue();
            String why = id + " " + events;
            Event first = events.get(0);
            assertThat(first.operation()).as(why).isEqualTo("create");
            assertThat(first.from()).as(why).isNull();
            assertThat(first.to()).as(why).isEqualTo("Creating");
            creates.add(id);
            for (int k = 1; k < events.size(); k++) {
                Event prev = events.get(k - 1);
                Event cur = events.get(k);
                assertThat(prev.to()).as("nothing happens after the instance is gone: " + why).isNotNull();
                assertThat(cur.from()).as("each transition starts where the last ended: " + why)
                        .isEqualTo(prev.to());
                assertThat(Objects.equals(prev.operation(), cur.operation()) && Objects.equals(prev.from(),
                        cur.from()) && Objects.equals(prev.to(), cur.to())).as("a step applied twice: " + why)
                        .isFalse();
            }
            // Each operation's statuses follow its flow, each step once, in order; only the last run of an
            // operation may be cut short, and only by a delete.
            List<String> createTo = toOf(events, "create");
            assertThat(CREATE.subList(0, Math.min(createTo.size(), CREATE.size()))).as(why)
                    .containsExactlyElementsOf(createTo);
            List<String> deleteTo = toOf(events, "delete");
            List<String> deleteFlow = java.util.Arrays.asList("Deleting", "Unregistering", null);
            assertThat(deleteTo.size()).as(why).isLessThanOrEqualTo(3);
            assertThat(deleteFlow.subList(0, deleteTo.size())).as(why).containsExactlyElementsOf(deleteTo);
            boolean gone = !statusOf.containsKey(id);
            assertThat(gone).as("gone exactly when its delete finished: " + why).isEqualTo(deleteTo.size() == 3);
            if (!gone) {
                assertThat(deleteTo).as("a delete left unfinished: " + why).isEmpty();
                assertThat(createTo).as("a create that did not reach Running: " + why)
                        .containsExactlyElementsOf(CREATE);
                assertThat(IDLE).as("status of " + id).contains(statusOf.get(id));
                assertThat(events.get(events.size() - 1).to()).as(why).isEqualTo(statusOf.get(id));
            }
            for (Map.Entry<String, List<String>> flow : FLOWS.entrySet()) {
                List<String> to = toOf(events, flow.getKey());
                for (int k = 0; k < to.size(); k++) {
                    assertThat(to.get(k)).as(flow.getKey() + " step " + k + ": " + why)
                            .isEqualTo(flow.getValue().get(k % 2));
                }
                if (!gone) {
                    assertThat(to.size() % 2).as(flow.getKey() + " unfinished: " + why).isZero();
                }
            }
            if (statusOf.get(id) != null && statusOf.get(id).equals("Frozen")) {
                assertThat(ledger.maybeFrozen).as("frozen without a freeze: " + why).contains(id);
            }
            if (gone) {
                assertThat(ledger.maybeDeleted).as("gone without a delete: " + why).contains(id);
            }
        }
        assertThat(statusOf.keySet()).as("instances without a history").isSubsetOf(history.keySet());
        for (String id : ledger.created) {
            assertThat(creates).as("acknowledged create " + id + " in the history").contains(id);
        }
        for (String id : ledger.deleted) {
            assertThat(statusOf).as("acknowledged delete " + id + " left the instance").doesNotContainKey(id);
        }
        Set<String> phantom = new HashSet<>(creates);
        phantom.removeAll(ledger.created);
        assertThat(phantom.size()).as("instances no create request can explain")
                .isLessThanOrEqualTo(ledger.unknownCreates.get());
    }

    /** The API after the load: statuses, addresses and 404s for what was deleted. */
    private static void verifyApi(Http httpA, Http httpB, String token, Settings.Store db, Ledger ledger)
            throws SQLException {
        Set<String> addresses = new HashSet<>();
        int checked = 0;
        for (String id : ledger.created) {
            Http node = checked++ % 2 == 0 ? httpA : httpB;
            Http.Response r = node.withToken("GET", "/v2/" + PROJECT + "/apic/instances/" + id, token, null);
            if (ledger.deleted.contains(id)) {
                assertThat(r.status()).as("deleted " + id + ": " + r.text()).isEqualTo(404);
                continue;
            }
            if (r.status() == 404) {
                assertThat(ledger.maybeDeleted).as("gone without a delete: " + id).contains(id);
                continue;
            }
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            JsonNode d = r.json();
            String status = d.get("status").asText();
            assertThat(IDLE).as("status of " + id).contains(status);
            if (status.equals("Frozen")) {
                assertThat(ledger.maybeFrozen).as("frozen without a freeze: " + id).contains(id);
            }
            assertThat(addresses.add(d.get("ingress_ip").asText())).as("ingress of " + id + " taken twice")
                    .isTrue();
            d.at("/node_ips/livedata").forEach(n -> assertThat(addresses.add(n.asText()))
                    .as("livedata address of " + id + " taken twice").isTrue());
            d.at("/node_ips/shubao").forEach(n -> assertThat(addresses.add(n.asText()))
                    .as("shubao address of " + id + " taken twice").isTrue());
        }
        assertThat(addresses).as("addresses seen").isNotEmpty();
        // The platform list agrees with the store: nothing transitional, the same number of instances.
        int total = count(db, "SELECT COUNT(*) FROM instances");
        Set<String> listed = new HashSet<>();
        for (int offset = 0; offset < total + 100; offset += 100) {
            JsonNode page = httpA.withToken("GET", "/v2/" + PROJECT + "/instances?limit=100&offset=" + offset,
                    token, null).json();
            for (JsonNode item : page.get("instances")) {
                String coarse = item.get("status").asText();
                if (!coarse.equals("RUNNING") && !coarse.equals("FROZEN")) {
                    fail("transitional in the list: " + item);
                }
                listed.add(item.get("id").asText());
            }
            if (page.get("instances").isEmpty()) {
                break;
            }
        }
        assertThat(listed).as("instances listed").hasSize(total);
    }

    private static double secs(long from, long to) {
        return (to - from) / 1e9;
    }

    private static List<String> toOf(List<Event> events, String operation) {
        List<String> out = new ArrayList<>();
        for (Event e : events) {
            if (e.operation().equals(operation)) {
                out.add(e.to());
            }
        }
        return out;
    }

    private static Set<String> nodesThatWorked(Settings.Store db) throws SQLException {
        Set<String> nodes = new HashSet<>();
        try (Connection c = connect(db);
             PreparedStatement st = c.prepareStatement("SELECT DISTINCT node FROM instance_events");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                nodes.add(rs.getString(1));
            }
        }
        return nodes;
    }

    private static int count(Settings.Store db, String sql) throws SQLException {
        try (Connection c = connect(db); PreparedStatement st = c.prepareStatement(sql);
             ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Connection connect(Settings.Store db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.jdbcUser(), db.jdbcPassword());
    }

    private static void ok(Http.Response r) {
        assertThat(r.status()).as(r.text()).isBetween(200, 299);
    }
}
