package dev.romalocal.console;

import dev.romalocal.error.ApiException;
import dev.romalocal.iam.Principal;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Console tickets: random, single-use, short-lived, bounded in number. */
class TicketsTest {
    static final Principal ALICE = new Principal("u1", "alice", "d1", "acme", false, "p1", false,
            Principal.Method.TOKEN, Long.MAX_VALUE);
    static final Tickets.Grant GRANT = new Tickets.Grant(ALICE, "MIIRLtoken", "p1");

    @Test
    void aTicketOpensOneStreamOnly() {
        Tickets tickets = new Tickets();
        String t = tickets.issue(GRANT);
        assertThat(t).matches("[A-Za-z0-9_-]{43}");
        assertThat(tickets.issue(GRANT)).isNotEqualTo(t);
        assertThat(tickets.redeem(t)).isEqualTo(GRANT);
        assertThat(tickets.redeem(t)).as("spent").isNull();
        assertThat(tickets.redeem("not-a-ticket")).isNull();
        assertThat(tickets.redeem(null)).isNull();
        assertThat(tickets.redeem("x".repeat(10_000))).isNull();
    }

    @Test
    void aTicketExpiresAfterThirtySeconds() {
        AtomicLong now = new AtomicLong(-5);   // nanoTime may be negative: only differences count
        Tickets tickets = new Tickets(now::get);
        String early = tickets.issue(GRANT);
        String late = tickets.issue(GRANT);
        now.addAndGet(Tickets.TTL_NANOS);
        assertThat(tickets.redeem(early)).as("at exactly 30 s").isEqualTo(GRANT);
        now.addAndGet(1);
        assertThat(tickets.redeem(late)).as("past 30 s").isNull();
    }

    @Test
    void expiredTicketsAreForgottenAndOutstandingOnesAreBounded() {
        AtomicLong now = new AtomicLong();
        Tickets tickets = new Tickets(now::get);
        for (int i = 0; i < Tickets.MAX_OUTSTANDING; i++) {
            tickets.issue(GRANT);
        }
        assertThatThrownBy(() -> tickets.issue(GRANT)).isInstanceOf(ApiException.class)
                .hasMessageContaining("throttling threshold");
        now.addAndGet(Tickets.TTL_NANOS + 1);
        tickets.issue(GRANT);
        assertThat(tickets.outstanding()).isEqualTo(1);
    }
}
