package dev.romalocal.process;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two artifacts of the module: the library jar (what other modules and users depend on) holds only ROMA Local's
 * own classes and resources and registers no logging configuration; the executable jar for {@code serve} holds
 * every dependency, Logback included, and registers the server's one-line configuration.
 */
class PackagingIT {
    private static final Path EXECUTABLE = Path.of(System.getProperty("roma.local.jar", "target/roma-local.jar"));
    private static final Path LIBRARY = EXECUTABLE.resolveSibling("roma-local-server.jar");
    private static final String LOGBACK_CONFIGURATOR = "META-INF/services/ch.qos.logback.classic.spi.Configurator";

    @Test
    void theLibraryJarHoldsNoShadedDependencies() throws IOException {
        assertThat(LIBRARY).exists();
        try (JarFile jar = new JarFile(LIBRARY.toFile())) {
            List<String> classes = jar.stream().map(ZipEntry::getName).filter(n -> n.endsWith(".class")).toList();
            assertThat(classes).isNotEmpty().allMatch(n -> n.startsWith("dev/romalocal/"));
            assertThat(jar.getEntry(LOGBACK_CONFIGURATOR)).isNull();
        }
    }

    @Test
    void theExecutableJarBundlesLogbackAndItsConfiguration() throws IOException {
        assertThat(Files.size(EXECUTABLE)).isGreaterThan(Files.size(LIBRARY));
        try (JarFile jar = new JarFile(EXECUTABLE.toFile())) {
            assertThat(jar.getEntry("ch/qos/logback/classic/Logger.class")).isNotNull();
            assertThat(jar.getEntry("com/fasterxml/jackson/databind/ObjectMapper.class")).isNotNull();
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.romalocal.cli.Main");
            ZipEntry services = jar.getEntry(LOGBACK_CONFIGURATOR);
            assertThat(services).isNotNull();
            try (InputStream in = jar.getInputStream(services)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim())
                        .isEqualTo("dev.romalocal.logging.LogConfigurator");
            }
        }
    }
}
