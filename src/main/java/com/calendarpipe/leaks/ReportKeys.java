package com.calendarpipe.leaks;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The public keys a leak report's signature is checked against, parsed from the setting
 * {@code CALENDARPIPE_LEAK_REPORT_KEYS}: {@code identifier:key} pairs separated by commas, each
 * key an ECDSA public key on P-256 (secp256r1) as base64 DER SubjectPublicKeyInfo, the body of a
 * PEM {@code PUBLIC KEY} (its armour lines and whitespace may stay). That is the form of GitHub's
 * secret-scanning keys ({@code key_identifier} and {@code key} of its published list).
 * <p>
 * An entry that cannot be used (no identifier, not base64, not a key, not an EC key, another
 * curve) is left out and named in {@link #rejected()}, so that one bad paste does not take the
 * other keys with it; the server logs the identifiers it left out. A signature is checked as
 * GitHub makes it: SHA256withECDSA over the raw body bytes, the signature DER-encoded, sent in
 * base64. Nothing here throws on hostile input: a bad signature is simply not valid.
 */
public final class ReportKeys {

    /** Identifiers are GitHub's hex digests (64 characters); anything far longer is not one. */
    static final int MAX_IDENTIFIER = 256;
    /** A DER P-256 signature is at most 72 bytes, 96 in base64; a header far longer is not one. */
    static final int MAX_SIGNATURE_BASE64 = 256;

    private static final ECParameterSpec P256 = p256();
    private static final ReportKeys NONE = new ReportKeys(Map.of(), List.of());
    private static volatile Parsed last = new Parsed("", NONE);

    private final Map<String, PublicKey> keys;
    private final List<String> rejected;

    private ReportKeys(Map<String, PublicKey> keys, List<String> rejected) {
        this.keys = keys;
        this.rejected = rejected;
    }

    private record Parsed(String text, ReportKeys keys) {
    }

    /** The keys of the setting's text, parsed once per distinct value. */
    static ReportKeys of(String setting) {
        Parsed parsed = last;
        if (!parsed.text().equals(setting)) {
            parsed = new Parsed(setting, parse(setting));
            last = parsed;
            if (!parsed.keys().rejected().isEmpty()) {
                Logger.getLogger(ReportKeys.class.getName()).warning("CALENDARPIPE_LEAK_REPORT_KEYS: left out the "
                        + "entries that are not identifier:P-256 public key: " + parsed.keys().rejected());
            }
        }
        return parsed.keys();
    }

    /** Parses the setting's text; never throws. */
    public static ReportKeys parse(String setting) {
        if (setting == null || setting.isBlank()) {
            return NONE;
        }
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        List<String> rejected = new ArrayList<>();
        for (String entry : setting.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            String id = colon < 0 ? "" : entry.substring(0, colon).strip();
            PublicKey key = colon < 0 ? null : p256Key(entry.substring(colon + 1));
            if (id.isEmpty() || id.length() > MAX_IDENTIFIER || key == null) {
                rejected.add(printable(id.isEmpty() ? entry.strip() : id));
            } else {
                keys.put(id, key);
            }
        }
        return new ReportKeys(Map.copyOf(keys), List.copyOf(rejected));
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The identifiers of the usable keys. */
    public java.util.Set<String> identifiers() {
        return keys.keySet();
    }

    /** The entries left out, by identifier (cut short; never a secret: these are public keys). */
    public List<String> rejected() {
        return rejected;
    }

    /**
     * Whether {@code signature} (base64 of a DER ECDSA signature) is one of {@code body} by the key
     * named {@code identifier}. False for a missing or unknown identifier or signature, and for any
     * signature that does not decode or verify.
     */
    public boolean verifies(String identifier, String signature, byte[] body) {
        if (identifier == null || signature == null || signature.length() > MAX_SIGNATURE_BASE64) {
            return false;
        }
        PublicKey key = keys.get(identifier.strip());
        if (key == null) {
            return false;
        }
        try {
            byte[] der = Base64.getDecoder().decode(signature.strip());
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initVerify(key);
            ecdsa.update(body);
            return ecdsa.verify(der);
        } catch (IllegalArgumentException | GeneralSecurityException notASignature) {
            return false;   // not base64, truncated or otherwise broken DER
        }
    }

    /** The P-256 key of base64 DER SubjectPublicKeyInfo (PEM armour and whitespace allowed), or null. */
    static PublicKey p256Key(String text) {
        String base64 = text.replace("-----BEGIN PUBLIC KEY-----", "")
                .replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s+", "");
        try {
            PublicKey key = KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
            if (key instanceof ECPublicKey ec && sameCurve(ec.getParams(), P256)) {
                return key;
            }
            return null;
        } catch (IllegalArgumentException | GeneralSecurityException notAKey) {
            return null;
        }
    }

    private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
        return a.getCurve().equals(b.getCurve()) && a.getOrder().equals(b.getOrder())
                && a.getGenerator().equals(b.getGenerator()) && a.getCofactor() == b.getCofactor();
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("secp256r1 is part of every Java platform", e);
        }
    }

    /** For the log: at most 64 characters, printable ASCII only. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 64; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
