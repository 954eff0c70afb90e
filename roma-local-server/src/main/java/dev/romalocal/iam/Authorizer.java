package dev.romalocal.iam;

import dev.romalocal.config.Settings;
import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether an authenticated caller may perform a route's action. Three checks, in order:
 * <ol>
 *   <li>scope: a project-scoped token acts only on its own project; an AK/SK request on the project it names in
 *   {@code X-Project-Id} (without one, on any project of its account);</li>
 *   <li>ownership: the project exists, is enabled, and belongs to the caller's account (never skipped: accounts are
 *   isolated in every mode);</li>
 *   <li>permission: the policies granted to the caller's groups allow the action ({@link Permissions}).</li>
 * </ol>
 * Every refusal is 403 {@code APIC.7106}, with its reason logged and sent in {@code X-Roma-Local-Reason}. In
 * {@link Settings.AccessMode#SOFT} mode a missing permission is logged and allowed; in {@link Settings.AccessMode#OFF}
 * mode scope and permissions are not checked.
 */
public final class Authorizer {
    private static final Logger LOG = LoggerFactory.getLogger(Authorizer.class);
    private final ProjectDirectory projects;
    private final Permissions permissions;
    private final Settings.AccessMode mode;

    public Authorizer(ProjectDirectory projects, Permissions permissions, Settings.AccessMode mode) {
        this.projects = projects;
        this.permissions = permissions;
        this.mode = mode;
    }

    /** May {@code p} perform {@code action} on {@code projectId}? From memory when cached (see store.Blocking). */
    public void requireProject(Principal p, String projectId, String action) {
        if (mode != Settings.AccessMode.OFF) {
            requireScope(p, projectId);
        }
        requireOwned(p, projectId);
        requirePermission(p, projectId, action);
    }

    /** May {@code p} perform {@code action} on its own account (identity management, account-level control)? */
    public void requireAccount(Principal p, String action) {
        requirePermission(p, null, action);
    }

    /** Control of the whole server: the built-in administrator only, whatever the mode. */
    public void requireOperator(Principal p, String action) {
        if (!p.admin()) {
            throw denied(action + " is reserved to the server's built-in administrator; user '" + p.userName()
                    + "' of account '" + p.domainName() + "' is not it");
        }
    }

    private void requirePermission(Principal p, String projectId, String action) {
        if (mode == Settings.AccessMode.OFF) {
            return;
        }
        Permissions.Decision d = permissions.decide(p.userId(), p.domainId(), projectId, action);
        if (d.allowed()) {
            return;
        }
        String why = "user '" + p.userName() + "' of account '" + p.domainName() + "': " + d.reason();
        if (mode == Settings.AccessMode.SOFT) {
            LOG.info("access mode soft: allowed what enforce would deny: {}", why);
            return;
        }
        throw denied(why);
    }

    private static void requireScope(Principal p, String projectId) {
        if (p.projectId() != null) {
            if (!p.projectId().equals(projectId)) {
                throw denied("the credentials are scoped to project " + p.projectId() + ", the request names "
                        + projectId);
            }
        } else if (!p.domainScope()) {
            throw denied("the credentials are not scoped to a project");
        }
    }

    private void requireOwned(Principal p, String projectId) {
        IamStore.ProjectRow project = projects.find(projectId).orElse(null);
        if (project == null) {
            throw denied("project " + projectId + " does not exist");
        }
        if (!project.domainId().equals(p.domainId())) {
            throw denied("project " + projectId + " belongs to another account than '" + p.domainName() + "'");
        }
        if (!project.enabled()) {
            throw denied("project " + projectId + " is disabled");
        }
    }

    private static ApiException denied(String reason) {
        return new ApiException(ErrorCode.NO_PERMISSION).reason(reason);
    }
}
