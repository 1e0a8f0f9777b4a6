package com.calendarpipe.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client whose requests leave from a loopback address of its own, so that one test can be
 * several clients to the server's per-address throttle without ever throttling 127.0.0.1, which
 * every other test uses. On Linux the whole of 127.0.0.0/8 is loopback: a socket bound to
 * 127.0.1.7 reaches the server on 127.0.0.1, which sees 127.0.1.7 as the client.
 * ({@code java.net.http} cannot choose its local address before Java 19, hence a raw socket:
 * one HTTP/1.1 request per connection.)
 */
public final class FromAddress {

    /** Hands out addresses 127.0.1.2, 127.0.1.3, …: a fresh client each time. */
    private static final AtomicInteger NEXT = new AtomicInteger();

    private final String local;
    private final String hostHeader;
    private final int port;

    private FromAddress(URL base, String local) {
        this.local = local;
        this.port = base.getPort();
        this.hostHeader = base.getHost() + ":" + base.getPort();
    }

    /** A client on a loopback address no other client of this run has used. */
    public static FromAddress fresh(URL base) {
        int n = NEXT.incrementAndGet();
        return new FromAddress(base, "127.0." + (1 + n / 250) + "." + (n % 250 + 1));
    }

    public String address() {
        return local;
    }

    public Reply get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    /** Sends {@code body} (JSON unless a Content-Type header says otherwise) with the given header name/value pairs. */
    public Reply send(String method, String path, String body, String... headers) {
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n")
                .append("Connection: close\r\n");
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null) {
            if (!typed) {
                head.append("Content-Type: application/json\r\n");
            }
            head.append("Content-Length: ").append(content.length).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(local, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("from " + local + ": " + method + " " + path, e);
        }
    }

    private static Reply parse(byte[] raw) {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            throw new IllegalStateException("no complete answer: " + new String(raw, StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            fields.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if (fields.getOrDefault("Transfer-Encoding", List.of()).stream().anyMatch(v -> v.equalsIgnoreCase("chunked"))) {
            body = dechunk(body);
        }
        return new Reply(status, HttpHeaders.of(fields, (name, value) -> true), new String(body, StandardCharsets.UTF_8));
    }

    /** The body of a chunked answer (RFC 9112 §7.1), read to its last chunk. */
    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOf(chunked, at, "\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String size = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int length = Integer.parseInt(size, 16);
            if (length == 0) {
                return body.toByteArray();
            }
            body.write(chunked, lineEnd + 2, length);
            at = lineEnd + 2 + length + 2;
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        return indexOf(data, 0, pattern);
    }

    private static int indexOf(byte[] data, int from, byte[] pattern) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
