package dev.romalocal.store;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link WriteGate}: a write waits for the calls inside, calls wait for a write, and neither waits forever. */
class WriteGateTest {
    /** A caller that does not wait for a row lock. */
    private static final WriteGate.Caller BUSY = () -> false;

    @Test
    void aWriteWaitsUntilTheCallInsideLeaves() throws Exception {
        WriteGate gate = new WriteGate();
        AtomicBoolean wrote = new AtomicBoolean();
        gate.enter(BUSY);
        Thread writer = new Thread(() -> gate.silently(() -> wrote.set(true)));
        writer.start();
        writer.join(5 * WriteGate.PATIENCE_MILLIS);  // long enough for several tries of the write
        assertThat(wrote).as("written while a call was inside").isFalse();
        gate.leave(BUSY);
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
        WriteGate.Caller caller = () -> false;
        Thread call = new Thread(() -> {
            gate.enter(caller);
            gate.leave(caller);
            passed.countDown();
        });
        call.start();
        assertThat(passed.await(5 * WriteGate.PATIENCE_MILLIS, TimeUnit.MILLISECONDS))
                .as("a call passed during a write").isFalse();
        finish.countDown();
        assertThat(passed.await(10, TimeUnit.SECONDS)).isTrue();
        writer.join(10_000);
    }

    /** A call inside that waits for a row lock changes nothing meanwhile: the write goes ahead. */
    @Test
    void aCallWaitingForALockDoesNotHoldTheWrite() throws Exception {
        WriteGate gate = new WriteGate();
        AtomicBoolean waiting = new AtomicBoolean(true);
        WriteGate.Caller blocked = waiting::get;
        AtomicBoolean wrote = new AtomicBoolean();
        gate.enter(blocked);
        Thread writer = new Thread(() -> gate.silently(() -> wrote.set(true)));
        writer.start();
        writer.join(10_000);
        assertThat(wrote).as("written while the call inside waited for a lock").isTrue();
        gate.leave(blocked);
    }

    /**
     * A call inside the gate that is not waiting for a row lock, but for another call that is not in yet: the write
     * lets the second one through after a while, and everybody finishes.
     */
    @Test
    void aCallInsideThatWaitsForOneOutsideHoldsNoWriteForever() throws Exception {
        WriteGate gate = new WriteGate();
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch secondPassed = new CountDownLatch(1);
        AtomicBoolean wrote = new AtomicBoolean();
        WriteGate.Caller firstCaller = () -> false;
        WriteGate.Caller secondCaller = () -> false;
        Thread first = new Thread(() -> {
            gate.enter(firstCaller);
            try {
                firstInside.countDown();
                await(secondPassed);
            } finally {
                gate.leave(firstCaller);
            }
        });
        first.start();
        assertThat(firstInside.await(10, TimeUnit.SECONDS)).isTrue();
        Thread writer = new Thread(() -> gate.silently(() -> wrote.set(true)));
        writer.start();
        Thread second = new Thread(() -> {
            gate.enter(secondCaller);
            gate.leave(secondCaller);
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
