package dev.romalocal.console;

import dev.romalocal.store.ChangeFeed;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * Hands the change feed's news to the console's open event streams. The feed tells every node of every committed
 * change (on PostgreSQL through {@code LISTEN/NOTIFY}, so a change made on another node arrives here too); a stream
 * hears of its own project's instances, of the lifecycle clock, and of a feed reset (changes may have been missed:
 * the page reloads what it shows). Only kinds and the project id go out, never data: the page reads the data
 * through the API with its own token, where the API's permissions decide. A change of identity (a token revoked,
 * a user disabled or given a new password, an account's groups or grants changed) makes the streams it concerns
 * check their credentials again at once.
 */
public final class EventHub {
    /** The most streams one node keeps open. */
    public static final int MAX_STREAMS = 1_000;

    /** The kind a stream hears when its credentials may have changed: it checks them again (never sent). */
    public static final String CREDENTIALS = "credentials";

    /**
     * One open stream: its project, what to call with a kind of change ({@code instances}, ...), and which
     * identity changes concern its credentials (a token revoked, its user changed, its account's grants changed).
     */
    public record Subscription(String projectId, Consumer<String> listener,
                               BiPredicate<ChangeFeed.Kind, String> concerns) {
    }

    private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

    public EventHub(ChangeFeed feed) {
        feed.onChange(ChangeFeed.Kind.PROJECT_INSTANCES, project -> tell(project, "instances"));
        feed.onChange(ChangeFeed.Kind.ALL_INSTANCES, all -> tell(null, "instances"));
        feed.onChange(ChangeFeed.Kind.CLOCK, clock -> tell(null, "clock"));
        feed.onReset(() -> tell(null, "resync"));
        // Registered after the authenticator's and the permissions' caches (built before the API): by the time a
        // stream checks its credentials again, those caches have forgotten what changed.
        for (ChangeFeed.Kind kind : new ChangeFeed.Kind[]{ChangeFeed.Kind.TOKEN, ChangeFeed.Kind.USER,
                ChangeFeed.Kind.IDENTITY}) {
            feed.onChange(kind, key -> {
                for (Subscription s : subscriptions) {
                    if (s.concerns().test(kind, key)) {
                        s.listener().accept(CREDENTIALS);
                    }
                }
            });
        }
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
