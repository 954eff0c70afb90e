package dev.romalocal.health;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The split of the probes among nodes: every instance has exactly one owner, the shares are about even. */
class NodeShareTest {
    static NodeShare seeing(String node, List<String> live) throws Exception {
        NodeShare s = new NodeShare(null, node, true);
        Field f = NodeShare.class.getDeclaredField("live");
        f.setAccessible(true);
        f.set(s, live);
        return s;
    }

    @Test
    void everyInstanceHasExactlyOneOwnerAndTheSharesAreEven() throws Exception {
        List<String> nodes = List.of("1@a#x", "2@a#y", "3@b#z");
        List<NodeShare> shares = new java.util.ArrayList<>();
        for (String n : nodes) {
            shares.add(seeing(n, nodes));
        }
        Map<String, Integer> counts = new HashMap<>();
        int instances = 30_000;
        for (int i = 0; i < instances; i++) {
            // UUIDs as the create APIs make them, and short ids as documents give them.
            String id = i % 2 == 0 ? UUID.randomUUID().toString() : "inst-" + i;
            long owners = shares.stream().filter(s -> s.owns(id)).count();
            assertThat(owners).as(id).isEqualTo(1);
            counts.merge(shares.get(0).owner(id), 1, Integer::sum);
        }
        for (String n : nodes) {
            assertThat(counts.get(n)).as(n).isBetween(instances / 3 - instances / 20, instances / 3 + instances / 20);
        }
    }

    @Test
    void aNodeAloneOwnsEverything() throws Exception {
        NodeShare alone = new NodeShare(null, "1@a#x", false);
        assertThat(alone.owns("anything")).isTrue();
        alone.refresh(true); // not shared: no store needed
        assertThat(alone.live()).containsExactly("1@a#x");
    }
}
