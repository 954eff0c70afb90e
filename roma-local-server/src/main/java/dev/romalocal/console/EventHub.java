package dev.romalocal.console;

import dev.romalocal.store.ChangeFeed;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Hands the change feed's news to the console's open event streams. The feed tells every node of every committed
 * change (on PostgreSQL through {@code LISTEN/NOTIFY}, so a change made on another node arrives here too); a stream
 * hears of its own project's instances, of the lifecycle clock, and of a feed reset (changes may have been missed:
 * the page reloads what it shows). Only kinds and the project id go out, never data: the page reads the data
 * through the API with its own token, where the API's permissions decide.
 */
public final class EventHub {
    /** The most streams one node keeps open. */
    public static final int MAX_STREAMS = 1_000;

    /** One open stream: its project, and what to call with a kind of change ({@code instances}, ...). */
    public record Subscription(String projectId, Consumer<String> listener) {
    }

    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

    public EventHub(ChangeFeed feed) {
        feed.onChange(ChangeFeed.Kind.PROJECT_INSTANCES, project -> tell(project, "instances"));
        feed.onChange(ChangeFeed.Kind.ALL_INSTANCES, all -> tell(null, "instances"));
        feed.onChange(ChangeFeed.Kind.CLOCK, clock -> tell(null, "clock"));
        feed.onReset(() -> tell(null, "resync"));
    }

    /** Registers a stream; false when this node already keeps {@value #MAX_STREAMS} open. */
    public boolean subscribe(Subscription s) {
        synchronized (subscriptions) {
            if (subscriptions.size() >= MAX_STREAMS) {
                return false;
            }
            return subscriptions.add(s);
        }
    }

    public void unsubscribe(Subscription s) {
        subscriptions.remove(s);
    }

    public int open() {
        return subscriptions.size();
    }

    /** Tells the streams of {@code projectId} (every stream when null). Listeners must not block. */
    void tell(String projectId, String kind) {
        for (Subscription s : subscriptions) {
            if (projectId == null || projectId.equals(s.projectId())) {
                s.listener().accept(kind);
            }
        }
    }
}
