package dev.romalocal.api;

import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The operation table: well-formed declarations, and the README's coverage table generated from it. */
class OperationTableTest {
    static final String BEGIN = "<!-- operation table: generated from api/Routes, checked by OperationTableTest -->";
    static final String END = "<!-- end of operation table -->";

    static List<Route> routes() {
        return Routes.all(new Endpoints(new InstanceEndpoints(null, null), new LifecycleEndpoints(null, null), new IamEndpoints(null),
                new UserEndpoints(null), new AccountEndpoints(null), new PolicyEndpoints(null), new KeyEndpoints(null),
                new ControlEndpoints(null, null, null, null, null, () -> "h2", new RequestFaults(), List::of),
                new AuditEndpoints(null), new ConfigEndpoints(null, null), new MqsEndpoints(null),
                new HealthEndpoints(null), new SnapshotEndpoints(null),
                new OpsEndpoints(null), new ConsoleEndpoints(null, null, null, null, null, null)), 1024 * 1024);
    }

    @Test
    void everyRouteIsDeclaredOnceAndCompletely() {
        Set<String> seen = new HashSet<>();
        Set<String> operations = new HashSet<>();
        for (Route r : routes()) {
            assertThat(seen.add(r.method() + " " + r.path())).as("declared twice: %s %s", r.method(), r.path())
                    .isTrue();
            assertThat(operations.add(r.operation())).as("operation name used twice: %s", r.operation()).isTrue();
            assertThat(r.operation()).matches("[A-Z][A-Za-z0-9]+");
            assertThat(r.summary()).isNotBlank();
            assertThat(r.path()).startsWith("/");
            if (!r.path().equals("/")) { // the index is the root itself
                assertThat(r.path()).doesNotEndWith("/");
            }
            if (r.access() != Route.Access.PUBLIC) {
                assertThat(r.action()).as("%s needs a permission action", r.operation())
                        .matches("[a-z]+:[a-z]+:[a-z]+");
            }
            if (r.method() == HttpMethod.GET || r.method() == HttpMethod.DELETE || r.method() == HttpMethod.HEAD) {
                assertThat(r.bodyLimit()).as("%s takes no body", r.operation()).isZero();
            } else {
                assertThat(r.bodyLimit()).as("%s has a body limit", r.operation()).isPositive();
            }
            if (r.memoryFirst()) {
                assertThat(r.method()).as("memory-first routes may run twice: reads only").isEqualTo(HttpMethod.GET);
            }
        }
    }

    /** The generated bad requests (FuzzTest) reach every operation of the real service. */
    @Test
    void everyRealOperationIsFuzzed() {
        Set<String> fuzzed = new HashSet<>();
        for (String[] route : dev.romalocal.testing.BadRequests.ROUTES) {
            fuzzed.add(route[0] + " " + route[1].replaceAll("\\{[a-z]}", "{}"));
        }
        for (Route r : routes()) {
            if (r.real()) {
                assertThat(fuzzed).as("%s is missing from BadRequests.ROUTES", r.operation())
                        .contains(r.method().name() + " " + r.path().replaceAll("\\{[a-z_]+}", "{}"));
            }
        }
    }

    @Test
    void theReadmeCoverageTableIsTheOperationTable() throws IOException {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertThat(begin).as("README.md has the generated-table markers").isPositive();
        assertThat(end).isGreaterThan(begin);
        String actual = text.substring(begin + BEGIN.length(), end).strip();
        String expected = markdown(routes());
        assertThat(actual).as("README.md's API coverage table differs from api/Routes; replace it with:%n%s%n",
                expected).isEqualTo(expected);
    }

    static String markdown(List<Route> routes) {
        StringBuilder sb = new StringBuilder("| Method | Path | What (operation) | Kind | Permission |\n")
                .append("|---|---|---|---|---|\n");
        for (Route r : routes) {
            sb.append("| ").append(r.method().name()).append(" | `").append(r.path()).append("` | ")
                    .append(r.summary()).append(" (").append(r.operation()).append(") | ")
                    .append(r.real() ? "real" : "extension").append(" | ")
                    .append(r.action() == null ? "none" : "`" + r.action() + "`").append(" |\n");
        }
        return sb.toString().strip();
    }
}
