package dev.romalocal.store;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Notification payloads, and when the feed may be trusted (the heartbeat's state machine). */
class ChangeFeedParsingTest {

    @Test
    void payloadsOfKnownKindsHeartbeatsAndUnknownKinds() {
        assertThat(ChangeFeed.parse("n1|INSTANCE|inst-1"))
                .isEqualTo(new ChangeFeed.Notice("n1", ChangeFeed.Kind.INSTANCE, false, "inst-1"));
        assertThat(ChangeFeed.parse("n1|TOKEN|a|b")).as("the key keeps its bars")
                .isEqualTo(new ChangeFeed.Notice("n1", ChangeFeed.Kind.TOKEN, false, "a|b"));
        assertThat(ChangeFeed.parse("n1|HEARTBEAT|123"))
                .isEqualTo(new ChangeFeed.Notice("n1", null, true, "123"));
        assertThat(ChangeFeed.parse("n1|A_KIND_FROM_A_NEWER_NODE|x")).isNull();
        assertThat(ChangeFeed.parse("instance")).isNull();
        assertThat(ChangeFeed.parse("n1|INSTANCE")).isNull();
        assertThat(ChangeFeed.parse(null)).isNull();
    }

    @Test
    void unknownKindsAreIgnoredAndKnownOnesStillDispatched() {
        try (ChangeFeed feed = ChangeFeed.local()) {
            List<String> heard = new ArrayList<>();
            feed.onChange(ChangeFeed.Kind.INSTANCE, heard::add);
            long now = System.nanoTime();
            feed.hear("other|A_KIND_FROM_A_NEWER_NODE|x", now);
            feed.hear("garbage", now);
            feed.hear("other|HEARTBEAT|not-a-number", now);
            feed.hear("other|HEARTBEAT|" + now, now);
            feed.hear("other|INSTANCE|inst-1", now);
            assertThat(heard).containsExactly("inst-1");
        }
    }

    @Test
    void livenessNeedsARecentOwnHeartbeatOnTheCurrentConnection() {
        long maxAge = TimeUnit.SECONDS.toNanos(4);
        long t = 1_000_000_000L;
        FeedLiveness l = new FeedLiveness(maxAge, t);
        assertThat(l.live(t)).isFalse();

        l.connected(t);
        assertThat(l.live(t)).as("connected, no heartbeat heard yet").isFalse();
        assertThat(l.stalled(t + maxAge)).isFalse();
        assertThat(l.stalled(t + maxAge + 1)).as("no heartbeat since connecting").isTrue();

        long sent = t + 10;
        long heardAt = t + 20;
        assertThat(l.reviving(heardAt)).as("caches must forget first").isTrue();
        l.confirm(sent, heardAt);
        assertThat(l.live(heardAt)).isTrue();
        assertThat(l.reviving(heardAt + 1)).isFalse();
        // Live while the last heartbeat heard was sent less than maxAge ago.
        assertThat(l.live(sent + maxAge - 1)).isTrue();
        assertThat(l.live(sent + maxAge)).isFalse();
        assertThat(l.stalled(heardAt + maxAge)).isFalse();
        assertThat(l.stalled(heardAt + maxAge + 1)).isTrue();

        // A late heartbeat revives it (and asks for a reset); an older one never shortens it.
        assertThat(l.reviving(sent + maxAge + 5)).isTrue();
        l.confirm(sent + maxAge, sent + maxAge + 5);
        assertThat(l.live(sent + maxAge + 6)).isTrue();
        l.confirm(sent, sent + maxAge + 7);
        assertThat(l.live(sent + 2 * maxAge - 1)).isTrue();

        // A broken connection: not live at once, and heartbeats heard before reconnecting count for nothing.
        long broke = sent + maxAge + 10;
        l.disconnected(broke);
        assertThat(l.live(broke)).isFalse();
        l.confirm(broke, broke + 1);
        assertThat(l.live(broke + 2)).isFalse();
        assertThat(l.reviving(broke + 2)).isFalse();
        assertThat(l.stalled(broke + 10 * maxAge)).as("nothing to replace").isFalse();

        l.connected(broke + 3);
        assertThat(l.live(broke + 4)).as("reconnected: not live before a heartbeat round trip").isFalse();
        l.confirm(broke + 4, broke + 5);
        assertThat(l.live(broke + 6)).isTrue();
    }
}
