package dev.romalocal.api;

import dev.romalocal.error.ApiException;
import dev.romalocal.error.ErrorCode;
import dev.romalocal.iam.PayloadDigest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads request bodies within bounds: each route's limit (a declared length over it is refused before a byte is
 * read; a chunked body is cut off the moment it passes it), and a server-wide budget of bytes held in memory for
 * bodies at once (over it: 503 with {@code Retry-After}). Bulk routes stream their body to a temporary file instead
 * of memory. When the request is signed, the body's digest is computed as it streams: the one its signing
 * algorithm needs (SM3 for the SM3 algorithms, else SHA-256).
 */
final class BodyIntake {
    private final Vertx vertx;
    private final long budgetBytes;
    private final AtomicLong held = new AtomicLong();

    BodyIntake(Vertx vertx, long budgetBytes) {
        this.vertx = vertx;
        this.budgetBytes = budgetBytes;
    }

    /** The budget the server uses by default: a quarter of the heap, at most 64 MiB. */
    static long defaultBudget() {
        return Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 4);
    }

    long held() {
        return held.get();
    }

    /** A declared Content-Length over the route's limit; -1 when none is declared. */
    static long declaredLength(HttpServerRequest req) {
        String length = req.getHeader("Content-Length");
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Reads the (paused) request's body into the call, then completes; fails with a catalogue error when the body
     * is too large or the budget is spent. Call {@link #release} once the call is answered.
     */
    Future<Void> read(Call call, boolean hash) {
        Route route = call.route();
        HttpServerRequest req = call.request();
        PayloadDigest kind = hash ? PayloadDigest.forAuthorization(call.header("Authorization")) : null;
        MessageDigest digest = kind == null ? null : kind.newDigest();
        Promise<Void> done = Promise.promise();
        if (route.spool()) {
            spool(call, req, kind, digest, done);
        } else {
            inMemory(call, req, kind, digest, done);
            req.resume();
        }
        return done.future();
    }

    private void inMemory(Call call, HttpServerRequest req, PayloadDigest kind, MessageDigest digest,
                          Promise<Void> done) {
        int limit = call.route().bodyLimit();
        long declared = declaredLength(req);
        Buffer body = Buffer.buffer(declared > 0 && declared <= limit ? (int) declared : 1024);
        long[] reserved = {0};
        req.handler(chunk -> {
            if (done.future().isComplete()) {
                return;
            }
            int n = chunk.length();
            if (body.length() + n > limit) {
                fail(req, done, reserved, new ApiException(ErrorCode.REQUEST_TOO_LARGE));
                return;
            }
            if (held.addAndGet(n) > budgetBytes) {
                held.addAndGet(-n);
                fail(req, done, reserved, busy());
                return;
            }
            reserved[0] += n;
            body.appendBuffer(chunk);
            if (digest != null) {
                digest.update(chunk.getBytes());
            }
        });
        req.exceptionHandler(e -> fail(req, done, reserved, unreadable()));
        req.endHandler(v -> {
            if (!done.future().isComplete()) {
                call.received(body, null, kind, digest == null ? null : hex(digest));
                call.reservedBytes(reserved[0]);
                done.complete();
            }
        });
    }

    private void spool(Call call, HttpServerRequest req, PayloadDigest kind, MessageDigest digest,
                       Promise<Void> done) {
        int limit = call.route().bodyLimit();
        vertx.fileSystem().createTempFile("roma-local-body-", ".json")
                .onFailure(done::tryFail)
                .onSuccess(name -> spoolTo(call, req, Path.of(name), limit, kind, digest, done));
    }

    private void spoolTo(Call call, HttpServerRequest req, Path file, int limit, PayloadDigest kind,
                         MessageDigest digest, Promise<Void> done) {
        long[] size = {0};
        vertx.fileSystem().open(file.toString(), new OpenOptions().setWrite(true).setTruncateExisting(true))
                .onFailure(e -> {
                    delete(file);
                    done.tryFail(e);
                })
                .onSuccess(out -> {
                    req.handler(chunk -> {
                        if (done.future().isComplete()) {
                            return;
                        }
                        size[0] += chunk.length();
                        if (size[0] > limit) {
                            out.close().onComplete(x -> delete(file));
                            req.pause();
                            done.tryFail(new ApiException(ErrorCode.REQUEST_TOO_LARGE));
                            return;
                        }
                        if (digest != null) {
                            digest.update(chunk.getBytes());
                        }
                        out.write(chunk);
                        if (out.writeQueueFull()) {
                            req.pause();
                            out.drainHandler(x -> req.resume());
                        }
                    });
                    req.exceptionHandler(e -> closeAndFail(out, file, done));
                    req.endHandler(v -> {
                        if (done.future().isComplete()) {
                            return;
                        }
                        out.close().onComplete(closed -> {
                            if (closed.failed()) {
                                delete(file);
                                done.tryFail(closed.cause());
                            } else {
                                call.received(null, file, kind, digest == null ? null : hex(digest));
                                done.tryComplete();
                            }
                        });
                    });
                    req.resume();
                });
    }

    private void closeAndFail(AsyncFile out, Path file, Promise<Void> done) {
        out.close().onComplete(x -> delete(file));
        done.tryFail(unreadable());
    }

    private void fail(HttpServerRequest req, Promise<Void> done, long[] reserved, ApiException e) {
        held.addAndGet(-reserved[0]);
        reserved[0] = 0;
        req.pause();
        done.tryFail(e);
    }

    /** Gives back what a call's body held of the budget, and removes its temporary file. */
    void release(Call call) {
        long n = call.reservedBytes();
        if (n > 0) {
            held.addAndGet(-n);
            call.reservedBytes(0);
        }
        if (call.bodyFile() != null) {
            delete(call.bodyFile());
        }
    }

    static ApiException unreadable() {
        return new ApiException(ErrorCode.BAD_REQUEST, "the request body could not be read");
    }

    static ApiException busy() {
        return new ApiException(ErrorCode.SERVER_BUSY, "1");
    }

    private void delete(Path file) {
        vertx.fileSystem().delete(file.toString());
    }

    private static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }
}
