package dev.romalocal.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection ({@code Connection: close}): the request line, headers
 * and body go out byte for byte as given, so a test can send what no HTTP client would (raw non-ASCII paths, odd
 * methods, 20 KB URIs, 100 KB header blocks, invalid UTF-8 bodies).
 */
public final class RawHttp {
    private final String host;
    private final int port;
    private int timeoutMillis = 30_000;

    public RawHttp(String endpoint) {
        URI uri = URI.create(endpoint);
        this.host = uri.getHost();
        this.port = uri.getPort();
    }

    /** How long to wait for an answer (default 30 s). */
    public RawHttp timeout(int millis) {
        this.timeoutMillis = millis;
        return this;
    }

    public String hostHeader() {
        return host + ":" + port;
    }

    /** A request as sent: the request target is raw (already escaped, or deliberately not). */
    public record Request(String method, String target, List<Map.Entry<String, String>> headers, byte[] body) {
        public Request {
            headers = List.copyOf(headers);
            body = body == null ? new byte[0] : body;
        }

        /** A shell command that sends the same request (bytes that a shell line cannot carry are escaped). */
        public String curl(String endpoint) {
            StringBuilder sb = new StringBuilder("curl -sS -i --path-as-is -X ").append(shell(method)).append(' ');
            sb.append(shell(endpoint + target));
            for (Map.Entry<String, String> h : headers) {
                sb.append(" -H ").append(shell(h.getKey() + ": " + abbreviate(h.getValue())));
            }
            if (body.length > 0) {
                if (body.length > 2048) {
                    sb.append(" --data-binary @body.bin   # body: ").append(body.length).append(" bytes, starts ")
                            .append(shell(abbreviate(new String(body, 0, 120, StandardCharsets.ISO_8859_1))));
                } else {
                    sb.append(" --data-binary $'").append(ansiC(body)).append('\'');
                }
            }
            return sb.toString();
        }

        private static String abbreviate(String s) {
            return s.length() <= 300 ? s : s.substring(0, 120) + "...(" + s.length() + " chars)";
        }
    }

    /** A response: status, headers (names lower-cased, first value kept), body (de-chunked). */
    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public Response send(Request req) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.writeBytes((req.method() + " " + req.target() + " HTTP/1.1\r\n").getBytes(StandardCharsets.UTF_8));
        boolean hasHost = false;
        boolean hasLength = false;
        for (Map.Entry<String, String> h : req.headers()) {
            hasHost |= h.getKey().equalsIgnoreCase("Host");
            hasLength |= h.getKey().equalsIgnoreCase("Content-Length")
                    || h.getKey().equalsIgnoreCase("Transfer-Encoding");
            head.writeBytes((h.getKey() + ": " + h.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (!hasHost) {
            head.writeBytes(("Host: " + hostHeader() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (!hasLength && req.body().length > 0) {
            head.writeBytes(("Content-Length: " + req.body().length + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        head.writeBytes("Connection: close\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 5000);
            s.setSoTimeout(timeoutMillis);
            OutputStream out = s.getOutputStream();
            try {
                out.write(head.toByteArray());
                out.write(req.body());
                out.flush();
            } catch (IOException e) {
                // The server may answer (413, 431, ...) and close before it read everything: read what it said.
            }
            byte[] raw = readAll(s.getInputStream());
            return parse(raw, req.method().equals("HEAD"));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16384];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (java.net.SocketException e) {
            // connection reset after the answer: keep what arrived
            if (out.size() == 0) {
                throw e;
            }
        }
        return out.toByteArray();
    }

    static Response parse(byte[] raw, boolean head) throws IOException {
        // Skip interim answers (100 Continue).
        while (raw.length > 12 && raw[9] == '1' && new String(raw, 0, 5, StandardCharsets.ISO_8859_1).equals("HTTP/")) {
            int interimEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
            if (interimEnd < 0) {
                break;
            }
            raw = java.util.Arrays.copyOfRange(raw, interimEnd + 4, raw.length);
        }
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
        if (end < 0) {
            throw new IOException("no complete response head in " + raw.length + " bytes: "
                    + new String(raw, 0, Math.min(raw.length, 200), StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        int status = Integer.parseInt(statusLine[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if (head) {
            return new Response(status, headers, new byte[0]);
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            return new Response(status, headers, dechunk(rest));
        }
        String length = headers.get("content-length");
        if (length != null) {
            int n = Integer.parseInt(length);
            if (rest.length < n) {
                throw new IOException("body cut short: " + rest.length + " of " + n + " bytes");
            }
            rest = java.util.Arrays.copyOf(rest, n);
        }
        return new Response(status, headers, rest);
    }

    private static byte[] dechunk(byte[] in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (true) {
            int eol = indexOf(in, new byte[]{'\r', '\n'}, pos);
            if (eol < 0) {
                throw new IOException("bad chunked body");
            }
            String size = new String(in, pos, eol - pos, StandardCharsets.ISO_8859_1);
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
            if (n == 0) {
                return out.toByteArray();
            }
            out.write(in, eol + 2, n);
            pos = eol + 2 + n + 2;
        }
    }

    private static int indexOf(byte[] a, byte[] what, int from) {
        outer:
        for (int i = from; i <= a.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (a[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static String shell(String s) {
        boolean plain = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '\'') {
                plain = false;
                break;
            }
        }
        return plain ? "'" + s + "'" : "$'" + ansiC(s.getBytes(StandardCharsets.UTF_8)) + "'";
    }

    static String ansiC(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c == '\'' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.toString();
    }

    /** A mutable header list, in order (a name may repeat). */
    public static List<Map.Entry<String, String>> headers() {
        return new ArrayList<>();
    }
}
