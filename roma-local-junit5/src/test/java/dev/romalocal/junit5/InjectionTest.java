package dev.romalocal.junit5;

import com.huaweicloud.sdk.iam.v3.IamClient;
import com.huaweicloud.sdk.iam.v3.model.KeystoneListProjectsRequest;
import com.huaweicloud.sdk.iam.v3.model.ProjectResult;
import com.huaweicloud.sdk.roma.v2.RomaClient;
import com.huaweicloud.sdk.roma.v2.model.ShowDetailsOfInstanceV2Request;
import dev.romalocal.RomaLocal;
import dev.romalocal.client.RomaLocalControl;
import dev.romalocal.client.RomaLocalCredentials;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** Every injectable type, in test methods, the constructor and @BeforeAll, all of the one server of the class. */
class InjectionTest {
    @RegisterExtension
    static final RomaLocalExtension ROMA = RomaLocalExtension.builder()
            .instance("inj-1", "Running", "ROMA_PLATINUM").build();

    private static RomaLocalServer beforeAllServer;
    private final URI constructorEndpoint;

    InjectionTest(URI endpoint) {
        this.constructorEndpoint = endpoint;
    }

    @BeforeAll
    static void beforeAll(RomaLocalServer server) {
        beforeAllServer = server;
    }

    @Test
    void theEndpointAndTheServer(URI endpoint, @RomaLocalEndpoint String endpointText, RomaLocalServer server,
                                 RomaLocal romaLocal) {
        assertThat(endpoint).isEqualTo(constructorEndpoint).isEqualTo(server.endpoint());
        assertThat(endpointText).isEqualTo(endpoint.toString()).startsWith("http://127.0.0.1:");
        assertThat(server).isSameAs(beforeAllServer).isSameAs(ROMA.server());
        assertThat(romaLocal).isSameAs(server.server());
        assertThat(romaLocal.port()).isEqualTo(endpoint.getPort()).isEqualTo(server.port());
        assertThat(server.storeKind()).as("-D" + RomaLocalServer.JDBC_URL_PROPERTY + " puts every server on PostgreSQL")
                .isEqualTo(System.getProperty(RomaLocalServer.JDBC_URL_PROPERTY) == null ? "h2" : "postgresql");
    }

    @Test
    void theCredentialsAreTheServersBuiltInIdentity(RomaLocalCredentials credentials) {
        assertThat(credentials).isEqualTo(RomaLocalCredentials.defaults()).isEqualTo(ROMA.credentials());
        assertThat(credentials.toString()).doesNotContain(credentials.secretKey(), credentials.password());
    }

    @Test
    void theControlClientActsOnThisServer(RomaLocalControl control) {
        assertThat(control).isSameAs(ROMA.control());
        assertThat(control.endpoint()).isEqualTo(ROMA.endpoint());
        assertThat(control.instance("inj-1")).hasValueSatisfying(i -> assertThat(i.spec()).isEqualTo("ROMA_PLATINUM"));
    }

    @Test
    void aConfiguredRomaClient(RomaClient roma, RomaClient again) {
        assertThat(again).as("made once per server").isSameAs(roma);
        assertThat(roma.showDetailsOfInstanceV2(new ShowDetailsOfInstanceV2Request().withInstanceId("inj-1"))
                .getSpec().getValue()).isEqualTo("ROMA_PLATINUM");
    }

    @Test
    void aConfiguredIamClient(IamClient iam, RomaLocalCredentials credentials) {
        assertThat(iam.keystoneListProjects(new KeystoneListProjectsRequest()).getProjects())
                .extracting(ProjectResult::getId).contains(credentials.projectId());
    }
}
