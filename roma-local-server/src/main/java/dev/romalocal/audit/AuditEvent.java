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

    /** The result word for an HTTP status. */
    public static String result(int status) {
        if (status < 400) {
            return "success";
        }
        return status == 401 ? "unauthenticated" : status == 403 ? "denied" : "failure";
    }
}
