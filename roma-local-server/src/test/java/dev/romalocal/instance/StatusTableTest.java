package dev.romalocal.instance;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The status table holds exactly the 34 documented pairs and the design's coarse mapping. */
class StatusTableTest {

    @Test
    void thirtyFourPairsWithTheDocumentedNumbers() {
        assertThat(InstanceStatus.values()).hasSize(34);
        Set<Integer> numbers = Arrays.stream(InstanceStatus.values()).map(InstanceStatus::number)
                .collect(Collectors.toSet());
        assertThat(numbers).hasSize(34).doesNotContain(9, 14, 15, 16, 17, 18, 19);
        assertThat(InstanceStatus.fromWire("UnRegisterFailed")).contains(InstanceStatus.UNREGISTER_FAILED);
        assertThat(InstanceStatus.fromWire("UnregisterTimeout")).contains(InstanceStatus.UNREGISTER_TIMEOUT);
        assertThat(InstanceStatus.fromWire("Unregisterfailed")).isEmpty();
        assertThat(InstanceStatus.fromNumber(41)).contains(InstanceStatus.RESTART_TIMEOUT);
        assertThat(InstanceStatus.fromNumber(9)).isEmpty();
    }

    @Test
    void coarseStatusesFollowTheDesign() {
        assertThat(InstanceStatus.INSTALL_TIMEOUT.coarse(false)).isEqualTo(CoarseStatus.CREATE_FAILED);
        assertThat(InstanceStatus.UNREGISTER_TIMEOUT.coarse(false)).isEqualTo(CoarseStatus.DELETE_FALIED);
        assertThat(InstanceStatus.ROLLBACK_SUCCESS.coarse(false)).isEqualTo(CoarseStatus.RUNNING);
        assertThat(InstanceStatus.UNHEALTHY.coarse(false)).isEqualTo(CoarseStatus.ERROR);
        assertThat(InstanceStatus.STARTING.coarse(false)).isEqualTo(CoarseStatus.CREATING);
        assertThat(InstanceStatus.STARTING.coarse(true)).isEqualTo(CoarseStatus.RUNNING);
        assertThat(InstanceStatus.FROZEN.coarse(false)).isEqualTo(CoarseStatus.FROZEN);
    }
}
