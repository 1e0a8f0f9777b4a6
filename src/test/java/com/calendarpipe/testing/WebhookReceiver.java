package com.calendarpipe.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A webhook receiver for the tests: an HTTP server on a loopback address that records every
 * request (its Standard Webhooks headers and body, and when it came) and answers as told, per
 * path: a queue of statuses (then 200), a pause before answering, a redirect. Verification is
 * not done here but by the official libraries ({@link #verify}, node).
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    public record Delivery(String path, String id, String timestamp, String signature, String body, Instant at) {
    }

    private final HttpServer server;
    private final Queue<Delivery> received = new ConcurrentLinkedQueue<>();
    private final Map<String, Queue<Integer>> statuses = new ConcurrentHashMap<>();
    private final Map<String, Duration> pauses = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();

    private WebhookReceiver(String address) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 50);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    /** A receiver listening on the loopback address given (127.0.0.1, 127.0.0.2, …: distinct hosts to the sender). */
    public static WebhookReceiver on(String address) {
        try {
            return new WebhookReceiver(address);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://address:port/path}. */
    public String url(String path) {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort() + path;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The path answers these statuses, one per request, then 200. */
    public WebhookReceiver answers(String path, Integer... codes) {
        statuses.put(path, new ConcurrentLinkedQueue<>(List.of(codes)));
        return this;
    }

    /** The path waits this long before answering. */
    public WebhookReceiver pauses(String path, Duration pause) {
        pauses.put(path, pause);
        return this;
    }

    /** The path answers 302 to this location. */
    public WebhookReceiver redirects(String path, String location) {
        redirects.put(path, location);
        return this;
    }

    public List<Delivery> received(String path) {
        return received.stream().filter(d -> d.path().equals(path)).toList();
    }

    public List<Delivery> all() {
        return List.copyOf(received);
    }

    /** The path's deliveries once {@code done} holds for them, or what there is after {@code patience}. */
    public List<Delivery> await(String path, Predicate<List<Delivery>> done, Duration patience) {
        return Pause.until(() -> received(path), done, patience);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Delivery(path, exchange.getRequestHeaders().getFirst("webhook-id"),
                exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                exchange.getRequestHeaders().getFirst("webhook-signature"), body, Instant.now()));
        Duration pause = pauses.get(path);
        if (pause != null) {
            Pause.sleep(pause);
        }
        String location = redirects.get(path);
        if (location != null) {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
            return;
        }
        Queue<Integer> queue = statuses.get(path);
        Integer status = queue == null ? null : queue.poll();
        byte[] answer = "ok".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status == null ? 200 : status, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** What the verifiers said of one delivery with one secret: the payload's type, or "false" when it did not verify. */
    public record Verdict(String id, int secret, String standardWebhooks, String svix) {
    }

    /**
     * Verifies the deliveries with each secret, as a receiver would: the official Standard
     * Webhooks library and Svix's verifier, run by node (src/test/resources/mcp/verify-webhooks.mjs).
     */
    public static List<Verdict> verify(List<Delivery> deliveries, List<String> secrets) throws IOException, InterruptedException {
        NodeClients.require();
        Path input = Files.createTempFile("webhook-deliveries-", ".json");
        try {
            Files.writeString(input, "[" + deliveries.stream().map(d -> "{\"id\":" + quoted(d.id()) + ",\"timestamp\":"
                    + quoted(d.timestamp()) + ",\"signature\":" + quoted(d.signature()) + ",\"body\":" + quoted(d.body()) + "}")
                    .collect(Collectors.joining(",")) + "]");
            NodeClients.Run run = NodeClients.run(List.of(NodeClients.script("verify-webhooks.mjs").toString(), input.toString()),
                    Map.of("WEBHOOK_SECRETS", String.join(",", secrets)), 60);
            if (run.exit() != 0) {
                throw new AssertionError("the verifiers failed: " + run.output());
            }
            List<Verdict> verdicts = new ArrayList<>();
            for (String line : run.output().lines().filter(l -> l.startsWith("{")).toList()) {
                JsonObject json = Json.createReader(new StringReader(line)).readObject();
                verdicts.add(new Verdict(json.getString("id"), json.getInt("secret"), json.get("standardwebhooks").toString().replace("\"", ""),
                        json.get("svix").toString().replace("\"", "")));
            }
            return verdicts;
        } finally {
            Files.deleteIfExists(input);
        }
    }

    private static String quoted(String text) {
        return text == null ? "null" : Json.createValue(text).toString();
    }
}
