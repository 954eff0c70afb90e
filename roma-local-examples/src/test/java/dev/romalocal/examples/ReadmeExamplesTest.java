package dev.romalocal.examples;

import com.huaweicloud.sdk.roma.v2.RomaClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The README shows the examples this module compiles (and ExamplesTest runs), word for word. */
class ReadmeExamplesTest {

    @ParameterizedTest
    @ValueSource(strings = {"ReadAnInstance", "ReadWithDiscovery", "CreateV3"})
    void theReadmeShowsTheExampleAsItIs(String name) throws IOException {
        String source = Files.readString(Path.of("src", "main", "java", "dev", "romalocal", "examples",
                        name + ".java")).lines()
                .filter(l -> !l.startsWith("package "))
                .collect(Collectors.joining("\n")).strip();
        assertThat(Readme.block(name)).as("README.md's example block %s: paste %s.java there (less its package "
                + "line)", name, name).isEqualTo(source);
    }

    /** The dependency the README shows is the one these examples compile against, in the same version. */
    @Test
    void theReadmesDependencyIsTheOneCompiledAgainst() throws IOException {
        Properties sdk = new Properties();
        try (InputStream in = RomaClient.class.getResourceAsStream(
                "/META-INF/maven/com.huaweicloud.sdk/huaweicloud-sdk-roma/pom.properties")) {
            sdk.load(in);
        }
        assertThat(Readme.block("pom")).isEqualTo("""
                <dependency>
                  <groupId>com.huaweicloud.sdk</groupId>
                  <artifactId>huaweicloud-sdk-roma</artifactId>
                  <version>%s</version>
                </dependency>""".formatted(sdk.getProperty("version")));
    }
}
