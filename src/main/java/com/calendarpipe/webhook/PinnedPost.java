package com.calendarpipe.webhook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 POST of a delivery to the very address {@link Destinations} checked: the socket
 * connects to that address (the host is not looked up again, so a DNS answer that changed since
 * the check cannot send the request elsewhere), while TLS still verifies the certificate for the
 * URL's host name (SNI and endpoint identification). The JDK's HTTP clients look the name up
 * themselves and offer no way to pin it. Redirects are not followed: a 3xx is the answer.
 * Bounds: 5 s to connect, 15 s for the whole exchange (a watchdog closes the socket then, even
 * while a write is stuck), at most 64 KiB of the answer read, and no more of it than its status
 * and headers, with whatever of the body came along with them.
 */
final class PinnedPost {

    static final Duration CONNECT = Duration.ofSeconds(5);
    static final Duration TOTAL = Duration.ofSeconds(15);
    static final int MAX_ANSWER = 64 * 1024;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] ([1-5][0-9][0-9])(?: .*)?");

    /** The receiver's status code and the start of its body (for the deliveries list). */
    record Answer(int status, String excerpt) {
    }

    private PinnedPost() {
    }

    static Answer send(Destinations.Target target, InetAddress address, Map<String, String> headers, byte[] body,
                       ScheduledExecutorService watchdog) throws IOException {
        try {
            return send(target, address, headers, body, watchdog, SSLContext.getDefault());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("TLS is part of every Java platform", e);
        }
    }

    /** The same with the TLS context given: the JDK's trusted authorities, or a test's own. */
    static Answer send(Destinations.Target target, InetAddress address, Map<String, String> headers, byte[] body,
                       ScheduledExecutorService watchdog, SSLContext context) throws IOException {
        long deadline = System.nanoTime() + TOTAL.toNanos();
        Socket socket = new Socket();
        ScheduledFuture<?> stop = watchdog.schedule(() -> close(socket), TOTAL.toMillis(), TimeUnit.MILLISECONDS);
        try {
            socket.connect(new InetSocketAddress(address, target.port()), (int) CONNECT.toMillis());
            Socket stream = target.https() ? tls(socket, target, context) : socket;
            stream.setSoTimeout(remaining(deadline));
            OutputStream out = stream.getOutputStream();
            out.write(request(target, headers, body.length).getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return answer(stream, deadline);
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("no answer within " + TOTAL.toSeconds() + " s");
        } catch (IOException e) {
            if (System.nanoTime() - deadline >= 0) {
                throw new SocketTimeoutException("no answer within " + TOTAL.toSeconds() + " s");
            }
            throw e;
        } finally {
            stop.cancel(false);
            close(socket);
        }
    }

    private static Socket tls(Socket socket, Destinations.Target target, SSLContext context) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, target.host(), target.port(), true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!target.host().startsWith("[") && !Character.isDigit(target.host().charAt(target.host().length() - 1))) {
            parameters.setServerNames(List.of(new SNIHostName(target.host())));
        }
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return tls;
    }

    private static String request(Destinations.Target target, Map<String, String> headers, int length) {
        String path = target.uri().getRawPath() == null || target.uri().getRawPath().isEmpty() ? "/" : target.uri().getRawPath();
        String query = target.uri().getRawQuery() == null ? "" : "?" + target.uri().getRawQuery();
        boolean defaultPort = target.port() == (target.https() ? 443 : 80);
        StringBuilder request = new StringBuilder("POST ").append(path).append(query).append(" HTTP/1.1\r\n")
                .append("Host: ").append(target.host()).append(defaultPort ? "" : ":" + target.port()).append("\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        return request.append("Content-Length: ").append(length).append("\r\nConnection: close\r\n\r\n").toString();
    }

    /** The status line and at most 64 KiB of what follows; the rest is never read. */
    private static Answer answer(Socket stream, long deadline) throws IOException {
        InputStream in = stream.getInputStream();
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int headerEnd = -1;
        while (read.size() < MAX_ANSWER) {
            stream.setSoTimeout(remaining(deadline));
            int n = in.read(buffer, 0, Math.min(buffer.length, MAX_ANSWER - read.size()));
            if (n < 0) {
                break;
            }
            read.write(buffer, 0, n);
            headerEnd = read.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
            if (headerEnd >= 0) {
                break;   // the status is known: the body is not waited for (a receiver may keep the connection open)
            }
        }
        String text = read.toString(StandardCharsets.ISO_8859_1);
        int lineEnd = text.indexOf("\r\n");
        Matcher status = STATUS_LINE.matcher(lineEnd < 0 ? text : text.substring(0, lineEnd));
        if (!status.matches()) {
            throw new IOException("the answer is not HTTP/1.x");
        }
        String excerpt = headerEnd < 0 ? "" : new String(read.toByteArray(), headerEnd + 4,
                Math.min(200, read.size() - headerEnd - 4), StandardCharsets.UTF_8);
        return new Answer(Integer.parseInt(status.group(1)), excerpt);
    }

    private static int remaining(long deadline) throws SocketTimeoutException {
        long millis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (millis <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) millis;
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all that is left to do
        }
    }
}
