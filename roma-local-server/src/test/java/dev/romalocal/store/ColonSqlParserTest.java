package dev.romalocal.store;

import org.jdbi.v3.core.statement.ColonPrefixSqlParser;
import org.jdbi.v3.core.statement.ParsedSql;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ColonSqlParser} reads every statement as JDBI's own parser does: the same text and parameters where JDBI
 * accepts it, a refusal where JDBI refuses it (named and positional parameters mixed). Statements are generated
 * (seeded) from the pieces the lexer tells apart: quotes, escapes and comments, ended or not, colons, question
 * marks, name characters and any other character.
 */
class ColonSqlParserTest {
    private static final String[] PIECES = {
        "SELECT", "id", " ", "\n", "\t", "a", "Z", "_", ".", "#", "7", ",", "(", ")", "=", "<", ">", "*", "/", "%",
        "[", "]", "{", "}", "$", "~", "`", "@", "!", ";", "+", "-", "^", "|", "&",
        ":", "::", ":=", ":name", ":a.b", ":x?.y", ":_1", "?", "??", "?.", "???",
        "'", "''", "'text'", "'it''s'", "\\", "\\'", "\\:", "\\?", "\"", "\"\"", "\"Col\"",
        "/*", "*/", "/* :hidden ? */", "//", "--", "-- :hidden ?", "é", "\r", "\f", "\u0000",
        ":$x", ":é", ":a\uD83D\uDE00b", "\uD83D\uDE00", "\uD83D", "\uDE00", ":\uD83D", ":\uDE00",
    };

    private final ColonPrefixSqlParser jdbi = new ColonPrefixSqlParser();

    @Test
    void generatedStatementsReadAsJdbiReadsThem() {
        SplittableRandom random = new SplittableRandom(20261202);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder sql = new StringBuilder();
            int pieces = random.nextInt(1, 16);
            for (int p = 0; p < pieces; p++) {
                sql.append(PIECES[random.nextInt(PIECES.length)]);
            }
            if (same(sql.toString())) {
                accepted++;
            } else {
                refused++;
            }
        }
        // Both kinds of outcome were compared many times, not only one of them.
        assertThat(accepted).isGreaterThan(5_000);
        assertThat(refused).isGreaterThan(5_000);
    }

    /** Statements of the kinds this server writes (every real one runs through the parser in the other tests). */
    @Test
    void statementsLikeThisServersReadAsJdbiReadsThem() {
        for (String sql : new String[] {
            "SELECT id, doc FROM instances WHERE project_id = :projectId AND id = :id",
            "UPDATE clock SET offset_ms = :offset WHERE id = 1 AND version = :version",
            "SELECT count(*) FROM (SELECT 1 FROM instances WHERE project_id = :p LIMIT :quota) q",
            "INSERT INTO t (a, b) VALUES (:a, CAST(:b AS JSONB)) ON CONFLICT (a) DO UPDATE SET b = excluded.b",
            "SELECT doc::text FROM instances WHERE doc LIKE '%\"health_check\":{%' AND id IN (:__ids_0, :__ids_1)",
            "SELECT * FROM t WHERE a = ? AND b = ?",
            "/* a comment with :name and ? */ SELECT 1",
            "",
        }) {
            assertThat(same(sql)).as(sql).isTrue();
        }
        assertThat(ColonSqlParser.parse("SELECT :a, ':b', \"c:d\", x::int, \\:e").getSql())
                .isEqualTo("SELECT ?, ':b', \"c:d\", x::int, :e");
    }

    @Test
    void mixedParametersAreRefusedWithJdbisException() {
        assertThatThrownBy(() -> new ColonSqlParser().parse("SELECT :a, ?", null))
                .isInstanceOf(UnableToExecuteStatementException.class).hasMessageContaining("Cannot mix");
    }

    /** True when both accept {@code sql} alike, false when both refuse it; fails when they disagree. */
    private boolean same(String sql) {
        ParsedSql theirs;
        try {
            theirs = jdbi.parse(sql, null);
        } catch (RuntimeException e) {
            assertThatThrownBy(() -> new ColonSqlParser().parse(sql, null)).as("JDBI refuses [%s]", sql)
                    .isInstanceOf(e.getClass()).hasMessage(e.getMessage());
            return false;
        }
        assertThat(ColonSqlParser.parse(sql)).as("[%s]", sql).isEqualTo(theirs);
        return true;
    }
}
