package dev.romalocal.store;

import java.util.function.BooleanSupplier;

/**
 * Keeps blocking work off threads that must never block (the HTTP event loops). A read that may finish from memory
 * runs on such a thread first; the moment it would need the store (a cache miss, a connection from the pool) it
 * throws {@link Needed}, and the caller runs the same code again on a worker thread. The check costs nothing on a
 * cache hit: it is made only on the way to the store.
 */
public final class Blocking {
    /** Thrown where blocking work would start on a thread that must not block. Carries no stack trace. */
    public static final class Needed extends RuntimeException {
        private Needed() {
            super("this work needs the store: run it on a worker thread", null, false, false);
        }
    }

    private static final Needed NEEDED = new Needed();
    private static volatile BooleanSupplier mustNotBlock = () -> false;

    private Blocking() {
    }

    /** Tells which threads must not block (the HTTP layer installs its event-loop test at start). */
    public static void install(BooleanSupplier currentThreadMustNotBlock) {
        mustNotBlock = currentThreadMustNotBlock;
    }

    /** Throws {@link Needed} on a thread that must not block; returns otherwise. */
    public static void check() {
        if (mustNotBlock.getAsBoolean()) {
            throw NEEDED;
        }
    }
}
