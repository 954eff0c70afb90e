package dev.romalocal.iam;

import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;

/**
 * Decides whether an authenticated caller may act on a project: a project-scoped token only on its own project,
 * an AK/SK request on the project it names in {@code X-Project-Id} (or, without one, on any project of its
 * account). Everything else is 403 {@code APIC.7106}.
 */
public final class Authorizer {
    private final ProjectDirectory projects;

    public Authorizer(ProjectDirectory projects) {
        this.projects = projects;
    }

    /** From memory when the project is cached, else from the store (see {@code store.Blocking}). */
    public void requireProject(Principal p, String projectId) {
        requireScope(p, projectId);
        requireOwned(p, projects.find(projectId).orElse(null));
    }

    private static void requireScope(Principal p, String projectId) {
        if (p.projectId() != null) {
            if (!p.projectId().equals(projectId)) {
                throw new ApiException(ErrorCode.NO_PERMISSION);
            }
        } else if (!p.domainScope()) {
            throw new ApiException(ErrorCode.NO_PERMISSION);
        }
    }

    private static void requireOwned(Principal p, IamStore.ProjectRow project) {
        if (project == null || !project.enabled() || !project.domainId().equals(p.domainId())) {
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
