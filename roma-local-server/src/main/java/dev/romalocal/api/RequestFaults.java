package dev.romalocal.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.romalocal.error.ErrorCode;
import dev.romalocal.error.InvalidParameterException;
import jakarta.validation.constraints.NotEmpty;
import org.hibernate.validator.constraints.Range;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * "Make the next N requests to this route answer this catalogue error" (500 APIC.9000, 429 throttling, ...), for
 * testing client retries. Kept in this node's memory: a request answered by another node does not spend one.
 * Costs the hot path one volatile read while none is armed.
 */
final class RequestFaults {
    /** One armed fault. */
    record Rule(@JsonProperty("id") String id, @JsonProperty("method") String method,
                @JsonProperty("path") String path, @JsonProperty("error_code") String errorCode,
                @JsonProperty("http_status") int httpStatus, @JsonProperty("error_msg") String message,
                @JsonProperty("remaining") AtomicInteger remaining) {
    }

    /** Read on every request: an empty copy-on-write list costs one volatile read. */
    private final List<Rule> rules = new CopyOnWriteArrayList<>();

    /** The reply a fault dictates for this route, spending one use; null when none applies. */
    Reply take(Route route, String requestId) {
        if (rules.isEmpty()) {
            return null;
        }
        for (Rule r : rules) {
            if (r.path().equals(route.path()) && (r.method() == null || r.method().equals(route.method().name()))) {
                int left = r.remaining().decrementAndGet();
                if (left <= 0) {
                    rules.remove(r);
                }
                if (left < 0) {
                    continue;
                }
                ErrorCode code = code(r.errorCode(), r.httpStatus());
                Reply reply = ErrorRenderer.reply(code, r.message(), requestId);
                return code.httpStatus() == 429 ? reply.withHeader("Retry-After", "1") : reply;
            }
        }
        return null;
    }

    /** The body of {@code POST /_roma_local/faults/requests}. */
    record FaultRequest(String method, @NotEmpty String path, @NotEmpty String errorCode, Integer httpStatus,
                        String errorMsg, @Range(min = 1, max = 1_000_000) Integer count) {
        FaultRequest {
            method = method == null ? null : method.toUpperCase(Locale.ROOT);
        }
    }

    Rule add(FaultRequest f, List<Route> routes) {
        String path = f.path();
        String method = f.method();
        boolean known = routes.stream().anyMatch(r -> r.path().equals(path)
                && (method == null || r.method().name().equals(method)));
        if (!known) {
            throw new InvalidParameterException("path", "must be a route of this server (with its method), e.g. "
                    + "/v2/{project_id}/apic/instances/{instance_id}; routes: "
                    + routes.stream().map(r -> r.method().name() + " " + r.path()).toList());
        }
        ErrorCode code = code(f.errorCode(), f.httpStatus() == null ? 0 : f.httpStatus());
        if (code == null) {
            throw new InvalidParameterException("error_code", "must be a code of the error catalogue (docs/api.md), "
                    + "with http_status when several entries share it");
        }
        Integer count = f.count();
        String message = f.errorMsg() != null ? f.errorMsg() : code.message(fillers(code));
        Rule rule = new Rule(UUID.randomUUID().toString(), method, path, code.code(), code.httpStatus(), message,
                new AtomicInteger(count == null ? 1 : count));
        rules.add(rule);
        return rule;
    }

    List<Rule> list() {
        return List.copyOf(rules);
    }

    int clear() {
        int n = rules.size();
        rules.clear();
        return n;
    }

    private static ErrorCode code(String errorCode, int status) {
        return Arrays.stream(ErrorCode.values())
                .filter(c -> c.code().equals(errorCode) && (status == 0 || c.httpStatus() == status))
                .findFirst().orElse(null);
    }

    private static Object[] fillers(ErrorCode code) {
        if (code == ErrorCode.THROTTLED) {
            return new Object[] {"1"};
        }
        int n = code.message().split("%s", -1).length - 1;
        Object[] args = new Object[n];
        Arrays.fill(args, "injected by ROMA Local");
        return args;
    }
}
