package com.calendarpipe.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * One attempt's HTTP exchange against a raw socket that answers as told: the request goes to the
 * pinned address with the URL's host, path and the signature headers; the status is read as soon
 * as it came, whether or not the receiver closes; a redirect is an answer, not followed; what is
 * not HTTP fails the attempt; over HTTPS the certificate is checked against the URL's host name.
 */
class PinnedPostTest {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor();

    @AfterAll
    static void stop() {
        WATCHDOG.shutdownNow();
    }

    @Test
    void postsToThePinnedAddressAndReadsTheStatusWithoutWaitingForTheClose() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> request = answer(server, "HTTP/1.1 204 No Content\r\nX-A: b\r\n\r\n", true);
            long started = System.nanoTime();
            PinnedPost.Answer answer = PinnedPost.send(target("hooks.example.com", server.getLocalPort(), "/in?x=1"),
                    InetAddress.getLoopbackAddress(), headers(), "{\"a\":1}".getBytes(StandardCharsets.UTF_8), WATCHDOG);
            assertEquals(204, answer.status());
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "not the 15 s of a receiver that never closes");
            String sent = request.get(5, TimeUnit.SECONDS);
            assertTrue(sent.startsWith("POST /in?x=1 HTTP/1.1\r\nHost: hooks.example.com:" + server.getLocalPort() + "\r\n"), sent);
            assertTrue(sent.contains("\r\nwebhook-id: msg_1\r\n") && sent.contains("\r\nContent-Length: 7\r\n"), sent);
            assertTrue(sent.endsWith("\r\n\r\n{\"a\":1}"), sent);
        }
    }

    @Test
    void aRedirectIsTheAnswerAndTheBodyStartIsKept() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            answer(server, "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1/\r\n\r\nmoved", false);
            PinnedPost.Answer answer = PinnedPost.send(target("hooks.example.com", server.getLocalPort(), "/"),
                    InetAddress.getLoopbackAddress(), headers(), new byte[0], WATCHDOG);
            assertEquals(302, answer.status());
        }
    }

    @Test
    void whatIsNotHttpFailsTheAttempt() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            answer(server, "SSH-2.0-OpenSSH_9.2\r\n\r\n", false);
            assertThrows(IOException.class, () -> PinnedPost.send(target("hooks.example.com", server.getLocalPort(), "/"),
                    InetAddress.getLoopbackAddress(), headers(), new byte[0], WATCHDOG));
        }
    }

    @Test
    void overHttpsTheCertificateMustNameTheUrlsHostThoughTheSocketGoesToThePinnedAddress() throws Exception {
        Path dir = Files.createTempDirectory("pinned-tls");
        Path keystore = dir.resolve("hook.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "hook", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=hooks.example.com", "-ext", "SAN=dns:hooks.example.com", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), output);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "changeit".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keyManagers.getKeyManagers(), null, null);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("hook", keys.getCertificate("hook"));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trustManagers.getTrustManagers(), null);

        try (ServerSocket server = serverTls.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            int port = server.getLocalPort();
            CompletableFuture<String> request = answer(server, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false);
            PinnedPost.Answer answer = PinnedPost.send(httpsTarget("hooks.example.com", port), InetAddress.getLoopbackAddress(),
                    headers(), "{}".getBytes(StandardCharsets.UTF_8), WATCHDOG, clientTls);
            assertEquals(200, answer.status());
            assertTrue(request.get(5, TimeUnit.SECONDS).contains("\r\nHost: hooks.example.com:" + port + "\r\n"));

            answer(server, "HTTP/1.1 200 OK\r\n\r\n", false);
            assertThrows(SSLHandshakeException.class, () -> PinnedPost.send(httpsTarget("other.example.com", port),
                    InetAddress.getLoopbackAddress(), headers(), new byte[0], WATCHDOG, clientTls), "a certificate for another host");
            answer(server, "HTTP/1.1 200 OK\r\n\r\n", false);
            assertThrows(SSLHandshakeException.class, () -> PinnedPost.send(httpsTarget("hooks.example.com", port),
                    InetAddress.getLoopbackAddress(), headers(), new byte[0], WATCHDOG), "a certificate no authority signed");
        } finally {
            Files.deleteIfExists(keystore);
            Files.deleteIfExists(dir);
        }
    }

    private static Destinations.Target httpsTarget(String host, int port) {
        return new Destinations.Target(URI.create("https://" + host + ":" + port + "/"), host, port, true,
                List.of(InetAddress.getLoopbackAddress()));
    }

    private static Destinations.Target target(String host, int port, String path) {
        return new Destinations.Target(URI.create("http://" + host + ":" + port + path), host, port, false,
                List.of(InetAddress.getLoopbackAddress()));
    }

    private static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("webhook-id", "msg_1");
        return headers;
    }

    /** Accepts one connection, reads the request, writes the answer, and closes or keeps the connection open. */
    private static CompletableFuture<String> answer(ServerSocket server, String answer, boolean keepOpen) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Socket socket = server.accept();
                InputStream in = socket.getInputStream();
                ByteArrayOutputStream request = new ByteArrayOutputStream();
                byte[] buffer = new byte[4096];
                while (true) {
                    int n = in.read(buffer);
                    request.write(buffer, 0, Math.max(n, 0));
                    String text = request.toString(StandardCharsets.UTF_8);
                    int end = text.indexOf("\r\n\r\n");
                    if (n < 0 || end >= 0 && text.length() - end - 4 >= contentLength(text)) {
                        break;
                    }
                }
                socket.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                if (!keepOpen) {
                    socket.close();
                }
                return request.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "failed: " + e;   // a refused handshake ends here
            }
        });
    }

    private static int contentLength(String request) {
        int at = request.indexOf("Content-Length: ");
        return at < 0 ? 0 : Integer.parseInt(request.substring(at + 16, request.indexOf("\r\n", at)));
    }
}
