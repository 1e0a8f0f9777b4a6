package com.calendarpipe;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets the server must be able to read back (a webhook's signing secret, a TOTP seed), kept
 * encrypted at rest with AES-256-GCM: a copy of the database (a backup, a dump, a disk) holds
 * nothing usable without the key, which lives apart from it.
 * <p>
 * The key: {@code CALENDARPIPE_SECRETS_KEY}, base64 of 32 random bytes; several, comma-separated,
 * for a rotation (the first seals, every one opens). Unset, the server makes one at first need into
 * {@code secrets.key} in its data folder ({@code CALENDARPIPE_DATA_DIR}, {@code ./data}), readable
 * by its user alone: right for the embedded default, wrong for a cluster, whose nodes must share
 * one (README "Secrets at rest"). A sealed value names the key that sealed it (the first 8 hex
 * digits of the key's SHA-256), so a rotation opens old values and seals new ones with the new key.
 */
@ApplicationScoped
public class SecretBox {

    /** What every sealed value starts with: the format's version. */
    static final String PREFIX = "sb1:";
    private static final String KEY_FILE = "secrets.key";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Settings settings;

    /** The keys by id, the sealing one first; read once, at first use. */
    private volatile Map<String, SecretKeySpec> keys;

    /**
     * A cluster's nodes must open what any of them sealed, so a key each node made for itself will
     * not do: a clustered server without {@code CALENDARPIPE_SECRETS_KEY} is refused at start, not
     * at the first webhook or two-factor seed another node sealed.
     */
    void atStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (settings.clusterSize() > 1 && settings.secretsKey().isEmpty()) {
            throw new IllegalStateException("CALENDARPIPE_CLUSTER_SIZE is " + settings.clusterSize()
                    + ": every node must be given the same CALENDARPIPE_SECRETS_KEY (README \"Secrets at rest\")");
        }
    }

    /** {@code plain} sealed: {@code sb1:<key id>:<base64 of iv, ciphertext and tag>}. */
    public String seal(String plain) {
        Map.Entry<String, SecretKeySpec> key = keys().entrySet().iterator().next();
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.getValue(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(key.getKey().getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + key.getKey() + ":" + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java platform", e);
        }
    }

    /**
     * The plain text of a sealed value; {@link IllegalStateException} when no configured key opens
     * it (the key was removed, or the value was altered: GCM authenticates it).
     */
    public String open(String sealed) {
        String[] parts = sealed.startsWith(PREFIX) ? sealed.substring(PREFIX.length()).split(":", 2) : new String[0];
        SecretKeySpec key = parts.length == 2 ? keys().get(parts[0]) : null;
        if (key == null) {
            throw new IllegalStateException("A sealed secret names a key that is not configured (CALENDARPIPE_SECRETS_KEY)");
        }
        try {
            byte[] all = Base64.getDecoder().decode(parts[1]);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, IV_BYTES));
            cipher.updateAAD(parts[0].getBytes(StandardCharsets.US_ASCII));
            return new String(cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("A sealed secret does not open: altered, or sealed by another key", e);
        }
    }

    /** Whether the value was sealed by the key that seals now (false: open and seal it again to move it to that key). */
    public boolean sealedByCurrentKey(String sealed) {
        return sealed.startsWith(PREFIX + keys().keySet().iterator().next() + ":");
    }

    private Map<String, SecretKeySpec> keys() {
        Map<String, SecretKeySpec> known = keys;
        if (known == null) {
            synchronized (this) {
                if (keys == null) {
                    keys = parse(settings.secretsKey().orElseGet(this::fileKey));
                }
                known = keys;
            }
        }
        return known;
    }

    /** The keys of the setting's text, by id, in its order; a key that is not 32 bytes of base64 stops the server's use of secrets. */
    static Map<String, SecretKeySpec> parse(String text) {
        Map<String, SecretKeySpec> parsed = new LinkedHashMap<>();
        List<String> bad = new ArrayList<>();
        for (String item : text.split(",")) {
            String encoded = item.strip();
            if (encoded.isEmpty()) {
                continue;
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                key = new byte[0];
            }
            if (key.length != 32) {
                bad.add("key " + (parsed.size() + bad.size() + 1));
                continue;
            }
            parsed.put(Secrets.sha256Hex(encoded).substring(0, 8), new SecretKeySpec(key, "AES"));
        }
        if (parsed.isEmpty() || !bad.isEmpty()) {
            throw new IllegalStateException("CALENDARPIPE_SECRETS_KEY must be base64 of 32 bytes (several: comma-separated); "
                    + (bad.isEmpty() ? "none is set" : bad + " is not"));
        }
        return parsed;
    }

    /** The data folder's key, made there (readable by this user alone) when there is none yet. */
    private String fileKey() {
        Path file = Path.of(settings.dataDir()).resolve(KEY_FILE);
        try {
            Files.createDirectories(file.getParent());
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            String encoded = Base64.getEncoder().encodeToString(key);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, encoded + "\n", StandardOpenOption.WRITE, StandardOpenOption.SYNC);
                return encoded;
            } catch (FileAlreadyExistsException made) {
                return Files.readString(file).strip();
            } catch (UnsupportedOperationException notPosix) {
                Files.writeString(file, encoded + "\n", StandardOpenOption.CREATE_NEW, StandardOpenOption.SYNC);
                return encoded;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the secrets key in " + file + "; set CALENDARPIPE_SECRETS_KEY", e);
        }
    }
}
