package dev.romalocal.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.iam.IamService;
import dev.romalocal.iam.IamStore;
import dev.romalocal.iam.AuthRequest;
import dev.romalocal.iam.PasswordChecks;

import java.util.List;
import java.util.Map;

/**
 * Keystone-style IAM: tokens (password and token methods; create, validate, revoke) and the discovery calls the SDK's
 * credentials make: {@code GET /v3/projects} (BasicCredentials' project id), {@code GET /v3/auth/projects},
 * {@code GET /v3/auth/domains} (GlobalCredentials' domain id).
 */
final class IamEndpoints {
    private final IamService iam;

    IamEndpoints(IamService iam) {
        this.iam = iam;
    }

    /**
     * {@code POST /v3/auth/tokens} (KeystoneCreateUserTokenByPassword, KeystoneCreateScopedToken): 201 with the
     * token in {@code X-Subject-Token}.
     */
    Reply createToken(Call call) {
        AuthRequest req = AuthRequest.parse(call.json());
        IamService.Issued issued;
        try {
            issued = iam.issueToken(req, call.baseUrl(), withCatalog(call));
        } catch (PasswordChecks.Throttled e) {
            return ErrorRenderer.reply(e.code(), e.errorMessage(), call.requestId())
                    .withHeader("Retry-After", Integer.toString(e.retryAfterSeconds()));
        }
        return Reply.json(201, issued.view()).withHeader("X-Subject-Token", issued.token());
    }

    /** {@code GET /v3/auth/tokens}: describes the token in {@code X-Subject-Token}. */
    Reply validateToken(Call call) {
        String subject = subjectToken(call);
        return Reply.ok(iam.describe(subject, call.baseUrl(), withCatalog(call)))
                .withHeader("X-Subject-Token", subject);
    }

    /** {@code DELETE /v3/auth/tokens}: revokes the token in {@code X-Subject-Token}. */
    Reply revokeToken(Call call) {
        iam.revoke(subjectToken(call));
        return Reply.empty(204);
    }

    /** {@code GET /v3/projects?name=}: the caller's account's projects. */
    Reply projects(Call call) {
        String name = call.query("name");
        List<ProjectView> projects = iam.projects(call.principal().domainId(), name).stream()
                .map(ProjectView::of).toList();
        Map<String, Object> links = new java.util.LinkedHashMap<>();
        links.put("self", call.baseUrl() + "/v3/projects");
        links.put("previous", null);
        links.put("next", null);
        return Reply.ok(new ProjectsView(projects, links)).withHeader("X-IAM-Trace-Id", call.requestId());
    }

    /** {@code GET /v3/auth/projects}: the projects the caller may scope a token to (its account's, enabled). */
    Reply authProjects(Call call) {
        List<AuthProjectView> projects = iam.projects(call.principal().domainId(), null).stream()
                .filter(IamStore.ProjectRow::enabled)
                .map(p -> new AuthProjectView(p.id(), p.name(), p.domainId(), p.enabled(), false, p.domainId(),
                        p.description(), Map.of("self", call.baseUrl() + "/v3/projects/" + p.id())))
                .toList();
        return Reply.ok(new AuthProjectsView(projects, Map.of("self", call.baseUrl() + "/v3/auth/projects")));
    }

    /** {@code GET /v3/auth/domains}: the caller's account, which GlobalCredentials takes its domain id from. */
    Reply authDomains(Call call) {
        String domainId = call.principal().domainId();
        List<DomainView> domains = iam.domain(domainId).stream()
                .map(d -> new DomainView(d.id(), d.name(), true, "",
                        Map.of("self", call.baseUrl() + "/v3/domains/" + d.id())))
                .toList();
        return Reply.ok(new DomainsView(domains, Map.of("self", call.baseUrl() + "/v3/auth/domains")));
    }

    private static String subjectToken(Call call) {
        String subject = call.header("X-Subject-Token");
        if (subject == null || subject.isEmpty()) {
            throw new InvalidParameterException("X-Subject-Token", "the header is required");
        }
        return subject;
    }

    private static boolean withCatalog(Call call) {
        String nocatalog = call.query("nocatalog");
        return nocatalog == null || nocatalog.isEmpty();
    }

    record ProjectsView(@JsonProperty("projects") List<ProjectView> projects,
                        @JsonProperty("links") Map<String, Object> links) {
    }

    record ProjectView(@JsonProperty("id") String id, @JsonProperty("name") String name,
                       @JsonProperty("domain_id") String domainId, @JsonProperty("enabled") boolean enabled,
                       @JsonProperty("is_domain") boolean isDomain, @JsonProperty("parent_id") String parentId,
                       @JsonProperty("description") String description) {
        static ProjectView of(IamStore.ProjectRow p) {
            return new ProjectView(p.id(), p.name(), p.domainId(), p.enabled(), false, p.domainId(),
                    p.description());
        }
    }

    record AuthProjectsView(@JsonProperty("projects") List<AuthProjectView> projects,
                            @JsonProperty("links") Map<String, String> links) {
    }

    /** One project as KeystoneListAuthProjects answers it ({@code AuthProjectResult}). */
    record AuthProjectView(@JsonProperty("id") String id, @JsonProperty("name") String name,
                           @JsonProperty("domain_id") String domainId, @JsonProperty("enabled") boolean enabled,
                           @JsonProperty("is_domain") boolean isDomain, @JsonProperty("parent_id") String parentId,
                           @JsonProperty("description") String description,
                           @JsonProperty("links") Map<String, String> links) {
    }

    record DomainsView(@JsonProperty("domains") List<DomainView> domains,
                       @JsonProperty("links") Map<String, String> links) {
    }

    /** One account as KeystoneListAuthDomains answers it ({@code Domains}). */
    record DomainView(@JsonProperty("id") String id, @JsonProperty("name") String name,
                      @JsonProperty("enabled") boolean enabled, @JsonProperty("description") String description,
                      @JsonProperty("links") Map<String, String> links) {
    }
}
