package dev.romalocal.testing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The metrics test's parser refuses what the exposition format does not allow (so its passing means something). */
class PrometheusTextTest {
    @Test
    void parsesAWellFormedText() {
        PrometheusText t = PrometheusText.parse("""
                # HELP a_total Some \\\\ help\\n.
                # TYPE a_total counter
                a_total{x="1",y="q\\"uote\\\\"} 3.0
                # TYPE h_seconds histogram
                h_seconds_bucket{le="0.5"} 1
                h_seconds_bucket{le="+Inf"} 2
                h_seconds_count 2
                h_seconds_sum 0.75 1700000000000
                g NaN
                """);
        assertThat(t.value("a_total", "y", "q\"uote\\")).isEqualTo(3.0);
        assertThat(t.value("h_seconds_bucket", "le", "+Inf")).isEqualTo(2);
        assertThat(t.type("h_seconds")).isEqualTo("histogram");
    }

    @Test
    void refusesMalformedLines() {
        for (String bad : new String[] {
                "a 1",                                      // no final newline
                "1a 1\n",                                   // bad name
                "a{b=\"1\" 1\n",                            // unterminated labels
                "a{b=1} 1\n",                               // unquoted value
                "a{b=\"1\",b=\"2\"} 1\n",                   // label twice
                "a{b=\"\\x\"} 1\n",                         // bad escape
                "a one\n",                                  // bad value
                "a 1 2 3\n",                                // too many fields
                "a 1\na 2\n",                               // duplicate sample
                "# TYPE a counter\n# TYPE a gauge\n",       // type twice
                "# TYPE a widget\n",                        // unknown type
                "a 1\n# TYPE a counter\n",                  // type after samples
                "# TYPE h histogram\nh_bucket 1\n",         // bucket without le
                "# TYPE c counter\nc_bucket{le=\"1\"} 1\n", // counter with a bucket
        }) {
            assertThatThrownBy(() -> PrometheusText.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
