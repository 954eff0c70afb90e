package dev.romalocal.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.romalocal.audit.AuditEvent;
import dev.romalocal.audit.AuditTrail;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.iam.Principal;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The audit trail, newest first: an account sees its own events; the built-in administrator sees every event. */
final class AuditEndpoints {
    private static final Set<String> RESULTS = Set.of("success", "failure", "unauthenticated", "denied");
    private final AuditTrail trail;

    AuditEndpoints(AuditTrail trail) {
        this.trail = trail;
    }

    record EventView(@JsonProperty("id") long id, @JsonProperty("time") String time,
                     @JsonProperty("request_id") String requestId, @JsonProperty("domain_id") String domainId,
                     @JsonProperty("principal") String principal, @JsonProperty("source") String source,
                     @JsonProperty("action") String action, @JsonProperty("resource") String resource,
                     @JsonProperty("result") String result, @JsonProperty("status") int status,
                     @JsonProperty("error_code") String errorCode, @JsonProperty("reason") String reason) {
        static EventView of(AuditEvent e) {
            return new EventView(e.id(), Instant.ofEpochMilli(e.at()).toString(), e.requestId(), e.domainId(),
                    e.principal(), e.source(), e.action(), e.resource(), e.result(), e.status(), e.errorCode(),
                    e.reason());
        }
    }

    record Page(@JsonProperty("events") List<EventView> events, @JsonProperty("next_marker") Long nextMarker) {
    }

    /** {@code GET /_roma_local/audit?limit=&marker=&result=}. */
    Reply list(Call call) {
        int limit = InstanceEndpoints.intParam(call, "limit", 100, 1, 1000);
        String rawMarker = call.query("marker");
        long marker = 0;
        if (rawMarker != null && !rawMarker.isEmpty()) {
            try {
                marker = Long.parseLong(rawMarker);
            } catch (NumberFormatException e) {
                marker = -1;
            }
            if (marker < 1) {
                throw new InvalidParameterException("marker", "must be the next_marker of a previous page");
            }
        }
        String result = call.query("result");
        if (result != null && !RESULTS.contains(result)) {
            throw new InvalidParameterException("result", "must be one of success, failure, unauthenticated, denied");
        }
        Principal p = call.principal();
        List<AuditEvent> events = trail.list(p.admin() ? null : p.domainId(), marker, result, limit);
        Long next = events.size() == limit ? events.get(events.size() - 1).id() : null;
        return Reply.ok(new Page(events.stream().map(EventView::of).toList(), next));
    }
}
