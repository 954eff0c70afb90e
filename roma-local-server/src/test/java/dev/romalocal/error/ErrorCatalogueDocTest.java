package dev.romalocal.error;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/errors.md and {@link ErrorCode} list the same catalogue: every entry, its code, status and message. */
class ErrorCatalogueDocTest {
    record Row(String code, int status, String name, String template) {
    }

    static List<Row> documented() throws IOException {
        Path doc = Path.of("..", "docs", "errors.md");
        if (!Files.exists(doc)) {
            doc = Path.of("docs", "errors.md");
        }
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(doc)) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            // cells[0] is empty (before the first '|')
            rows.add(new Row(unquote(cells[1]), Integer.parseInt(cells[2].trim()), unquote(cells[3]),
                    cells[4].trim()));
        }
        return rows;
    }

    private static String unquote(String cell) {
        return cell.trim().replace("`", "");
    }

    @Test
    void everyErrorCodeIsDocumentedWithItsStatusAndMessage() throws IOException {
        List<Row> rows = documented();
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(rows).as("docs/errors.md row for %s", code.name())
                    .contains(new Row(code.code(), code.httpStatus(), code.name(), code.message()));
        }
    }

    @Test
    void theDocumentListsNoCodeAndStatusThatErrorCodeLacks() throws IOException {
        Set<String> real = new TreeSet<>();
        for (ErrorCode code : ErrorCode.values()) {
            real.add(code.code() + " " + code.httpStatus());
        }
        List<Row> rows = documented();
        assertThat(rows).isNotEmpty();
        for (Row row : rows) {
            assertThat(real).as("docs/errors.md lists %s %d (%s), which ErrorCode does not have", row.code(),
                    row.status(), row.name()).contains(row.code() + " " + row.status());
        }
        assertThat(rows).as("one row per ErrorCode").hasSize(ErrorCode.values().length);
    }
}
