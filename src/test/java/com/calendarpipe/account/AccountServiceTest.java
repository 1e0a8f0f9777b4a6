package com.calendarpipe.account;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class AccountServiceTest {

    /** An unknown email must cost a sign-in as much as a wrong password: the decoy is a real hash's twin. */
    @Test
    void theDecoyHashCostsWhatARealHashCosts() {
        String[] parts = AccountService.DECOY_HASH.split(":");
        assertEquals(4, parts.length);
        assertEquals("PBKDF2WithHmacSHA256", parts[0]);
        assertEquals(AccountService.ITERATIONS, AccountService.iterations(AccountService.DECOY_HASH));
        assertEquals(AccountService.SALT_BYTES, Base64.getDecoder().decode(parts[2]).length, "salt bytes");
        assertEquals(AccountService.KEY_BYTES, Base64.getDecoder().decode(parts[3]).length, "hash bytes");
    }
}
