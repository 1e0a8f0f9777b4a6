package com.calendarpipe.leaks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.Refused;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The keys setting and the signature check, against what a hostile or careless sender or operator sends. */
class ReportKeysTest {

    private static final byte[] BODY = "[{\"token\":\"cp_x\",\"type\":\"calendarpipe_api_key\",\"url\":\"https://example.com\",\"source\":\"content\"}]"
            .getBytes(StandardCharsets.UTF_8);

    static KeyPair pair(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    static String spki(KeyPair pair) {
        return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    }

    static byte[] sign(KeyPair pair, byte[] body) throws Exception {
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initSign(pair.getPrivate());
        ecdsa.update(body);
        return ecdsa.sign();
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Test
    void aSignatureByTheNamedKeyOverTheExactBodyVerifies() throws Exception {
        KeyPair one = pair("secp256r1");
        KeyPair two = pair("secp256r1");
        ReportKeys keys = ReportKeys.parse("one:" + spki(one) + ", two:" + spki(two));
        assertEquals(Set.of("one", "two"), keys.identifiers());
        String signature = b64(sign(one, BODY));
        assertTrue(keys.verifies("one", signature, BODY));
        assertFalse(keys.verifies("two", signature, BODY), "named the other key");
        assertFalse(keys.verifies("three", signature, BODY), "an unknown identifier");
        assertFalse(keys.verifies(null, signature, BODY));
        assertFalse(keys.verifies("one", null, BODY));
        byte[] changed = BODY.clone();
        changed[3]++;
        assertFalse(keys.verifies("one", signature, changed), "one byte of the body changed");
        assertFalse(keys.verifies("one", b64(sign(pair("secp256r1"), BODY)), BODY), "another key pair's signature");
    }

    @Test
    void brokenSignaturesAreInvalidNeverAnError() throws Exception {
        KeyPair one = pair("secp256r1");
        ReportKeys keys = ReportKeys.parse("one:" + spki(one));
        byte[] der = sign(one, BODY);
        for (String bad : List.of("", "not base64 !!", "%%%%", b64(Arrays.copyOf(der, der.length - 1)),
                b64(Arrays.copyOf(der, 8)), b64(new byte[] {0x30, 0x00}), b64(new byte[] {0x30, (byte) 0x80, 1, 2}),
                b64(new byte[64]), "A".repeat(10_000), b64(der) + "garbage")) {
            assertFalse(keys.verifies("one", bad, BODY), bad.length() > 40 ? bad.substring(0, 40) : bad);
        }
        assertTrue(keys.verifies("one", " " + b64(der) + " ", BODY), "surrounding blanks are ignored");
    }

    @Test
    void unusableEntriesAreLeftOutAndNamedTheOthersKept() throws Exception {
        KeyPair good = pair("secp256r1");
        String goodKey = spki(good);
        String setting = String.join(",",
                "garbage:bm90IGEga2V5",                                   // base64, not a key
                "nobase64:%%%not base64%%%",
                "p384:" + spki(pair("secp384r1")),                        // the wrong curve
                "rsa:" + rsaKey(),
                "truncated:" + goodKey.substring(0, goodKey.length() / 2),
                ":" + goodKey,                                            // no identifier
                "no colon at all",
                "good:" + goodKey,
                "");
        ReportKeys keys = ReportKeys.parse(setting);
        assertEquals(Set.of("good"), keys.identifiers());
        assertEquals(List.of("garbage", "nobase64", "p384", "rsa", "truncated"), keys.rejected().subList(0, 5));
        assertEquals(7, keys.rejected().size());
        assertTrue(keys.verifies("good", b64(sign(good, BODY)), BODY));
    }

    @Test
    void pemArmourAndLineBreaksAreAccepted() throws Exception {
        KeyPair pair = pair("secp256r1");
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPublic().getEncoded());
        ReportKeys keys = ReportKeys.parse("pem:-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
        assertTrue(keys.verifies("pem", b64(sign(pair, BODY)), BODY));
    }

    @Test
    void noSettingNoKeys() {
        assertTrue(ReportKeys.parse(null).isEmpty());
        assertTrue(ReportKeys.parse("  ").isEmpty());
        assertTrue(ReportKeys.parse(",,").isEmpty());
        assertFalse(ReportKeys.parse("").verifies("x", "MEUCIQ==", BODY));
    }

    @Test
    void aReportIsAnArrayOfObjectsWithStringTokens() {
        var parsed = LeakReportsResource.parse(BODY);
        assertEquals(1, parsed.size());
        assertEquals("cp_x", parsed.get(0).token());
        assertEquals("https://example.com", parsed.get(0).url());
        assertEquals(400, status(() -> LeakReportsResource.parse("{\"token\":\"x\"}".getBytes(StandardCharsets.UTF_8))));
        assertEquals(400, status(() -> LeakReportsResource.parse("[{\"token\":1}]".getBytes(StandardCharsets.UTF_8))));
        assertEquals(400, status(() -> LeakReportsResource.parse("[\"x\"]".getBytes(StandardCharsets.UTF_8))));
        assertEquals(400, status(() -> LeakReportsResource.parse("[".getBytes(StandardCharsets.UTF_8))));
        assertEquals(400, status(() -> LeakReportsResource.parse(new byte[0])));
        assertEquals(0, LeakReportsResource.parse("[]".getBytes(StandardCharsets.UTF_8)).size());
        String big = "[" + String.join(",", java.util.Collections.nCopies(LeakReportsResource.MAX_TOKENS + 1, "{\"token\":\"t\"}")) + "]";
        assertEquals(413, status(() -> LeakReportsResource.parse(big.getBytes(StandardCharsets.UTF_8))));
        String full = "[" + String.join(",", java.util.Collections.nCopies(LeakReportsResource.MAX_TOKENS, "{\"token\":\"t\"}")) + "]";
        assertEquals(LeakReportsResource.MAX_TOKENS, LeakReportsResource.parse(full.getBytes(StandardCharsets.UTF_8)).size());
    }

    private static int status(Runnable parse) {
        Refused refused = assertThrows(Refused.class, parse::run);
        return switch (refused.kind()) {
            case INVALID -> 400;
            case TOO_LARGE -> 413;
            default -> 0;
        };
    }

    private static String rsaKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        return b64(generator.generateKeyPair().getPublic().getEncoded());
    }
}
