package dev.romalocal.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder that can make the network path die silently: {@link #blackhole()} keeps every connection open
 * but drops what either side sends (no error, no close: what a dead route or a frozen peer looks like), and
 * connections made meanwhile go nowhere either; {@link #heal()} lets new connections through again.
 */
final class BlackholeProxy implements AutoCloseable {
    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final List<Pipe> pipes = new CopyOnWriteArrayList<>();
    private volatile boolean down;
    private volatile boolean closed;

    BlackholeProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "blackhole-proxy");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void blackhole() {
        down = true;
        pipes.forEach(p -> p.dead = true);
    }

    void heal() {
        down = false;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Pipe p = new Pipe(client, down ? null : new Socket(targetHost, targetPort));
                p.dead = down;
                pipes.add(p);
                p.start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Pipe p : pipes) {
            p.close();
        }
    }

    private static final class Pipe {
        final Socket client;
        final Socket upstream;
        volatile boolean dead;

        Pipe(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() throws IOException {
            pump(client.getInputStream(), upstream == null ? null : upstream.getOutputStream());
            if (upstream != null) {
                pump(upstream.getInputStream(), client.getOutputStream());
            }
        }

        private void pump(InputStream in, OutputStream out) {
            Thread t = new Thread(() -> {
                byte[] buf = new byte[8192];
                try {
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        if (!dead && out != null) {
                            out.write(buf, 0, n);
                            out.flush();
                        }
                    }
                } catch (IOException e) {
                    // a side went away
                }
                if (!dead) {
                    close();
                }
            }, "blackhole-pipe");
            t.setDaemon(true);
            t.start();
        }

        void close() {
            try {
                client.close();
            } catch (IOException e) {
                // closing anyway
            }
            if (upstream != null) {
                try {
                    upstream.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }
}
