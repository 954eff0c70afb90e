package dev.romalocal.logging;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The cached timestamps equal the formatter's for any instant, in any order (generated, seeded). */
class TimestampsTest {
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    @Test
    void everyInstantFormatsAsTheFormatterDoes() {
        SplittableRandom random = new SplittableRandom(20261201);
        long now = System.currentTimeMillis();
        long[] edges = {0, 1, 9, 10, 99, 100, 999, 1000, -1, -999, -1000, now - now % 1000, now - now % 1000 - 1};
        for (long m : edges) {
            check(m);
        }
        for (int i = 0; i < 100_000; i++) {
            // mostly close together (the cache's case), sometimes anywhere from 1970 to 2100, sometimes before 1970
            long m = switch (random.nextInt(3)) {
                case 0 -> now + random.nextLong(-3_000, 3_000);
                case 1 -> random.nextLong(0, 4_102_444_800_000L);
                default -> -random.nextLong(1, 100_000_000_000L);
            };
            check(m);
        }
    }

    private static void check(long millis) {
        assertThat(Timestamps.append(new StringBuilder(), millis).toString()).as("%d", millis)
                .isEqualTo(FULL.format(Instant.ofEpochMilli(millis)));
    }
}
