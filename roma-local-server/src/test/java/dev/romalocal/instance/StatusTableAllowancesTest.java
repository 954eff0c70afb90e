package dev.romalocal.instance;

import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import dev.romalocal.error.InvalidParameterException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The allowance table ({@link Action}): its rules, its refusal, and docs/api.md's copy of it. */
class StatusTableAllowancesTest {
    private static final String BEGIN = "<!-- status-allowances:begin -->\n";
    private static final String END = "<!-- status-allowances:end -->";

    @Test
    void docsApiShowsExactlyTheTable() throws IOException {
        Path doc = Path.of("../docs/api.md");
        if (!Files.exists(doc)) {
            doc = Path.of("docs/api.md");
        }
        String text = Files.readString(doc);
        int from = text.indexOf(BEGIN);
        int to = text.indexOf(END);
        assertThat(from).as("docs/api.md has the status-allowances section").isNotNegative();
        assertThat(text.substring(from + BEGIN.length(), to)).isEqualTo(Action.markdown());
    }

    @Test
    void theRulesTheApiDocuments() {
        EnumSet<InstanceStatus> idleRunningOrError = EnumSet.noneOf(InstanceStatus.class);
        for (InstanceStatus s : InstanceStatus.values()) {
            if (s.coarse(false) == CoarseStatus.RUNNING || s.coarse(false) == CoarseStatus.ERROR) {
                idleRunningOrError.add(s);
            }
        }
        assertThat(Action.RESTART.from()).isEqualTo(idleRunningOrError);
        assertThat(Action.FREEZE.from()).isEqualTo(idleRunningOrError);
        assertThat(Action.UPDATE.from()).isEqualTo(idleRunningOrError).contains(InstanceStatus.UNHEALTHY)
                .doesNotContain(InstanceStatus.FROZEN, InstanceStatus.STARTING, InstanceStatus.CREATE_FAIL);
        assertThat(Action.UPGRADE.from()).containsExactly(InstanceStatus.RUNNING);
        assertThat(Action.UNFREEZE.from()).containsExactly(InstanceStatus.FROZEN);
        assertThat(Action.UNHEALTHY.from()).containsExactly(InstanceStatus.RUNNING);
        assertThat(Action.HEALTHY.from()).containsExactly(InstanceStatus.UNHEALTHY);
        assertThat(Action.DELETE.from()).hasSize(34);
        for (Action a : Action.values()) {
            assertThat(a.needsIdle()).as(a.wire()).isEqualTo(a != Action.DELETE);
        }
    }

    @Test
    void aBusyInstanceIsRefusedWithTheOneMessage() {
        Instance busy = Instance.builder().id("i-1").projectId("p").status(InstanceStatus.RESTARTING)
                .activity(new Instance.Activity("restart", 0, 1, 0, null, Instance.Activity.Outcome.RUNNING))
                .build();
        assertThat(Action.DELETE.allows(busy)).isTrue();
        assertThat(Action.UPDATE.allows(busy)).isFalse();
        assertThatThrownBy(() -> Action.UPDATE.require(busy)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INSTANCE_STATE_CONFLICT);
            assertThat(e.getMessage()).contains("update needs an idle instance in coarse status ERROR or RUNNING")
                    .contains("this one is Restarting (restart in progress)");
        });
        Instance idle = busy.toBuilder().status(InstanceStatus.RUNNING).activity(null).build();
        assertThat(Action.UPDATE.allows(idle)).isTrue();
        assertThat(Action.UNFREEZE.refusal(idle).getMessage())
                .contains("unfreeze needs an idle instance in status Frozen; this one is Running");
    }

    @Test
    void oneStatusParse() {
        assertThat(InstanceStatus.parse("Frozen", null)).isEqualTo(InstanceStatus.FROZEN);
        assertThat(InstanceStatus.parse(null, 37)).isEqualTo(InstanceStatus.FROZEN);
        assertThat(InstanceStatus.parse("Frozen", 37)).isEqualTo(InstanceStatus.FROZEN);
        assertThat(InstanceStatus.parse(null, null)).isNull();
        assertThatThrownBy(() -> InstanceStatus.parse("frozen", null)).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("status");
        assertThatThrownBy(() -> InstanceStatus.parse(null, 9)).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("instance_status");
        assertThatThrownBy(() -> InstanceStatus.parse("Running", 37)).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("disagrees");
    }
}
