package com.calendarpipe.caldav;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.RealClients;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Real clients against the test server: Debian's python3-caldav and vdirsyncer run the scripts
 * in {@code src/test/resources/interop/}, each as a new account with its own key (the scheduling
 * script with a second account as the attendee), and must exit 0.
 * The key goes to them in the environment, never on a command line. A missing client skips the
 * test with the command that installs it, or fails it in CI (see {@link RealClients}).
 */
class InteropIT extends ClientIT {

    /** Debian installs python3-caldav (and vdirsyncer's Python) for the system interpreter only. */
    private static final String PYTHON = "/usr/bin/python3";
    private static final long TIMEOUT_SECONDS = 300;
    private static final String INSTALL = "apt-get install python3-caldav vdirsyncer";

    @Test
    void pythonCaldavDiscoversSavesSearchesExpandsUpdatesDeletesAndSyncs() throws Exception {
        RealClients.require("python3-caldav (for " + PYTHON + ")", succeeds(PYTHON, "-c", "import caldav"), INSTALL);
        run("caldav_client.py", Map.of());
    }

    @Test
    void pythonCaldavSchedulesBetweenTwoAccounts() throws Exception {
        RealClients.require("python3-caldav (for " + PYTHON + ")", succeeds(PYTHON, "-c", "import caldav"), INSTALL);
        ApiClient api = api();
        ApiClient.TestAccount attendee = api.signUp();
        String key = api.createKey(api.signIn(attendee), "interop attendee");
        run("caldav_scheduling.py", Map.of("CALENDARPIPE_ATTENDEE_KEY", key), attendee.email());
    }

    @Test
    void vdirsyncerSyncsBothWaysWithALocalFolder() throws Exception {
        RealClients.require("vdirsyncer", RealClients.onPath("vdirsyncer"), INSTALL);
        run("vdirsyncer_sync.py", Map.of());
    }

    /** Runs a script as a new account: its URL and email, then {@code args}; the keys in the environment. */
    private void run(String script, Map<String, String> environment, String... args)
            throws IOException, InterruptedException, URISyntaxException {
        ApiClient api = api();
        ApiClient.TestAccount account = api.signUp();
        String key = api.createKey(api.signIn(account), "interop " + script);
        Path path = Path.of(InteropIT.class.getResource("/interop/" + script).toURI());
        Path log = Files.createTempFile("interop-", ".log");
        try {
            List<String> command = new ArrayList<>(List.of(PYTHON, path.toString(), base.toExternalForm(), account.email()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("CALENDARPIPE_KEY", key);
            builder.environment().putAll(environment);
            Process process = builder.start();
            boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertTrue(finished, () -> script + " did not finish within " + TIMEOUT_SECONDS + " s:\n" + output);
            assertEquals(0, process.exitValue(), () -> script + " failed:\n" + output);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static boolean succeeds(String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (process.waitFor(60, TimeUnit.SECONDS)) {
                return process.exitValue() == 0;
            }
            process.destroyForcibly();
            return false;
        } catch (IOException e) {
            return false;   // no such interpreter
        }
    }
}
