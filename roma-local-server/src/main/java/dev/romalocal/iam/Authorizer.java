package dev.romalocal.iam;

import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;

import java.util.function.Function;

/**
 * Decides whether an authenticated caller may act on a project: a project-scoped token only on its own project,
 * an AK/SK request on the project it names in {@code X-Project-Id} (or, without one, on any project of its
 * account). Everything else is 403 {@code APIC.7106}.
 */
public final class Authorizer {
    private final Function<String, String> projectDomain;

    /** @param projectDomain a project id's owning domain id, or null when there is no such project */
    public Authorizer(Function<String, String> projectDomain) {
        this.projectDomain = projectDomain;
    }

    public void requireProject(Principal p, String projectId) {
        if (p.projectId() != null) {
            if (!p.projectId().equals(projectId)) {
                throw new ApiException(ErrorCode.NO_PERMISSION);
            }
        } else if (!p.domainScope()) {
            throw new ApiException(ErrorCode.NO_PERMISSION);
        }
        String domain = projectDomain.apply(projectId);
        if (domain == null || !domain.equals(p.domainId())) {
            throw new ApiException(ErrorCode.NO_PERMISSION);
        }
    }

    /** The emulator's control API is for the account's administrators. */
    public void requireAdmin(Principal p) {
        if (!p.admin()) {
            throw new ApiException(ErrorCode.NO_PERMISSION);
        }
    }
}
