package dev.romalocal.api;

import dev.romalocal.error.ErrorCode;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Request recognition: templates, trailing slashes, escapes, 404 against 405. */
class RouteTableTest {
    private final RouteTable table = new RouteTable(OperationTableTest.routes());

    @Test
    void findsTheFoundingRouteAndItsParameters() {
        RouteTable.Match m = table.match(HttpMethod.GET, "/v2/p1/apic/instances/i-1");
        assertThat(m.route().operation()).isEqualTo("ShowDetailsOfInstanceV2");
        assertThat(m.params()).isEqualTo(Map.of("project_id", "p1", "instance_id", "i-1"));
        assertThat(table.match(HttpMethod.GET, "/v2/p1/apic/instances/i-1/").route().operation())
                .isEqualTo("ShowDetailsOfInstanceV2");
        assertThat(table.match(HttpMethod.GET, "/v2/p1/apic/instances/i-1/restriction").route().operation())
                .isEqualTo("ShowRestrictionOfInstanceV2");
    }

    @Test
    void listsWithAndWithoutATrailingSlash() {
        assertThat(table.match(HttpMethod.GET, "/v2/p1/instances").route().operation())
                .isEqualTo("CheckRomaInstanceListV2");
        assertThat(table.match(HttpMethod.GET, "/v2/p1/instances/").route().operation())
                .isEqualTo("CheckRomaInstanceListV2");
    }

    @Test
    void decodesEscapesInParametersAndRefusesMalformedOnes() {
        assertThat(table.match(HttpMethod.GET, "/v2/p%31/apic/instances/a%2Fb").params())
                .isEqualTo(Map.of("project_id", "p1", "instance_id", "a/b"));
        assertThat(table.match(HttpMethod.GET, "/v2/p1/apic/instances/a+b").params().get("instance_id"))
                .isEqualTo("a+b");
        assertThat(table.match(HttpMethod.GET, "/v2/p1/apic/instances/%zz").error()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void tellsUnknownPathsFromUnknownMethods() {
        assertThat(table.match(HttpMethod.GET, "/v2/p1/apic/instances").error()).isEqualTo(ErrorCode.API_NOT_FOUND);
        assertThat(table.match(HttpMethod.GET, "/v2//apic/instances/i").error()).isEqualTo(ErrorCode.API_NOT_FOUND);
        assertThat(table.match(HttpMethod.GET, "/v2/p1/apic/instances/i//").error())
                .isEqualTo(ErrorCode.API_NOT_FOUND);
        assertThat(table.match(HttpMethod.GET, "").error()).isEqualTo(ErrorCode.API_NOT_FOUND);
        assertThat(table.match(HttpMethod.GET, "/").route().operation()).as("the index").isEqualTo("Index");
        assertThat(table.match(HttpMethod.GET, "//x").error()).isEqualTo(ErrorCode.API_NOT_FOUND);
        assertThat(table.match(HttpMethod.POST, "/").error()).isEqualTo(ErrorCode.METHOD_NOT_ALLOWED);
        RouteTable.Match m = table.match(HttpMethod.PATCH, "/v2/p1/apic/instances/i-1");
        assertThat(m.error()).isEqualTo(ErrorCode.METHOD_NOT_ALLOWED);
        assertThat(m.allowed()).isEqualTo("GET, PUT");
        assertThat(table.match(HttpMethod.POST, "/v3/auth/tokens").route().operation())
                .isEqualTo("KeystoneCreateUserTokenByPassword");
        assertThat(table.match(HttpMethod.PUT, "/v3/auth/tokens").allowed()).isEqualTo("POST, GET, DELETE");
    }
}
