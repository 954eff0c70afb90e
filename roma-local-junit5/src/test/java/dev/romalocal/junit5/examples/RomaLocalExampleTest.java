package dev.romalocal.junit5.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.huaweicloud.sdk.roma.v2.RomaClient;
import com.huaweicloud.sdk.roma.v2.model.ShowDetailsOfInstanceV2Request;
import com.huaweicloud.sdk.roma.v2.model.ShowDetailsOfInstanceV2Response;
import com.huaweicloud.sdk.roma.v2.model.ShowDetailsOfInstanceV2Response.SpecEnum;
import com.huaweicloud.sdk.roma.v2.model.ShowDetailsOfInstanceV2Response.StatusEnum;
import dev.romalocal.client.InstanceAction;
import dev.romalocal.client.InstanceEvent;
import dev.romalocal.client.RomaLocalControl;
import dev.romalocal.client.RomaLocalCredentials;
import dev.romalocal.client.StepFault;
import dev.romalocal.junit5.RomaInstance;
import dev.romalocal.junit5.RomaLocalTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

// The README's "Testing with JUnit 5" example: keep the two identical.
@RomaLocalTest(pausedClock = true)
@RomaInstance(id = "orders-1", status = "Running", spec = "ROMA_BASIC")
class RomaLocalExampleTest {

    /** The official SDK, configured for the test's server, reads the instance the annotation put in place. */
    @Test
    void readAnInstance(RomaClient roma) {
        ShowDetailsOfInstanceV2Response orders = roma.showDetailsOfInstanceV2(
                new ShowDetailsOfInstanceV2Request().withInstanceId("orders-1"));
        assertEquals(StatusEnum.RUNNING, orders.getStatus());
        assertEquals(SpecEnum.ROMA_BASIC, orders.getSpec());
    }

    /** A create walks Creating → ... → Running as the lifecycle clock moves: the test moves it, never sleeps. */
    @Test
    void waitForACreate(RomaLocalControl control, RomaLocalCredentials credentials, RomaClient roma) {
        JsonNode created = control.call("POST", "/v3/" + credentials.projectId() + "/roma/instances", """
                {"name": "payments", "charge_type": "postPaid", "available_zone_ids": ["cn-north-4a"],
                 "cpu_arch": "x86_64", "rcu": {"total": 4}, "vpc_id": "vpc-1", "subnet_id": "subnet-1"}""");
        String id = created.get("instance_id").asText();
        ShowDetailsOfInstanceV2Request read = new ShowDetailsOfInstanceV2Request().withInstanceId(id);
        assertEquals(StatusEnum.CREATING, roma.showDetailsOfInstanceV2(read).getStatus());

        control.advanceClock(Duration.ofSeconds(4)); // the "fast" profile: a create takes 4 s of clock time
        assertEquals(StatusEnum.RUNNING, roma.showDetailsOfInstanceV2(read).getStatus());
    }

    /** A step fault makes the next matching lifecycle step fail: here the restart of orders-1. */
    @Test
    void makeAStepFail(RomaLocalControl control, RomaClient roma) {
        control.addStepFault(StepFault.fail("restart").forInstance("orders-1"));
        control.act("orders-1", InstanceAction.RESTART);
        control.advanceClock(Duration.ofSeconds(1));

        ShowDetailsOfInstanceV2Response orders = roma.showDetailsOfInstanceV2(
                new ShowDetailsOfInstanceV2Request().withInstanceId("orders-1"));
        assertEquals(StatusEnum.RESTARTFAIL, orders.getStatus());
        List<String> history = control.events("orders-1").stream().map(InstanceEvent::to).toList();
        assertEquals(List.of("Running", "Restarting", "RestartFail"), history);
    }
}
