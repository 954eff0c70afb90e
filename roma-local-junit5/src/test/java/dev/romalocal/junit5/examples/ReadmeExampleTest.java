package dev.romalocal.junit5.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's JUnit 5 example is RomaLocalExampleTest, word for word (less its package line), so it compiles. */
class ReadmeExampleTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Path EXAMPLE = Path.of("src", "test", "java", "dev", "romalocal", "junit5", "examples",
            "RomaLocalExampleTest.java");

    @Test
    void theReadmeShowsTheExampleTestAsItIs() throws IOException {
        String readme = Files.readString(README);
        int begin = readme.indexOf("<!-- junit5-example:begin -->");
        int end = readme.indexOf("<!-- junit5-example:end -->");
        assertThat(begin).as("the README's example markers").isNotNegative().isLessThan(end);
        String shown = readme.substring(begin, end).lines()
                .filter(l -> !l.startsWith("<!--") && !l.startsWith("```"))
                .collect(Collectors.joining("\n")).strip();
        String source = Files.readString(EXAMPLE).lines()
                .filter(l -> !l.startsWith("package ") && !l.startsWith("// The README"))
                .collect(Collectors.joining("\n")).strip();
        assertThat(shown).as("README.md between the junit5-example markers: paste RomaLocalExampleTest there")
                .isEqualTo(source);
    }
}
