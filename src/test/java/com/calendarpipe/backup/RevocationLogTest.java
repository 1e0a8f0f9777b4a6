package com.calendarpipe.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.calendarpipe.Settings;
import com.calendarpipe.apikey.KeyEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The revocation log: what it writes, what it reads back, and what it skips. */
class RevocationLogTest {

    private static RevocationLog log(Path file) {
        RevocationLog log = new RevocationLog();
        log.settings = new Settings() {
            @Override
            public String revocationLog() {
                return file.toString();
            }
        };
        return log;
    }

    @Test
    void revocationsAndRotationsAreAppendedAndReadBack(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("sub/revocations.log");
        RevocationLog log = log(file);
        log.revoked(new KeyEvent("acct", KeyEvent.Kind.REVOKED, "key-1", "cp_abc", Map.of(), null, null));
        log.revoked(new KeyEvent("acct", KeyEvent.Kind.CREATED, "key-3", "cp_def",
                Map.of("rotatedFromKeyId", "key-2", "rotatedFromPrefix", "cp_old", "oldKeyRevokesAt", "2026-12-08T00:00:00Z"), null, null));
        // neither a plain creation nor a use is a revocation
        log.revoked(new KeyEvent("acct", KeyEvent.Kind.CREATED, "key-4", "cp_ghi", Map.of(), null, null));
        log.revoked(new KeyEvent("acct", KeyEvent.Kind.FIRST_USED, "key-1", "cp_abc", Map.of(), "127.0.0.1", "curl"));

        List<RevocationLog.Entry> entries = RevocationLog.read(file);
        assertEquals(2, entries.size(), entries::toString);
        assertEquals("key-1", entries.get(0).keyId());
        assertFalse(entries.get(0).scheduled());
        assertEquals(new RevocationLog.Entry("key-2", Instant.parse("2026-12-08T00:00:00Z"), true), entries.get(1));
        String text = Files.readString(file);
        assertFalse(text.contains("cp_"), "names keys by id, never by prefix or key: " + text);
    }

    @Test
    void aLineCutByACrashSpoilsNoOtherAndHostileLinesAreSkipped(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("revocations.log");
        Files.writeString(file, String.join("\n",
                "revoke key-0 2026-12-01T10:00:00Z",
                "revoke key-x' OR 1=1 2026-12-01T10:00:00Z",
                "revoke key-y not-a-time",
                "unrevoke key-0 2026-12-01T10:00:00Z",
                "",
                "revoke key-cut 2026-12-0"), StandardCharsets.US_ASCII);   // no newline: cut mid-write
        log(file).revoked(new KeyEvent("acct", KeyEvent.Kind.REVOKED, "key-1", "cp_abc", Map.of(), null, null));

        List<String> keys = RevocationLog.read(file).stream().map(RevocationLog.Entry::keyId).toList();
        assertEquals(List.of("key-0", "key-1"), keys);
        assertEquals(List.of(), RevocationLog.read(folder.resolve("none.log")), "no log: nothing to replay");
    }
}
