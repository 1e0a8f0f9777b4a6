package com.calendarpipe.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 exchange over a plain socket, for what {@code java.net.http} will not send: a
 * chosen local address, any header (Content-Length, Expect, Transfer-Encoding, Host), a declared
 * body that never comes, a malformed request. The request should say {@code Connection: close}:
 * the answer is read to the end of the connection. Interim answers (100 Continue) are kept apart.
 */
public final class RawHttp {

    /** The final answer, the statuses of the interim ones before it, and how long the answer took. */
    public record Exchange(Reply reply, List<Integer> interim, Duration elapsed) {
    }

    private RawHttp() {
    }

    /**
     * Sends {@code head} (request line and header fields, ending in an empty line), then
     * {@code body} from another thread while the answer is read: a server may answer, and close,
     * before the body is sent, and a body it refuses to read must not block the answer. A body
     * the server no longer takes is dropped silently.
     *
     * @param local   the local address to send from, or null for any
     * @param timeout how long to wait for the answer to end
     */
    public static Exchange exchange(String local, int port, byte[] head, byte[] body, Duration timeout) {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            if (local != null) {
                socket.bind(new InetSocketAddress(local, 0));
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.flush();
            Thread sender = null;
            if (body.length > 0) {
                sender = new Thread(() -> {
                    try {
                        out.write(body);
                        out.flush();
                    } catch (IOException closedByServer) {
                        // the answer came first: what matters is what it says
                    }
                }, "raw-http-body");
                sender.setDaemon(true);
                sender.start();
            }
            byte[] raw = socket.getInputStream().readAllBytes();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (sender != null) {
                sender.join(timeout.toMillis());
            }
            return parse(raw, elapsed);
        } catch (IOException e) {
            throw new UncheckedIOException("no complete answer within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Exchange parse(byte[] raw, Duration elapsed) {
        List<Integer> interim = new ArrayList<>();
        int at = 0;
        while (true) {
            int end = indexOf(raw, at, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (end < 0) {
                throw new IllegalStateException("no complete answer: " + new String(raw, StandardCharsets.ISO_8859_1));
            }
            String[] lines = new String(raw, at, end - at, StandardCharsets.ISO_8859_1).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            if (status < 200) {
                interim.add(status);
                at = end + 4;
                continue;
            }
            Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                fields.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
            byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
            if (fields.getOrDefault("Transfer-Encoding", List.of()).stream().anyMatch(v -> v.equalsIgnoreCase("chunked"))) {
                body = dechunk(body);
            }
            Reply reply = new Reply(status, HttpHeaders.of(fields, (name, value) -> true), new String(body, StandardCharsets.UTF_8));
            return new Exchange(reply, interim, elapsed);
        }
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

    /** {@code body} as one chunk per 64 KiB and the last chunk (RFC 9112 §7.1). */
    public static byte[] chunked(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 1024);
        for (int at = 0; at < body.length; at += 65_536) {
            int length = Math.min(65_536, body.length - at);
            out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, at, length);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
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
