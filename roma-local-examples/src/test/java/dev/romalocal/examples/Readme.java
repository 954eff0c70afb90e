package dev.romalocal.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** The README's example blocks: the fenced code between {@code <!-- example:NAME:begin -->} and its end marker. */
final class Readme {
    static final Path FILE = Path.of("..", "README.md");

    private Readme() {
    }

    static String block(String name) {
        String readme;
        try {
            readme = Files.readString(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int begin = readme.indexOf("<!-- example:" + name + ":begin -->");
        int end = readme.indexOf("<!-- example:" + name + ":end -->");
        if (begin < 0 || end < begin) {
            throw new AssertionError("README.md has no example block " + name);
        }
        return readme.substring(begin, end).lines()
                .filter(l -> !l.startsWith("<!--") && !l.startsWith("```"))
                .collect(Collectors.joining("\n")).strip();
    }
}
