package com.calendarpipe.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The real clients some tests drive (Debian packages: python3-caldav, vdirsyncer, chromium and
 * chromium-driver). Where one is missing the test is skipped with the command that installs
 * it, so `mvn clean verify` works on a machine with only Java and Maven; CI (.ci/run) installs
 * them and sets {@code CALENDARPIPE_REQUIRE_CLIENTS=true} (the test JVMs inherit it), so there a
 * missing one fails while the test command stays the README's.
 */
public final class RealClients {

    private RealClients() {
    }

    public static void require(String client, boolean present, String install) {
        if (present) {
            return;
        }
        String message = client + " is not installed: " + install;
        if ("true".equals(System.getenv("CALENDARPIPE_REQUIRE_CLIENTS"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }

    /** True when an executable of that name is on the PATH. */
    public static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
