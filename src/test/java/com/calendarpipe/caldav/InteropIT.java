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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Real clients against the test server: Debian's python3-caldav and vdirsyncer run the scripts
 * in {@code src/test/resources/interop/}, each as a new account with its own key, and must exit 0.
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
        run("caldav_client.py");
    }

    @Test
    void vdirsyncerSyncsBothWaysWithALocalFolder() throws Exception {
        RealClients.require("vdirsyncer", RealClients.onPath("vdirsyncer"), INSTALL);
        run("vdirsyncer_sync.py");
    }

    private void run(String script) throws IOException, InterruptedException, URISyntaxException {
        ApiClient api = api();
        ApiClient.TestAccount account = api.signUp();
        String key = api.createKey(api.signIn(account), "interop " + script);
        Path path = Path.of(InteropIT.class.getResource("/interop/" + script).toURI());
        Path log = Files.createTempFile("interop-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(PYTHON, path.toString(), base.toExternalForm(), account.email())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("CALENDARPIPE_KEY", key);
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
