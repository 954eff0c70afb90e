package dev.romalocal.health;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * One probe of one backend, blocking, on a thread of the prober's bounded pool (never an event loop): a TCP connect
 * ({@code TCP_CHECK}), or a connect and an HTTP/1.1 {@code GET /} whose status must be 2xx or 3xx
 * ({@code HTTP_GET}). The whole probe ends within {@code timeoutMillis} of real time.
 */
final class Probe {
    /** The outcome: up or not, and why not. */
    record Result(boolean up, String error) {
        static final Result UP = new Result(true, null);

        static Result down(String why) {
            return new Result(false, why);
        }
    }

    private Probe() {
    }

    static Result run(String protocol, String ip, int port, int timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        try (Socket socket = new Socket()) {
            // A literal address: no name lookup.
            socket.connect(new InetSocketAddress(InetAddress.getByName(ip), port), timeoutMillis);
            if (!ListenerCheck.HTTP.equals(protocol)) {
                return Result.UP;
            }
            return httpGet(socket, ip, port, deadline);
        } catch (SocketTimeoutException e) {
            return Result.down("timed out after " + timeoutMillis + " ms");
        } catch (ConnectException e) {
            return Result.down("connection refused");
        } catch (NoRouteToHostException e) {
            return Result.down("no route to host");
        } catch (IOException | RuntimeException e) {
            return Result.down(e.getClass().getSimpleName());
        }
    }

    private static Result httpGet(Socket socket, String ip, int port, long deadline) throws IOException {
        String host = ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip;
        OutputStream out = socket.getOutputStream();
        out.write(("GET / HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUser-Agent: roma-local-health-check\r\n"
                + "Accept: */*\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        while (line.length() < 256) {
            int left = (int) ((deadline - System.nanoTime()) / 1_000_000L);
            if (left <= 0) {
                throw new SocketTimeoutException();
            }
            socket.setSoTimeout(left);
            int c = in.read();
            if (c < 0 || c == '\n') {
                break;
            }
            line.append((char) c);
        }
        String status = line.toString().trim();
        // "HTTP/1.1 200 OK"
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
            return Result.down(status.isEmpty() ? "no HTTP answer" : "not an HTTP answer");
        }
        int code = Integer.parseInt(parts[1]);
        return code >= 200 && code < 400 ? Result.UP : Result.down("HTTP " + code);
    }
}
