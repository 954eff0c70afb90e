package dev.romalocal.instance;

import dev.romalocal.error.InvalidParameterException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RulesTest {

    @Test
    void maintenanceWindowBeginsOnTheDocumentedHoursAndLastsFourHours() {
        for (int h : new int[] {2, 6, 10, 14, 18, 22}) {
            String begin = String.format("%02d:00:00", h);
            assertThat(Rules.windowProblem(begin, Rules.maintainEndFor(begin), false)).isNull();
            assertThat(Rules.windowProblem(begin, null, true)).as("a begin alone, where allowed").isNull();
        }
        assertThat(Rules.windowProblem("04:00:00", "08:00:00", false).inBegin()).isTrue();
        assertThat(Rules.windowProblem("22:00:00", "23:00:00", false).inBegin()).isFalse();
        assertThat(Rules.windowProblem("22:30:00", "02:30:00", false)).isNotNull();
        assertThat(Rules.windowProblem(null, "02:00:00", false).inBegin()).isTrue();
        assertThat(Rules.windowProblem(null, "02:00:00", true).inBegin()).isTrue();
        assertThat(Rules.windowProblem("22:00:00", null, false).inBegin()).as("the end is missing").isFalse();
        assertThat(Rules.windowProblem("23:00:00", null, true).inBegin()).isTrue();
        assertThat(Rules.windowProblem(null, null, false)).isNull();
    }

    @Test
    void pathIds() {
        assertThatCode(() -> Rules.instanceId("i", "0ebd7c1c-1b9e-4e1a-9e4e-0d8a2c9c1a11")).doesNotThrowAnyException();
        assertThatThrownBy(() -> Rules.instanceId("i", "a b")).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> Rules.projectId("p", "{project_id}")).isInstanceOf(InvalidParameterException.class);
    }
}
