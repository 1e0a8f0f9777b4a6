package com.calendarpipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets sealed at rest: round trip, tampering, rotation, and the data folder's own key. */
class SecretBoxTest {

    private static final String OLD = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String NEW = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    private static SecretBox box(String key, Path dataDir) {
        return box(key, dataDir, 0);
    }

    private static SecretBox box(String key, Path dataDir, int clusterSize) {
        SecretBox box = new SecretBox();
        box.settings = new Settings() {
            @Override
            public Optional<String> secretsKey() {
                return Optional.ofNullable(key);
            }

            @Override
            public int clusterSize() {
                return clusterSize;
            }

            @Override
            public String dataDir() {
                return dataDir.toString();
            }
        };
        return box;
    }

    @Test
    void aClusteredServerWithoutTheSharedKeyIsRefusedAtStart(@TempDir Path data) {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> box(null, data, 2).atStart(null));
        assertTrue(refused.getMessage().contains("CALENDARPIPE_SECRETS_KEY"), refused.getMessage());
        box(NEW, data, 2).atStart(null);
        box(null, data, 0).atStart(null);
        box(null, data, 1).atStart(null);
        assertFalse(Files.exists(data.resolve("secrets.key")), "nothing made at start");
    }

    @Test
    void aSealedSecretOpensAndHoldsNoPlainText(@TempDir Path data) {
        SecretBox box = box(NEW, data);
        String sealed = box.seal("whsec_c2VjcmV0");
        assertFalse(sealed.contains("whsec_") || sealed.contains("c2VjcmV0"), sealed);
        assertNotEquals(sealed, box.seal("whsec_c2VjcmV0"), "a fresh IV each time");
        assertEquals("whsec_c2VjcmV0", box.open(sealed));
    }

    @Test
    void anAlteredValueOrAnUnknownKeyDoesNotOpen(@TempDir Path data) {
        SecretBox box = box(NEW, data);
        String sealed = box.seal("seed");
        char last = sealed.charAt(sealed.length() - 3);
        String altered = sealed.substring(0, sealed.length() - 3) + (last == 'A' ? 'B' : 'A') + sealed.substring(sealed.length() - 2);
        assertThrows(IllegalStateException.class, () -> box.open(altered));
        assertThrows(IllegalStateException.class, () -> box(OLD, data).open(sealed), "another key");
        assertThrows(IllegalStateException.class, () -> box.open("plain text"));
    }

    @Test
    void aRotationOpensWhatTheOldKeySealedAndSealsWithTheNewOne(@TempDir Path data) {
        String byOld = box(OLD, data).seal("seed");
        SecretBox rotated = box(NEW + "," + OLD, data);
        assertEquals("seed", rotated.open(byOld));
        assertFalse(rotated.sealedByCurrentKey(byOld), "to be sealed again with the new key");
        assertTrue(rotated.sealedByCurrentKey(rotated.seal("seed")));
    }

    @Test
    void aKeyThatIsNot32BytesOfBase64IsRefused(@TempDir Path data) {
        for (String bad : new String[] {"short", Base64.getEncoder().encodeToString(new byte[16]), NEW + ",!!!", " , "}) {
            assertThrows(IllegalStateException.class, () -> box(bad, data).seal("x"), bad);
        }
    }

    @Test
    void withoutTheSettingTheDataFolderKeepsAKeyOfItsOwnForThisUserAlone(@TempDir Path data) throws Exception {
        String sealed = box(null, data).seal("seed");
        Path file = data.resolve("secrets.key");
        assertEquals(32, Base64.getDecoder().decode(Files.readString(file).strip()).length);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("seed", box(null, data).open(sealed), "the same key after a restart");
    }
}
