package dev.romalocal.cli;

import dev.romalocal.config.Settings;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code Settings.builder()} starts from exactly what {@code serve} uses without flags, and sets what it is told. */
class SettingsBuilderTest {

    @Test
    void builderDefaultsAreTheCommandLineDefaults() {
        // The variables the flags fall back to would change the command line's values: none may be set here.
        for (java.lang.reflect.Field f : ServeCommand.class.getDeclaredFields()) {
            CommandLine.Option o = f.getAnnotation(CommandLine.Option.class);
            if (o != null && o.defaultValue().startsWith("${env:")) {
                String variable = o.defaultValue().substring(6).split("[:}]")[0];
                assertThat(System.getenv(variable)).as(variable + " is set").isNull();
            }
        }
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs();
        assertThat(Settings.builder().build()).isEqualTo(serve.settings()).isEqualTo(Settings.defaults());
    }

    @Test
    void everyValueSetIsKeptAndTheRestStayDefault() {
        Settings s = Settings.builder().port(0).dataDir(Path.of("/tmp/x")).lifecycleProfile("instant")
                .admin("root", "pw-123456").accessKey("AK", "SK").subnet("s-1", "10.0.0.0/24")
                .accessMode(Settings.AccessMode.OFF).tokenTtl(Duration.ofMinutes(5)).workers(3).build();
        assertThat(s.http().port()).isZero();
        assertThat(s.http().host()).isEqualTo(Settings.DEFAULT_HOST);
        assertThat(s.store().dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(s.store().jdbcUrl()).isNull();
        assertThat(s.lifecycle().profile()).isEqualTo("instant");
        assertThat(s.lifecycle().subnets()).isEqualTo(Map.of("s-1", "10.0.0.0/24"));
        assertThat(s.lifecycle().workers()).isEqualTo(3);
        assertThat(s.identity().adminUser()).isEqualTo("root");
        assertThat(s.identity().secretKey()).isEqualTo("SK");
        assertThat(s.identity().accessMode()).isEqualTo(Settings.AccessMode.OFF);
        assertThat(s.identity().projectId()).isEqualTo(Settings.DEFAULT_PROJECT_ID);
        // The builder and the with-methods agree.
        assertThat(s.toBuilder().build()).isEqualTo(s);
        assertThat(Settings.builder().port(0).dataDir(Path.of("d")).build())
                .isEqualTo(Settings.defaults().withPort(0).withDataDir(Path.of("d")));
        assertThatThrownBy(() -> Settings.builder().port(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Settings.builder().workers(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
