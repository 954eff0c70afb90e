package dev.romalocal.instance;

import dev.romalocal.error.InvalidParameterException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RulesTest {

    @Test
    void maintenanceWindowBeginsOnTheDocumentedHoursAndLastsFourHours() {
        for (int h : new int[] {2, 6, 10, 14, 18, 22}) {
            String begin = String.format("%02d:00:00", h);
            assertThatCode(() -> Rules.maintenanceWindow("b", begin, "e", Rules.maintainEndFor(begin)))
                    .doesNotThrowAnyException();
        }
        assertThatThrownBy(() -> Rules.maintenanceWindow("b", "04:00:00", "e", "08:00:00"))
                .isInstanceOf(InvalidParameterException.class).hasMessageStartingWith("b:");
        assertThatThrownBy(() -> Rules.maintenanceWindow("b", "22:00:00", "e", "23:00:00"))
                .isInstanceOf(InvalidParameterException.class).hasMessageStartingWith("e:");
        assertThatThrownBy(() -> Rules.maintenanceWindow("b", "22:30:00", "e", "02:30:00"))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> Rules.maintenanceWindow("b", null, "e", "02:00:00"))
                .isInstanceOf(InvalidParameterException.class);
        assertThatCode(() -> Rules.maintenanceWindow("b", null, "e", null)).doesNotThrowAnyException();
    }

    @Test
    void pathIds() {
        assertThatCode(() -> Rules.instanceId("i", "0ebd7c1c-1b9e-4e1a-9e4e-0d8a2c9c1a11")).doesNotThrowAnyException();
        assertThatThrownBy(() -> Rules.instanceId("i", "a b")).isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> Rules.projectId("p", "{project_id}")).isInstanceOf(InvalidParameterException.class);
    }
}
