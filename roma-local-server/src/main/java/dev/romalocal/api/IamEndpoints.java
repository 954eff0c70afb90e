package dev.romalocal.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.romalocal.error.InvalidParameterException;
import dev.romalocal.iam.IamService;
import dev.romalocal.iam.IamStore;
import dev.romalocal.iam.PasswordAuthRequest;
import dev.romalocal.iam.PasswordChecks;

import java.util.List;
import java.util.Map;

/** Keystone-style IAM: password tokens (create, validate, revoke) and the project lookup the SDK uses. */
final class IamEndpoints {
    private final IamService iam;

    IamEndpoints(IamService iam) {
        this.iam = iam;
    }

    /** {@code POST /v3/auth/tokens}: 201 with the token in {@code X-Subject-Token}. */
    Reply createToken(Call call) {
        PasswordAuthRequest req = PasswordAuthRequest.parse(call.json());
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
}
