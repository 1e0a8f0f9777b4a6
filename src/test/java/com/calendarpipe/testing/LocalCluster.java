package com.calendarpipe.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cluster of src/cluster/cluster.sh (two or three WildFly nodes of target/cluster-server and
 * haproxy in front), on ports of its own: the balancer on {@link #PORT} (8480, or
 * {@code CALENDARPIPE_CLUSTER_PORT} when set, so that two checkouts can test at once), node N on
 * PORT+N, and a throwaway PostgreSQL database {@code calendarpipe_cluster_it_PORT} made afresh and
 * dropped on {@link #close()}. Every step goes through the script, so the tests prove the script as well.
 */
public final class LocalCluster implements AutoCloseable {

    public static final int PORT = Integer.parseInt(System.getenv().getOrDefault("CALENDARPIPE_CLUSTER_PORT", "8480"));
    static final String DATABASE = "calendarpipe_cluster_it_" + PORT;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path project = Path.of(System.getProperty("user.dir"));
    private final String server;   // jdbc:postgresql://host:port/ of the database server
    private final String user = System.getenv().getOrDefault("CALENDARPIPE_DB_USER", "postgres");
    private final String password = System.getenv().getOrDefault("CALENDARPIPE_DB_PASSWORD", "postgres");

    private LocalCluster() {
        String url = System.getenv().getOrDefault("CALENDARPIPE_DB_URL", "");
        server = url.startsWith("jdbc:postgresql://")
                ? url.substring(0, url.indexOf('/', "jdbc:postgresql://".length()) + 1)
                : "jdbc:postgresql://127.0.0.1:5432/";
    }

    /** A fresh database and two nodes and the balancer up. */
    public static LocalCluster up() {
        return up(2);
    }

    /** A fresh database, {@code nodes} nodes (2 or 3) and the balancer up. */
    public static LocalCluster up(int nodes) {
        LocalCluster cluster = new LocalCluster();
        cluster.run("down");
        cluster.sql("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)", "CREATE DATABASE " + DATABASE);
        cluster.run("up", Integer.toString(nodes));
        return cluster;
    }

    /**
     * Drops every JGroups packet between node {@code n} and the others (cluster.sh cut); false,
     * with nothing changed, where this machine cannot (no iptables, not root, or a kernel that
     * refuses the rule), which the script's output in target/cluster-PORT.log explains.
     */
    public boolean cut(int n) {
        try {
            run("cut", Integer.toString(n));
            return true;
        } catch (IllegalStateException e) {
            heal();
            return false;
        }
    }

    /** Removes every cut. */
    public void heal() {
        run("heal");
    }

    /** Node N's server log (what WildFly writes: the start-up's admin setup token among it). */
    public Path serverLog(int n) {
        return project.resolve("target/cluster-" + PORT + "/node-" + n + "/log/server.log");
    }

    public URL balancer() {
        return url(PORT);
    }

    public URL node(int n) {
        return url(PORT + n);
    }

    /** SIGKILL: no shutdown, as a power cut would stop it. */
    public void kill(int n) {
        run("kill", Integer.toString(n));
    }

    public void start(int n) {
        run("start", Integer.toString(n));
    }

    /** SIGSTOP: the node hangs with its sockets open, as in a long pause; {@link #resume} ends it. */
    public void pause(int n) {
        signal(n, "STOP");
    }

    public void resume(int n) {
        signal(n, "CONT");
    }

    private void signal(int n, String signal) {
        try {
            String pid = Files.readString(project.resolve("target/cluster-" + PORT + "/node-" + n + ".pid")).strip();
            Process kill = new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The member names node {@code n} reports in its readiness probe (the "cluster" check). */
    public List<String> members(int n) {
        int management = 9990 + PORT - 8080 + n;
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + management + "/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonObject health = Json.createReader(new StringReader(response.body())).readObject();
            return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                    .filter(check -> check.getString("name").equals("cluster"))
                    .map(check -> Arrays.stream(check.getJsonObject("data").getString("members").split(",")).sorted().toList())
                    .findFirst().orElse(List.of());
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits (at most a minute) until node {@code n} sees exactly {@code expected} as members. */
    public void awaitMembers(int n, List<String> expected) throws InterruptedException {
        awaitMembers(n, expected, Duration.ofMinutes(1));
    }

    /** Waits (at most {@code within}) until node {@code n} sees exactly {@code expected} as members. */
    public void awaitMembers(int n, List<String> expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!members(n).equals(expected)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("node " + n + " sees " + members(n) + ", not " + expected + " after " + within);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    /** A connection to the cluster's database, for checks behind the API's back. */
    public Connection database() throws SQLException {
        return DriverManager.getConnection(server + DATABASE, user, password);
    }

    @Override
    public void close() {
        run("down");
        sql("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    }

    private void run(String... arguments) {
        Path log = project.resolve("target/cluster-" + PORT + ".log");
        ProcessBuilder builder = new ProcessBuilder();
        builder.command().add(project.resolve("src/cluster/cluster.sh").toString());
        builder.command().addAll(List.of(arguments));
        builder.environment().put("CALENDARPIPE_CLUSTER_PORT", Integer.toString(PORT));
        builder.environment().put("CALENDARPIPE_CLUSTER_DIR", project.resolve("target/cluster-" + PORT).toString());
        builder.environment().put("CALENDARPIPE_DB_URL", server + DATABASE);
        builder.environment().put("CALENDARPIPE_DB_USER", user);
        builder.environment().put("CALENDARPIPE_DB_PASSWORD", password);
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("cluster.sh " + String.join(" ", arguments) + " did not finish; see " + log);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("cluster.sh " + String.join(" ", arguments) + " failed:\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void sql(String... statements) {
        try (Connection connection = DriverManager.getConnection(server + "postgres", user, password);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The cluster tests need PostgreSQL at " + server + ": " + e.getMessage(), e);
        }
    }

    private static URL url(int port) {
        try {
            return URI.create("http://127.0.0.1:" + port + "/").toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
