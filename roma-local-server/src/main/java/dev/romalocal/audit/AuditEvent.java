package dev.romalocal.audit;

/**
 * One entry of the audit trail: a write, or a refused authentication or authorization.
 *
 * @param id        assigned by the store, increasing (0 before it is stored)
 * @param at        epoch milliseconds
 * @param domainId  the caller's account, null when the caller was not identified
 * @param principal {@code user@account}, or {@code -} when not identified
 * @param source    the client's address
 * @param action    the route's permission action ({@code roma:instances:delete}, ...)
 * @param resource  the method and path requested
 * @param result    {@code success}, {@code failure}, {@code unauthenticated} (401) or {@code denied} (403)
 * @param errorCode the catalogue code answered, null on success
 * @param reason    why it was refused, when known (never a secret)
 */
public record AuditEvent(long id, long at, String requestId, String domainId, String principal, String source,
                         String action, String resource, String result, int status, String errorCode,
                         String reason) {

    /**
     * This event with every text cut to its column's size (a path or a reason can be longer than the store keeps;
     * a cut value ends with {@code ...}), so that no event can fail its batch.
     */
    public AuditEvent bounded() {
        return new AuditEvent(id, at, cut(requestId, 64), cut(domainId, 64), cut(principal, 255), cut(source, 64),
                cut(action, 128), cut(resource, 1024), cut(result, 16), status, cut(errorCode, 32), cut(reason, 1024));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /** The result word for an HTTP status. */
    public static String result(int status) {
        if (status < 400) {
            return "success";
        }
        return status == 401 ? "unauthenticated" : status == 403 ? "denied" : "failure";
    }
}
