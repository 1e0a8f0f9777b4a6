package com.calendarpipe.testing;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client whose requests leave from a loopback address of its own, so that one test can be
 * several clients to the server's per-address throttle without ever throttling 127.0.0.1, which
 * every other test uses. On Linux the whole of 127.0.0.0/8 is loopback: a socket bound to
 * 127.0.1.7 reaches the server on 127.0.0.1, which sees 127.0.1.7 as the client.
 * ({@code java.net.http} cannot choose its local address before Java 19, hence a raw socket
 * ({@link RawHttp}): one HTTP/1.1 request per connection.)
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

    /** A client on the given loopback address (for one the server is told to trust as a proxy, say). */
    public static FromAddress at(URL base, String local) {
        return new FromAddress(base, local);
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
        byte[] request = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        return RawHttp.exchange(local, port, request, content, Duration.ofSeconds(30)).reply();
    }
}
