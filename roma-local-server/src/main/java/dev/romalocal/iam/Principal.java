package dev.romalocal.iam;

/**
 * Who is calling, as established by a token or an AK/SK signature.
 *
 * @param projectId   the project the credentials are scoped to: the token's project scope, or the
 *                    {@code X-Project-Id} an AK/SK request signed; null when not scoped to one project
 * @param domainScope true for domain-scoped tokens and for AK/SK requests without {@code X-Project-Id}: such
 *                    callers may use any project of their domain that the path names
 */
public record Principal(String userId, String userName, String domainId, String domainName, boolean admin,
                        String projectId, boolean domainScope, Method method, long expiresAt) {
    public enum Method { TOKEN, AKSK }
}
