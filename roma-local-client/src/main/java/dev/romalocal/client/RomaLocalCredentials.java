package dev.romalocal.client;

import java.util.Objects;

/**
 * The built-in identity of a ROMA Local server: its account (domain), project, admin user and that user's AK/SK.
 * {@link #defaults()} are the server's defaults ({@code roma-local serve} without identity flags).
 *
 * @param domainName  the account (domain) name, {@code roma-local}
 * @param projectId   the built-in project's id
 * @param projectName the built-in project's name, which is its region ({@code cn-north-4})
 * @param userName    the admin user, {@code admin}
 * @param password    the admin user's password
 * @param accessKey   the admin user's access key id
 * @param secretKey   the admin user's secret access key
 */
public record RomaLocalCredentials(String domainName, String projectId, String projectName, String userName,
                                   String password, String accessKey, String secretKey) {
    public static final String DEFAULT_DOMAIN = "roma-local";
    public static final String DEFAULT_PROJECT_ID = "0123456789abcdef0123456789abcdef";
    public static final String DEFAULT_PROJECT_NAME = "cn-north-4";
    public static final String DEFAULT_USER = "admin";
    public static final String DEFAULT_PASSWORD = "roma-local-admin";
    public static final String DEFAULT_ACCESS_KEY = "ROMALOCALACCESSKEY01";
    public static final String DEFAULT_SECRET_KEY = "romalocal-secret-key-0000000000000000000";

    public RomaLocalCredentials {
        Objects.requireNonNull(domainName, "domainName");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(projectName, "projectName");
    }

    /** The server's default identity. */
    public static RomaLocalCredentials defaults() {
        return new RomaLocalCredentials(DEFAULT_DOMAIN, DEFAULT_PROJECT_ID, DEFAULT_PROJECT_NAME, DEFAULT_USER,
                DEFAULT_PASSWORD, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY);
    }

    /** The region the built-in project stands for (its name). */
    public String region() {
        return projectName;
    }

    /** Never prints the password or the secret key. */
    @Override
    public String toString() {
        return "RomaLocalCredentials[domain=" + domainName + ", project=" + projectId + " (" + projectName
                + "), user=" + userName + ", accessKey=" + accessKey + "]";
    }
}
