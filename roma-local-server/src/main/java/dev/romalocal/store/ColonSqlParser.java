package dev.romalocal.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jdbi.v3.core.statement.ParsedSql;
import org.jdbi.v3.core.statement.SqlParser;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * JDBI's {@code :name} parameter syntax, read by one pass over the statement: the same tokens as JDBI's own
 * {@code ColonPrefixSqlParser} (a generated ANTLR lexer), with the same result for every statement
 * ({@code ColonSqlParserTest} compares the two on generated statements).
 *
 * <p>Why: on one core, JDBI's lexer was ~0.07 s of a start: its first statements build the lexer's tables while the
 * JIT compiles its loops (docs/architecture.md, "Start-up and memory").
 *
 * <p>The tokens, as that lexer has them: {@code /* ... *}{@code /} comments, {@code //} and {@code --} comments to the
 * line's end, {@code '...'} (with {@code \'} inside) and {@code "..."} (not empty) are copied as they are; {@code \x}
 * outside them is {@code x}; {@code :name} (letters as Java has them, digits, {@code .} and {@code ?.}) is a named
 * parameter, while {@code ::} is text; {@code ?} is a positional parameter, while {@code ??} is text; everything else
 * is text, including a quote, comment or escape that does not end. Parsed statements are kept (up to 1,000), as
 * JDBI's parser keeps them.
 */
public final class ColonSqlParser implements SqlParser {
    private final Cache<String, ParsedSql> parsed = Caffeine.newBuilder().maximumSize(1_000).build();

    @Override
    public ParsedSql parse(String sql, StatementContext ctx) {
        ParsedSql hit = parsed.getIfPresent(sql);
        if (hit != null) {
            return hit;
        }
        ParsedSql p = parse(sql);
        parsed.put(sql, p);
        return p;
    }

    @Override
    public String nameParameter(String rawName, StatementContext ctx) {
        return ":" + rawName;
    }

    /**
     * The statement's text for the driver and its parameters. JDBI's builder refuses named and positional parameters
     * mixed; nothing else is refused: what no other token takes is text, as in JDBI's lexer.
     */
    static ParsedSql parse(String sql) {
        ParsedSql.Builder b = ParsedSql.builder();
        StringBuilder text = new StringBuilder(sql.length());
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            char next = i + 1 < n ? sql.charAt(i + 1) : 0;
            int to = i + 1;
            if (c == '/' && next == '*') {
                int end = sql.indexOf("*/", i + 2);
                to = end < 0 ? to : end + 2;
            } else if (c == '/' && next == '/' || c == '-' && next == '-') {
                to = lineEnd(sql, i + 2);
            } else if (c == '\\' && i + 1 < n) {
                text.append(next);
                i += 2;
                continue;
            } else if (c == '\'') {
                to = singleQuoted(sql, i);
            } else if (c == '"') {
                int end = sql.indexOf('"', i + 1);
                to = end > i + 1 ? end + 1 : to;
            } else if (c == ':' || c == '?') {
                if (next == c) {
                    to = i + 2;
                } else if (c == '?') {
                    flush(b, text);
                    b.appendPositionalParameter();
                    i = to;
                    continue;
                } else {
                    int end = nameEnd(sql, i + 1);
                    if (end > i + 1) {
                        flush(b, text);
                        b.appendNamedParameter(sql.substring(i + 1, end));
                        i = end;
                        continue;
                    }
                }
            }
            text.append(sql, i, to);
            i = to;
        }
        flush(b, text);
        return b.build();
    }

    /**
     * Where the quoted text starting at {@code from} ends (exclusive), or {@code from + 1} when it does not (the
     * quote is then text on its own). Inside, {@code \'} is a quote that does not end it, unless nothing later does:
     * then the lexer's longest match ends at the last such quote.
     */
    private static int singleQuoted(String sql, int from) {
        int lastEscapedQuote = from;
        for (int j = from + 1; j < sql.length(); j++) {
            char d = sql.charAt(j);
            if (d == '\\' && j + 1 < sql.length() && sql.charAt(j + 1) == '\'') {
                lastEscapedQuote = j + 1;
                j++;
            } else if (d == '\'') {
                return j + 1;
            }
        }
        return lastEscapedQuote + 1;
    }

    /** Where the line that {@code from} is on ends: its {@code \r} or {@code \n}, or the statement's end. */
    private static int lineEnd(String sql, int from) {
        int j = from;
        while (j < sql.length() && sql.charAt(j) != '\n' && sql.charAt(j) != '\r') {
            j++;
        }
        return j;
    }

    /** The end of a parameter's name starting at {@code from} ({@code from} itself when there is none). */
    private static int nameEnd(String sql, int from) {
        int j = from;
        while (j < sql.length()) {
            char d = sql.charAt(j);
            if (Character.isHighSurrogate(d)) {
                // A letter beyond the 16-bit characters is two chars; half of one is not a letter.
                if (j + 1 < sql.length() && Character.isLowSurrogate(sql.charAt(j + 1))) {
                    j += 2;
                } else {
                    break;
                }
            } else if (isNameChar(d)) {
                j++;
            } else if (d == '?' && j + 1 < sql.length() && sql.charAt(j + 1) == '.') {
                j += 2;
            } else {
                break;
            }
        }
        return j;
    }

    /** A letter as Java has them ({@code $ _} and any character beyond ASCII), a digit or {@code .}. */
    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
                || c == '$' || c > 0x7F;
    }

    private static void flush(ParsedSql.Builder b, StringBuilder text) {
        if (!text.isEmpty()) {
            b.append(text.toString());
            text.setLength(0);
        }
    }
}
