package dev.romalocal.junit5;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Makes ParallelATest and ParallelBTest meet mid-test: passing proves the two ran at the same time. */
final class Rendezvous {
    private static final CyclicBarrier BARRIER = new CyclicBarrier(2);

    private Rendezvous() {
    }

    /** Waits for the other class to reach the same point (each point is passed by both, in step). */
    static void meet(String point) {
        try {
            BARRIER.await(240, TimeUnit.SECONDS);
        } catch (TimeoutException | BrokenBarrierException e) {
            throw new AssertionError("the other parallel test class never reached '" + point + "': the two did not "
                    + "run in parallel (see src/test/resources/junit-platform.properties)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
