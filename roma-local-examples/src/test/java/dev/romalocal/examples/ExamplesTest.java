package dev.romalocal.examples;

import com.huaweicloud.sdk.roma.v2.model.ShowDetailsOfInstanceV2Response;
import com.huaweicloud.sdk.roma.v2.model.ShowDetailsOfInstanceV2Response.StatusEnum;
import dev.romalocal.client.RomaLocalControl;
import dev.romalocal.junit5.RomaInstance;
import dev.romalocal.junit5.RomaLocalEndpoint;
import dev.romalocal.junit5.RomaLocalTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's examples, run against an in-process server on its defaults (the port aside). */
@RomaLocalTest(pausedClock = true)
@RomaInstance(id = "demo-1", status = "Running", spec = "ROMA_BASIC")
class ExamplesTest {

    @Test
    void readAnInstance(@RomaLocalEndpoint String endpoint) {
        ShowDetailsOfInstanceV2Response demo = ReadAnInstance.read(endpoint, "demo-1");
        assertThat(demo.getId()).isEqualTo("demo-1");
        assertThat(demo.getStatus()).isEqualTo(StatusEnum.RUNNING);
    }

    @Test
    void readWithDiscovery(@RomaLocalEndpoint String endpoint) {
        ShowDetailsOfInstanceV2Response demo = ReadWithDiscovery.read(endpoint, "demo-1");
        assertThat(demo.getId()).isEqualTo("demo-1");
        assertThat(demo.getProjectId()).isEqualTo("0123456789abcdef0123456789abcdef");
    }

    @Test
    void createV3(@RomaLocalEndpoint String endpoint, RomaLocalControl control) throws Exception {
        String id = CreateV3.create(endpoint, "payments");
        assertThat(ReadAnInstance.read(endpoint, id).getStatus()).isEqualTo(StatusEnum.CREATING);
        control.advanceClock(Duration.ofSeconds(4)); // the server's default "fast" profile: 4 s of clock time
        ShowDetailsOfInstanceV2Response running = ReadAnInstance.read(endpoint, id);
        assertThat(running.getStatus()).isEqualTo(StatusEnum.RUNNING);
        assertThat(running.getInstanceName()).isEqualTo("payments");
        assertThat(running.getMaintainBegin()).isEqualTo("22:00:00");
    }

    /** The README's curl walk-through, run by bash as a user would paste it (only the port differs). */
    @Test
    void theCurlWalkThrough(@RomaLocalEndpoint String endpoint) throws IOException, InterruptedException {
        String script = Readme.block("curl").replace("http://127.0.0.1:9090", endpoint);
        Path file = Files.createTempFile("readme-curl", ".sh");
        Files.writeString(file, "set -euo pipefail\n" + script + "\n");
        Process bash = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true).start();
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).as("the script ends").isTrue();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Files.delete(file);
        assertThat(bash.exitValue()).as(out).isZero();
        assertThat(out).contains("\"instance_name\":\"demo-one\"").contains("\"spec\":\"ROMA_BASIC\"")
                .contains("\"name\":\"payments\"").contains("\"status\":\"CREATING\"");
    }
}
