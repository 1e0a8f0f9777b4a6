package com.calendarpipe.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The secret's format and the Standard Webhooks signature, against the specification's own example. */
class SigningSecretTest {

    /** The example of the Standard Webhooks specification (and of Svix's libraries' tests). */
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void signsAsTheSpecificationsExample() {
        byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
        assertEquals("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                SigningSecret.sign(SPEC_SECRET, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body));
    }

    @Test
    void aRotationSendsBothSignaturesSpaceSeparated() {
        String other = SigningSecret.make();
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String header = SigningSecret.signatures(List.of(other, SPEC_SECRET), "msg_1", 1, body);
        String[] parts = header.split(" ");
        assertEquals(2, parts.length, header);
        assertEquals("v1," + SigningSecret.sign(other, "msg_1", 1, body), parts[0]);
        assertEquals("v1," + SigningSecret.sign(SPEC_SECRET, "msg_1", 1, body), parts[1]);
    }

    @Test
    void madeSecretsAreValidAndDiffer() {
        String one = SigningSecret.make();
        assertNull(SigningSecret.problem(one), one);
        assertEquals(32, Base64.getDecoder().decode(one.substring(6)).length);
        assertNotEquals(one, SigningSecret.make());
        assertEquals(one.substring(0, 10), SigningSecret.hint(one));
    }

    @Test
    void chosenSecretsMustBeWhsecAndTwentyFourToSixtyFourBytes() {
        assertNull(SigningSecret.problem("whsec_" + Base64.getEncoder().encodeToString(new byte[24])));
        assertNull(SigningSecret.problem("whsec_" + Base64.getEncoder().encodeToString(new byte[64])));
        for (String bad : new String[] {null, "", "whsec_", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "sk_" + SPEC_SECRET.substring(6),
                "whsec_" + Base64.getEncoder().encodeToString(new byte[23]),
                "whsec_" + Base64.getEncoder().encodeToString(new byte[65]), "whsec_not base64!", "whsec_=="}) {
            assertNotNull(SigningSecret.problem(bad), String.valueOf(bad));
        }
        assertTrue(SigningSecret.problem("whsec_abc").contains("24 to 64"));
    }
}
