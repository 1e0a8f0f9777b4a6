package com.calendarpipe.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KeyFormatTest {

    private static final Pattern SHAPE = Pattern.compile("^cp_[0-9a-f]{64}$");

    @Test
    void tenThousandKeysAreUniqueWellShapedAndCarryTheirChecksum() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String key = KeyFormat.generate();
            assertTrue(SHAPE.matcher(key).matches(), key);
            assertTrue(KeyFormat.isWellFormed(key), key);
            assertTrue(seen.add(key), "duplicate key");
        }
        assertEquals(10_000, seen.size());
    }

    @Test
    void theChecksumIsTheCrc32OfEverythingBeforeIt() {
        // a fixed vector: CRC-32 of "cp_" + 56 zeros, computed independently (zlib.crc32 in Python)
        String body = "cp_" + "0".repeat(56);
        assertEquals("7489e7e2", KeyFormat.checksum(body));
        assertTrue(KeyFormat.isWellFormed(body + "7489e7e2"));
    }

    @Test
    void everySingleCharacterChangeFailsTheCheck() {
        String key = KeyFormat.generate();
        for (int i = 3; i < key.length(); i++) {
            char original = key.charAt(i);
            for (char c : "0123456789abcdef".toCharArray()) {
                if (c != original) {
                    String changed = key.substring(0, i) + c + key.substring(i + 1);
                    assertFalse(KeyFormat.isWellFormed(changed), "changed at " + i);
                }
            }
        }
    }

    @Test
    void anythingNotExactlyAKeyIsMalformed() {
        String key = KeyFormat.generate();
        for (String bad : new String[] {null, "", key.substring(0, 66), key + "0", key.toUpperCase(),
                "CP_" + key.substring(3), key + " ", " " + key, "xp_" + key.substring(3),
                key.substring(0, 10) + "g" + key.substring(11), key.substring(0, 10) + "é" + key.substring(11)}) {
            assertFalse(KeyFormat.isWellFormed(bad), String.valueOf(bad));
        }
    }

    @Test
    void prefixIsTheFirstNineCharactersAndHashIsSha256Hex() {
        String key = KeyFormat.generate();
        assertEquals(key.substring(0, 9), KeyFormat.prefix(key));
        assertTrue(KeyFormat.hash(key).matches("[0-9a-f]{64}"));
        assertEquals(KeyFormat.hash(key), KeyFormat.hash(key));
        // SHA-256("abc"), FIPS 180-2 test vector
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", KeyFormat.hash("abc"));
    }
}
