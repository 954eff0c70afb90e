package dev.romalocal.junit5;

import dev.romalocal.client.ClockState;
import dev.romalocal.client.Faults;
import dev.romalocal.client.InstanceAction;
import dev.romalocal.client.InstanceDetail;
import dev.romalocal.client.InstanceEvent;
import dev.romalocal.client.RequestFault;
import dev.romalocal.client.ResetResult;
import dev.romalocal.client.RomaLocalControl;
import dev.romalocal.client.RomaLocalControlException;
import dev.romalocal.client.RomaLocalCredentials;
import dev.romalocal.client.StepFault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RomaLocalControl against a running server: every call, both kinds of credentials, and refusals. */
class ControlClientTest {
    @RegisterExtension
    static final RomaLocalExtension ROMA = RomaLocalExtension.builder().pausedClock().build();

    @Test
    void theClockPausesAdvancesAndResumes(RomaLocalControl control) {
        ClockState paused = control.clock();
        assertThat(paused.paused()).isTrue();
        ClockState moved = control.advanceClock(Duration.ofMillis(90_500));
        assertThat(moved.nowMillis() - paused.nowMillis()).isEqualTo(90_500);
        assertThat(control.clock().nowMillis()).as("paused: time stands").isEqualTo(moved.nowMillis());
        ClockState resumed = control.resumeClock();
        assertThat(resumed.paused()).isFalse();
        assertThat(resumed.now()).as("resuming keeps the advance").isAfterOrEqualTo(moved.now());
        // The clock was paused at wall time when the test began and stood still since: the offset it resumes with is
        // the advance less the wall time that passed meanwhile.
        assertThat(resumed.offsetMillis()).isPositive().isLessThanOrEqualTo(90_500);
        assertThat(control.pauseClock().paused()).isTrue();
        assertThatThrownBy(() -> control.advanceClock(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theClockReturnsToWallTimeOnRequestAndOnReset(RomaLocalControl control) {
        control.advanceClock(Duration.ofHours(2));
        ClockState ahead = control.resumeClock();
        assertThat(ahead.offsetMillis()).as("resuming keeps the advance (less the wall time the pause stood)")
                .isGreaterThan(7_000_000).isLessThanOrEqualTo(7_200_000);
        ClockState wall = control.resumeClockAtWallTime();
        assertThat(wall.paused()).isFalse();
        assertThat(wall.offsetMillis()).isZero();
        assertThat(Math.abs(wall.nowMillis() - System.currentTimeMillis())).isLessThan(5_000);
        ClockState behind = control.setClockOffset(Duration.ofMinutes(-30));
        assertThat(behind.offsetMillis()).isEqualTo(-1_800_000);
        assertThat(behind.paused()).as("the offset leaves the pause as it was").isFalse();
        control.pauseClock();
        control.reset(true);
        assertThat(control.clock().paused()).as("keep_clock keeps the pause").isTrue();
        control.reset();
        ClockState afterReset = control.clock();
        assertThat(afterReset.paused()).isFalse();
        assertThat(afterReset.offsetMillis()).isZero();
        control.pauseClock();
    }

    @Test
    void stepAndRequestFaultsAreArmedListedAndCleared(RomaLocalControl control) {
        Faults.StepFaultView step = control.addStepFault(StepFault.timeout("create").atStep("Registering").times(2)
                .forInstance("f-1").withError("APIC.9999", "no capacity"));
        assertThat(step.id()).isNotBlank();
        assertThat(step.effect()).isEqualTo("timeout");
        assertThat(step.remaining()).isEqualTo(2);
        assertThat(step.step()).isEqualTo("Registering");
        Faults.RequestFaultView request = control.addRequestFault(
                RequestFault.on("GET", "/v2/{project_id}/apic/instances/{instance_id}", "APIGW.0308").times(1));
        assertThat(request.httpStatus()).isEqualTo(429);
        assertThat(request.remaining()).isEqualTo(1);

        Faults all = control.faults();
        assertThat(all.stepFaults()).extracting(Faults.StepFaultView::id).containsExactly(step.id());
        assertThat(all.requestFaults()).extracting(Faults.RequestFaultView::errorCode).containsExactly("APIGW.0308");

        control.upsertInstance("f-2", Map.of());
        assertThatThrownBy(() -> control.instance("f-2")).isInstanceOfSatisfying(RomaLocalControlException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(429);
                    assertThat(e.errorCode()).isEqualTo("APIGW.0308");
                    assertThat(e.requestId()).hasSize(32);
                });
        assertThat(control.instance("f-2")).as("the request fault is spent").isPresent();

        control.removeStepFault(step.id());
        assertThat(control.faults().stepFaults()).isEmpty();
        control.addStepFault(StepFault.fail("delete"));
        control.clearFaults();
        assertThat(control.faults().isEmpty()).isTrue();
    }

    @Test
    void instancesAreUpsertedForcedActedOnAndRemoved(RomaLocalControl control) {
        InstanceDetail created = control.upsertInstance("i-1", Map.of("spec", "ROMA_BASIC", "instance_name",
                "orders-one"));
        assertThat(created.status()).isEqualTo("Running");
        assertThat(created.name()).isEqualTo("orders-one");
        assertThat(created.projectId()).isEqualTo(RomaLocalCredentials.DEFAULT_PROJECT_ID);

        assertThat(control.forceStatus("i-1", "Unhealthy").status()).isEqualTo("Unhealthy");
        assertThat(control.act("i-1", InstanceAction.HEALTHY).status()).isEqualTo("Running");

        String oldVersion = created.version();
        assertThat(control.upgrade("i-1", "99.1.0").status()).isEqualTo("Updating");
        InstanceDetail upgraded = control.advanceUntilStatus("i-1", "Running", Duration.ofSeconds(30));
        assertThat(upgraded.version()).isEqualTo("99.1.0").isNotEqualTo(oldVersion);

        List<InstanceEvent> events = control.events("i-1");
        assertThat(events).extracting(InstanceEvent::to)
                .containsExactly("Running", "Unhealthy", "Running", "Updating", "Running");
        assertThat(events.get(0).from()).isNull();
        assertThat(events.get(3).operation()).isEqualTo("upgrade");

        assertThat(control.removeInstance("i-1")).isTrue();
        assertThat(control.removeInstance("i-1")).isFalse();
        assertThat(control.instance("i-1")).isEmpty();
        assertThatThrownBy(() -> control.act("i-1", InstanceAction.UPGRADE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createsAreWaitedForByTheClockAndDeletesUntilGone(RomaLocalControl control, RomaLocalCredentials c) {
        String id = control.call("POST", "/v3/" + c.projectId() + "/roma/instances", """
                {"name": "waited", "charge_type": "postPaid", "available_zone_ids": ["cn-north-4a"],
                 "cpu_arch": "x86_64", "rcu": {"total": 2}, "vpc_id": "vpc-1", "subnet_id": "subnet-1"}""")
                .get("instance_id").asText();
        assertThat(control.instance(id)).map(InstanceDetail::status).hasValue("Creating");
        assertThat(control.advanceUntilStatus(id, "Running", Duration.ofMillis(500), Duration.ofSeconds(10))
                .status()).isEqualTo("Running");
        control.call("DELETE", "/v1/" + c.projectId() + "/roma/instances/" + id, null);
        control.advanceUntilGone(id, Duration.ofSeconds(10));
        assertThat(control.events(id)).last().satisfies(e -> assertThat(e.to()).isNull());

        control.upsertInstance("stuck-1", Map.of("status", "Frozen"));
        assertThatThrownBy(() -> control.advanceUntilStatus("stuck-1", "Running", Duration.ofSeconds(2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is Frozen, not Running");
    }

    @Test
    void seedAndReset(RomaLocalControl control) {
        int seeded = control.seed(List.of(
                Map.of("project_id", RomaLocalCredentials.DEFAULT_PROJECT_ID, "id", "s-1", "status", "Frozen"),
                Map.of("project_id", RomaLocalCredentials.DEFAULT_PROJECT_ID, "id", "s-2")));
        assertThat(seeded).isEqualTo(2);
        assertThat(control.instance("s-1")).map(InstanceDetail::status).hasValue("Frozen");
        ResetResult reset = control.reset();
        assertThat(reset.deletedInstances()).isEqualTo(2);
        assertThat(reset.seededInstances()).isZero();
        assertThat(control.instance("s-2")).isEmpty();
        assertThatThrownBy(() -> control.seed(List.of(Map.of("id", "no-project"))))
                .isInstanceOfSatisfying(RomaLocalControlException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.errorCode()).isEqualTo("APIG.2012");
                });
    }

    @Test
    void aPasswordTokenWorksAsWellAsTheAccessKey(URI endpoint) {
        try (RomaLocalControl byToken = RomaLocalControl.builder().endpoint(endpoint)
                .password(RomaLocalCredentials.DEFAULT_DOMAIN, RomaLocalCredentials.DEFAULT_USER,
                        RomaLocalCredentials.DEFAULT_PASSWORD).build()) {
            byToken.upsertInstance("t-1", Map.of());
            assertThat(byToken.instance("t-1")).isPresent();
            assertThat(byToken.clock().paused()).isTrue();
        }
    }

    @Test
    void refusedCredentialsSayWhy(URI endpoint) {
        RomaLocalControl wrongKey = RomaLocalControl.builder().endpoint(endpoint)
                .accessKey(RomaLocalCredentials.DEFAULT_ACCESS_KEY, "not-the-secret").build();
        assertThatThrownBy(wrongKey::clock).isInstanceOfSatisfying(RomaLocalControlException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.errorCode()).isEqualTo("APIGW.0301");
            assertThat(e.getMessage()).doesNotContain("not-the-secret");
        });
        RomaLocalControl wrongPassword = RomaLocalControl.builder().endpoint(endpoint)
                .password(RomaLocalCredentials.DEFAULT_DOMAIN, "admin", "wrong-password").build();
        assertThatThrownBy(wrongPassword::clock).isInstanceOfSatisfying(RomaLocalControlException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.errorCode()).isEqualTo("IAM.0001");
        });
        RomaLocalControl nobody = RomaLocalControl.connect("http://127.0.0.1:1");
        assertThatThrownBy(nobody::clock).isInstanceOfSatisfying(RomaLocalControlException.class,
                e -> assertThat(e.status()).isZero());
    }

    @Test
    void anySignedRouteCanBeCalled(RomaLocalControl control, RomaLocalCredentials c) {
        control.upsertInstance("q-1", Map.of());
        assertThat(control.call("GET", "/v2/" + c.projectId() + "/instances?limit=5&id=q-1", null)
                .path("total").asInt()).isEqualTo(1);
    }
}
