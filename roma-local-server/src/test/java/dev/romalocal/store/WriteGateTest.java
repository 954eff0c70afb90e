package dev.romalocal.store;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link WriteGate}: a write waits for the calls inside, calls wait for a write, and neither waits forever. */
class WriteGateTest {

    @Test
    void aWriteWaitsUntilTheCallInsideLeaves() throws Exception {
        WriteGate gate = new WriteGate();
        AtomicBoolean wrote = new AtomicBoolean();
        gate.enter();
        Thread writer = new Thread(() -> gate.silently(() -> wrote.set(true)));
        writer.start();
        writer.join(5 * WriteGate.PATIENCE_MILLIS);  // long enough for several tries of the write
        assertThat(wrote).as("written while a call was inside").isFalse();
        gate.leave();
        writer.join(10_000);
        assertThat(wrote).isTrue();
    }

    @Test
    void aCallWaitsWhileAWriteRuns() throws Exception {
        WriteGate gate = new WriteGate();
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        CountDownLatch passed = new CountDownLatch(1);
        Thread writer = new Thread(() -> gate.silently(() -> {
            writing.countDown();
            await(finish);
        }));
        writer.start();
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
        Thread call = new Thread(() -> {
            gate.enter();
            gate.leave();
            passed.countDown();
        });
        call.start();
        assertThat(passed.await(5 * WriteGate.PATIENCE_MILLIS, TimeUnit.MILLISECONDS))
                .as("a call passed during a write").isFalse();
        finish.countDown();
        assertThat(passed.await(10, TimeUnit.SECONDS)).isTrue();
        writer.join(10_000);
    }

    /**
     * A call inside the gate waits for another call that is not in yet (an INSERT waiting for the row lock of a
     * transaction whose commit is at the gate): the write lets the second one through, and everybody finishes.
     */
    @Test
    void aCallInsideThatWaitsForOneOutsideHoldsNoWriteForever() throws Exception {
        WriteGate gate = new WriteGate();
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch secondPassed = new CountDownLatch(1);
        AtomicBoolean wrote = new AtomicBoolean();
        Thread first = new Thread(() -> {
            gate.enter();
            try {
                firstInside.countDown();
                await(secondPassed);
            } finally {
                gate.leave();
            }
        });
        first.start();
        assertThat(firstInside.await(10, TimeUnit.SECONDS)).isTrue();
        Thread writer = new Thread(() -> gate.silently(() -> wrote.set(true)));
        writer.start();
        Thread second = new Thread(() -> {
            gate.enter();
            gate.leave();
            secondPassed.countDown();
        });
        second.start();
        for (Thread t : new Thread[] {first, second, writer}) {
            t.join(10_000);
            assertThat(t.isAlive()).as(t.getName() + " still waits").isFalse();
        }
        assertThat(wrote).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
