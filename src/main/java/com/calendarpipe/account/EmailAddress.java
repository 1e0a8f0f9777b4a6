package com.calendarpipe.account;

import com.ibm.icu.text.IDNA;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import com.ibm.icu.text.UnicodeSet;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * An e-mail address as people read it. What looks the same to a person is the same address here:
 * <ul>
 * <li>the text is NFKC-normalised (full-width, ligature and compatibility forms become their plain
 *     letters) and compared case-folded;</li>
 * <li>the domain is compared in its ASCII form (UTS #46 IDNA: {@code bücher.example} and
 *     {@code xn--bcher-kva.example} are one domain);</li>
 * <li>invisible characters (zero-width joiners and spaces, bidirectional marks), control
 *     characters and white space are refused;</li>
 * <li>a part mixing scripts that look alike (Latin with Cyrillic or Greek: {@code pаypal} with a
 *     Cyrillic {@code а}) is refused, as UTS #39 "moderately restrictive" says; a part in one
 *     script, or in Latin with a script nothing in Latin is confused with, is fine;</li>
 * <li>and what remains is compared by its UTS #39 confusable skeleton: two accounts can never
 *     differ by a lookalike character ({@code rn} and {@code m}, {@code 0} and {@code o}).</li>
 * </ul>
 * The local part may be Unicode (RFC 6531) or ASCII atoms (RFC 5321 §4.1.2 {@code Dot-string});
 * quoted local parts, comments and address literals are refused: nobody signs up with them.
 */
public record EmailAddress(String display, String normalized, String skeleton) {

    /** RFC 5321 §4.5.3.1: 64 octets of local part, 255 of domain; RFC 5321 errata: 254 in all. */
    static final int MAX_LENGTH = 254;
    private static final int MAX_LOCAL_BYTES = 64;

    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();
    private static final Normalizer2 NFKC_CASEFOLD = Normalizer2.getNFKCCasefoldInstance();
    private static final IDNA IDNA_UTS46 = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII
            | IDNA.NONTRANSITIONAL_TO_UNICODE | IDNA.CHECK_BIDI | IDNA.CHECK_CONTEXTJ | IDNA.CHECK_CONTEXTO
            | IDNA.USE_STD3_RULES);
    private static final String ATEXT_SYMBOLS = "!#$%&'*+-/=?^_`{|}~";
    /**
     * Thread-safe once built (ICU's SpoofChecker contract). Characters are limited to those UTS #39
     * recommends for identifiers (which leaves out invisible fillers such as U+3164 and obsolete
     * lookalikes), plus the symbols an address may hold.
     */
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder()
            .setRestrictionLevel(SpoofChecker.RestrictionLevel.MODERATELY_RESTRICTIVE)
            .setChecks(SpoofChecker.RESTRICTION_LEVEL | SpoofChecker.INVISIBLE | SpoofChecker.MIXED_NUMBERS
                    | SpoofChecker.CHAR_LIMIT)
            .setAllowedChars(new UnicodeSet(SpoofChecker.RECOMMENDED).addAll(SpoofChecker.INCLUSION)
                    .addAll(ATEXT_SYMBOLS).add('.').freeze())
            .build();

    /** Why the text is not an address this server takes (a message for a {@code details} entry). */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** The address, or {@link Invalid} saying what is wrong with it. */
    public static EmailAddress parse(String raw) throws Invalid {
        if (raw == null) {
            throw new Invalid("is required");
        }
        String text = NFKC.normalize(raw.strip());
        if (text.isEmpty() || text.length() > MAX_LENGTH) {
            throw new Invalid("must be an email address of at most " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            int c = text.codePointAt(i);
            int type = Character.getType(c);
            if (Character.isISOControl(c) || Character.isWhitespace(c) || Character.isSpaceChar(c)
                    || type == Character.FORMAT || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                    || type == Character.SURROGATE) {
                throw new Invalid("must not contain spaces, invisible or control characters");
            }
        }
        int at = text.lastIndexOf('@');
        if (at <= 0 || at == text.length() - 1 || text.indexOf('@') != at) {
            throw new Invalid("must be an email address");
        }
        String local = text.substring(0, at);
        String domain = text.substring(at + 1);
        checkLocal(local);
        String asciiDomain = asciiDomain(domain);
        String unicodeDomain = unicodeDomain(asciiDomain);
        if (SPOOF.failsChecks(local)) {
            throw new Invalid("must not mix lookalike scripts or hold invisible characters");
        }
        for (String label : unicodeDomain.split("\\.")) {
            if (SPOOF.failsChecks(label)) {
                throw new Invalid("must not have a domain that mixes lookalike scripts");
            }
        }
        String normalized = NFKC_CASEFOLD.normalize(local) + "@" + asciiDomain;
        String skeleton = skeleton(local) + "@" + skeleton(unicodeDomain);
        return new EmailAddress(local + "@" + domain, normalized, skeleton);
    }

    /**
     * The form in which an address is compared, for any text: an address's {@link #normalized}
     * form, or for text that is no address (a mistyped sign-in), its trimmed lower case, which
     * can match no account made since addresses were parsed.
     */
    public static String comparable(String raw) {
        try {
            return parse(raw).normalized();
        } catch (Invalid notAnAddress) {
            return raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        }
    }

    /** The address's skeleton, when it is one: see {@link #skeleton}. */
    static Optional<String> skeletonOf(String raw) {
        try {
            return Optional.of(parse(raw).skeleton());
        } catch (Invalid notAnAddress) {
            return Optional.empty();
        }
    }

    /**
     * UTS #39's skeleton, case-folded before and after: confusables map to one prototype, but
     * sometimes an upper-case one ({@code 0} to {@code O}), which must meet its lower case.
     */
    private static String skeleton(String text) {
        return NFKC_CASEFOLD.normalize(SPOOF.getSkeleton(NFKC_CASEFOLD.normalize(text)));
    }

    private static void checkLocal(String local) throws Invalid {
        if (local.getBytes(StandardCharsets.UTF_8).length > MAX_LOCAL_BYTES) {
            throw new Invalid("must have at most " + MAX_LOCAL_BYTES + " bytes before the @");
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            throw new Invalid("must be an email address (no leading, trailing or double dots before the @)");
        }
        for (int i = 0; i < local.length(); i = local.offsetByCodePoints(i, 1)) {
            int c = local.codePointAt(i);
            boolean atext = c < 128 ? Character.isLetterOrDigit(c) || ATEXT_SYMBOLS.indexOf(c) >= 0 || c == '.'
                    : Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK
                    || Character.getType(c) == Character.COMBINING_SPACING_MARK;
            if (!atext) {
                throw new Invalid("must be an email address (quoted or unusual characters before the @ are not accepted)");
            }
        }
    }

    private static String asciiDomain(String domain) throws Invalid {
        StringBuilder ascii = new StringBuilder();
        IDNA.Info info = new IDNA.Info();
        IDNA_UTS46.nameToASCII(domain, ascii, info);
        String result = ascii.toString();
        if (info.hasErrors() || result.isEmpty() || result.length() > 253 || result.indexOf('.') < 0
                || result.endsWith(".") || result.startsWith("[")) {
            throw new Invalid("must have a valid domain after the @");
        }
        return result.toLowerCase(Locale.ROOT);
    }

    private static String unicodeDomain(String ascii) throws Invalid {
        StringBuilder unicode = new StringBuilder();
        IDNA.Info info = new IDNA.Info();
        IDNA_UTS46.nameToUnicode(ascii, unicode, info);
        if (info.hasErrors()) {
            throw new Invalid("must have a valid domain after the @");
        }
        return unicode.toString();
    }
}
