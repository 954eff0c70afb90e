package dev.romalocal.console;

import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import dev.romalocal.iam.Principal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Short-lived, single-use tickets that open the console's event stream. A browser's {@code EventSource} cannot send
 * {@code X-Auth-Token}, and a token in a URL would end up in logs and history; so the page first asks for a ticket
 * with its token (an ordinary authenticated call), then opens the stream with {@code ?ticket=}. A ticket is 256
 * random bits, lives {@link #TTL_NANOS 30 seconds}, opens one stream and is then gone; only its SHA-256 digest is
 * held, in this node's memory (a restart forgets every ticket: the page asks for a new one as it reconnects). The
 * stream keeps the credentials the ticket was issued for and checks them again while it is open.
 */
public final class Tickets {
    /** How long a ticket may wait before it is used. */
    public static final long TTL_NANOS = 30_000_000_000L;
    /** Outstanding tickets per node; past this, 429 until some expire. */
    static final int MAX_OUTSTANDING = 10_000;

    /** What a ticket stands for: who asked, with which token (null for AK/SK), for which project. */
    public record Grant(Principal principal, String token, String projectId) {
    }

    private record Held(Grant grant, long expiresAtNanos) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final LongSupplier nanos;

    public Tickets() {
        this(System::nanoTime);
    }

    Tickets(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** A new ticket for {@code grant}. */
    public String issue(Grant grant) {
        long now = nanos.getAsLong();
        purge(now);
        if (held.size() >= MAX_OUTSTANDING) {
            throw new ApiException(ErrorCode.THROTTLED, MAX_OUTSTANDING + " outstanding console tickets")
                    .reason("too many console tickets wait to be used on this node; retry in a few seconds");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        held.put(digest(ticket), new Held(grant, now + TTL_NANOS));
        return ticket;
    }

    /** The grant of a valid ticket, which is spent; null when the ticket is unknown, spent or expired. */
    public Grant redeem(String ticket) {
        if (ticket == null || ticket.length() > 100) {
            return null;
        }
        Held h = held.remove(digest(ticket));
        if (h == null || nanos.getAsLong() - h.expiresAtNanos() > 0) {
            return null;
        }
        return h.grant();
    }

    int outstanding() {
        return held.size();
    }

    private void purge(long now) {
        for (Iterator<Held> it = held.values().iterator(); it.hasNext(); ) {
            if (now - it.next().expiresAtNanos() > 0) {
                it.remove();
            }
        }
    }

    private static String digest(String ticket) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(ticket.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
