package dev.romalocal.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real backend for the live health checks, on one local address and port, that a test starts and stops: a TCP
 * listener that accepts and closes connections (counting them), or an HTTP server answering {@code GET /} with a
 * status the test sets. Stopped and started again, it keeps its address and port.
 */
public final class LiveBackend implements AutoCloseable {
    public enum Kind { TCP, HTTP }

    private final Kind kind;
    private final String ip;
    private int port;
    private final AtomicInteger connections = new AtomicInteger();
    private volatile int httpStatus = 200;
    private ServerSocket tcp;
    private Thread acceptor;
    private HttpServer http;

    private LiveBackend(Kind kind, String ip) {
        this.kind = kind;
        this.ip = ip;
    }

    /** Started on {@code ip} (e.g. 127.0.0.1 or ::1) and a free port. */
    public static LiveBackend start(Kind kind, String ip) {
        LiveBackend b = new LiveBackend(kind, ip);
        b.port = 0;
        b.start();
        return b;
    }

    public String ip() {
        return ip;
    }

    public int port() {
        return port;
    }

    /** Connections accepted so far (TCP), or requests answered (HTTP). */
    public int connections() {
        return connections.get();
    }

    /**
     * The connections counted once at least {@code n} have been accepted (the counting thread may lag the
     * connection the kernel already completed), or after two seconds.
     */
    public int connectionsAtLeast(int n) {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (connections.get() < n && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return connections.get();
    }

    /** The status {@code GET /} answers from now on (HTTP). */
    public void answer(int status) {
        httpStatus = status;
    }

    public synchronized void start() {
        IOException last = null;
        // Binding the port it had a moment ago can fail while the kernel still holds it: try a few times.
        for (int attempt = 0; attempt < 50; attempt++) {
            try {
                bind();
                return;
            } catch (IOException e) {
                last = e;
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new UncheckedIOException("cannot listen on " + ip + ":" + port, last);
    }

    private void bind() throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(ip), port);
        if (kind == Kind.TCP) {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(address, 50);
            tcp = s;
            port = s.getLocalPort();
            acceptor = new Thread(() -> {
                while (!s.isClosed()) {
                    try (Socket c = s.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "live-backend-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
        } else {
            HttpServer h = HttpServer.create(address, 50);
            h.createContext("/", exchange -> {
                connections.incrementAndGet();
                byte[] body = ("status " + httpStatus).getBytes();
                exchange.sendResponseHeaders(httpStatus, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            h.start();
            http = h;
            port = h.getAddress().getPort();
        }
    }

    /** Stops listening: connections are refused until {@link #start} again. */
    public synchronized void stop() {
        try {
            if (tcp != null) {
                tcp.close();
                acceptor.join(5_000);
                tcp = null;
            }
            if (http != null) {
                http.stop(0);
                http = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
