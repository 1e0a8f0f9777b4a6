package com.calendarpipe.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Addresses as people read them: what looks alike is one address, what hides or mixes scripts is refused. */
class EmailAddressTest {

    @Test
    void anOrdinaryAddressIsComparedInLowerCase() throws Exception {
        EmailAddress address = EmailAddress.parse("  Ann.Lee+work@Example.COM ");
        assertEquals("Ann.Lee+work@Example.COM", address.display());
        assertEquals("ann.lee+work@example.com", address.normalized());
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            // full-width letters and the full-width at sign (NFKC)
            "ａｎｎ＠ｅｘａｍｐｌｅ.ｃｏｍ, ann@example.com",
            // a ligature (NFKC) and case folding beyond ASCII (Kelvin sign, long s)
            "ﬁona@example.com, fiona@example.com",
            "\u212Aim@example.com, kim@example.com",
            // a Unicode domain and its ASCII form are one domain (UTS #46)
            "ann@bücher.example, ann@xn--bcher-kva.example",
            "ann@XN--BCHER-KVA.example, ann@xn--bcher-kva.example",
    })
    void compatibilityFormsAndIdnaAreOneAddress(String typed, String normalized) throws Exception {
        assertEquals(normalized, EmailAddress.parse(typed).normalized());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "ann\u200B@example.com",        // zero-width space
            "an\u200Dn@example.com",        // zero-width joiner
            "ann@exa\u00ADmple.com",        // soft hyphen
            "ann\u202E@example.com",        // right-to-left override
            "ann\u0000@example.com",        // NUL
            "ann\r\nBcc: x@example.com",    // header injection
            "ann @example.com",             // white space
            "ann\u3164@example.com",        // Hangul filler: a letter that draws nothing
            "p\u0430ypal@example.com",      // Latin with a Cyrillic a in the local part
            "ann@p\u0430ypal.com",          // ... in the domain
            "ann@\u0440\u0430y\u0440al.com", // mixed Cyrillic and Latin label
            "ann@example",                  // no dot in the domain
            "@example.com", "ann@", "ann@@example.com", "a@b@example.com",
            "\"ann lee\"@example.com",      // quoted local part
            ".ann@example.com", "ann.@example.com", "an..n@example.com",
            "ann@[127.0.0.1]",              // address literal
            "ann@-example.com",             // STD3: no leading hyphen
    })
    void invisibleControlAndMixedScriptAddressesAreRefused(String typed) {
        assertThrows(EmailAddress.Invalid.class, () -> EmailAddress.parse(typed), typed);
    }

    @Test
    void anAddressWhollyInOneScriptIsFine() throws Exception {
        assertEquals("пример@пример.рф", EmailAddress.parse("пример@пример.рф").display());
        assertEquals("用户@例子.广告", EmailAddress.parse("用户@例子.广告").display());
    }

    @ParameterizedTest(name = "{0} looks like {1}")
    @CsvSource({
            "modern@example.com, rnodern@example.com",
            "hello@example.com, hel1o@example.com",
            "bob@example.com, b0b@example.com",
            // all-Cyrillic 'сор' is one script, so not refused, but it looks like cop
            "cop@example.com, \u0441\u043e\u0440@example.com",
            "ann@cop.com, ann@\u0441\u043e\u0440.com",
    })
    void lookalikesShareTheirSkeleton(String one, String other) throws Exception {
        EmailAddress a = EmailAddress.parse(one);
        EmailAddress b = EmailAddress.parse(other);
        assertNotEquals(a.normalized(), b.normalized());
        assertEquals(a.skeleton(), b.skeleton());
    }

    @Test
    void aTextThatIsNoAddressIsComparedTrimmedInLowerCase() {
        assertEquals("not an address", EmailAddress.comparable(" Not An Address "));
        assertEquals("ann@example.com", EmailAddress.comparable("ANN@example.com"));
    }
}
