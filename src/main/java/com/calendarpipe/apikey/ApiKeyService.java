package com.calendarpipe.apikey;

import com.calendarpipe.account.AccessChanged;
import com.calendarpipe.account.Account;
import com.calendarpipe.Refused;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** API keys: create (the key is returned once and never kept), list, revoke, rotate, authenticate. */
@Stateless
public class ApiKeyService {

    @PersistenceContext
    EntityManager em;

    @Inject
    Event<AccessChanged> accessChanged;

    @Inject
    Event<KeyEvent> events;

    @Inject
    Event<KeyLeakReported> leakReported;

    /** A new key and its record; the caller shows {@code key} once and the server forgets it. */
    public record Created(ApiKey record, String key) {
    }

    /** What rotation appends to the old key's name for the new one. */
    static final String ROTATED = " (rotated)";
    /** A key's name, at most (ApiKey.name, CreateKeyRequest). */
    static final int MAX_NAME = 100;

    public Created create(Account owner, String name) {
        return create(owner, name, Map.of());
    }

    /** Creates and records {@code key_created} (by whom, and {@code more}) in this transaction. */
    private Created create(Account owner, String name, Map<String, String> more) {
        String key = KeyFormat.generate();
        ApiKey record = new ApiKey(em.getReference(Account.class, owner.getId()), name.trim(), key);
        em.persist(record);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("name", record.getName());
        details.putAll(more);
        events.fire(new KeyEvent(owner.getId(), KeyEvent.Kind.CREATED, record.getId(), record.getPrefix(), details, null, null));
        return new Created(record, key);
    }

    /** The account's keys, newest first, revoked ones included. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<ApiKey> list(Account owner) {
        return em.createNamedQuery("ApiKey.ofAccount", ApiKey.class)
                .setParameter("account", owner.getId())
                .getResultList();
    }

    /**
     * Revokes at once: the next request with the key is refused, because {@link KeyCache}
     * drops the account's entries when this transaction commits, before this call returns.
     * Another account's key is "not found"; revoking a revoked key changes nothing, nor does
     * revoking a rotated key whose scheduled time has passed (it stays revoked at that time);
     * one whose time is still to come is revoked now.
     */
    public void revoke(Account owner, String keyId) {
        revoke(owner, keyId, Map.of());
    }

    /** Revokes, recording {@code key_revoked} (by whom, and {@code more}) only if the key was live. */
    private void revoke(Account owner, String keyId, Map<String, String> more) {
        ApiKey key = em.find(ApiKey.class, keyId);
        if (key == null || !key.getAccount().getId().equals(owner.getId())) {
            throw Refused.notFound("API key");
        }
        int revoked = em.createNamedQuery("ApiKey.revoke")
                .setParameter("id", keyId)
                .setParameter("now", Instant.now().truncatedTo(ChronoUnit.MICROS))
                .executeUpdate();
        if (revoked > 0) {
            events.fire(new KeyEvent(owner.getId(), KeyEvent.Kind.REVOKED, keyId, key.getPrefix(), more, null, null));
        }
        accessChanged.fire(new AccessChanged(owner.getId()));
    }

    /**
     * A new key in place of {@code keyId}, which keeps working for {@code graceSeconds} and is
     * then refused as if revoked. The new key is named after the old one plus " (rotated)" (once:
     * rotating a rotated key does not pile the suffix up), shortened to the name limit if needed.
     * <p>
     * Nothing has to fire at the scheduled time: the key's identity carries the time, and the
     * authentication check compares it with the clock on every request, cached or not. The
     * schedule itself is a change of access, so it fires {@link AccessChanged} like a revoke:
     * every node drops its cached copy of the key (which did not know the time) before this
     * returns. A grace of 0 is a revoke, through {@link #revoke}. A key already scheduled keeps
     * the earlier of its two times: a rotation never postpones a revocation.
     * <p>
     * Another account's key (or no key) is "not found"; a revoked key (by hand or by its
     * schedule) cannot be rotated: a conflict, since there is nothing left to hand over from.
     */
    public Created rotate(Account owner, String keyId, int graceSeconds) {
        ApiKey old = em.find(ApiKey.class, keyId);
        if (old == null || !old.getAccount().getId().equals(owner.getId())) {
            throw Refused.notFound("API key");
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        if (old.revokedAt(now) != null) {
            throw Refused.conflict("This key is revoked: generate a new key instead of rotating it");
        }
        // the audit trail: the new key's key_created names the rotation and the old key's end
        Map<String, String> rotation = new LinkedHashMap<>();
        rotation.put("rotatedFromKeyId", keyId);
        rotation.put("rotatedFromPrefix", old.getPrefix());
        Instant revokesAt = now.plusSeconds(graceSeconds);
        Instant scheduled = old.getRevokesAt() != null && old.getRevokesAt().isBefore(revokesAt) ? old.getRevokesAt() : revokesAt;
        rotation.put("oldKeyRevokesAt", scheduled.toString());
        Created created = create(owner, rotatedName(old.getName()), rotation);
        if (graceSeconds == 0) {
            revoke(owner, keyId, Map.of("rotatedToKeyId", created.record().getId(),
                    "rotatedToPrefix", created.record().getPrefix()));
        } else {
            em.createNamedQuery("ApiKey.scheduleRevocation")
                    .setParameter("id", keyId)
                    .setParameter("at", revokesAt)
                    .executeUpdate();
            accessChanged.fire(new AccessChanged(owner.getId()));
        }
        return created;
    }

    /**
     * Revokes every live key among the reported ones (a leak report, see
     * leaks/LeakReportsResource), each through {@link #revoke}, so exactly as at once as a manual
     * revoke on every node, and fires {@link KeyLeakReported} for each in the same transaction.
     * One transaction for the batch: if a node of the cluster does not confirm, nothing is revoked
     * and the reporter's retry revokes them all.
     *
     * @param urls where each key was found, by the key's hash (from {@link KeyFormat#hash})
     * @return the hashes that are keys of ours, live or already revoked (true positives)
     */
    public Set<String> revokeLeaked(Map<String, String> urls) {
        if (urls.isEmpty()) {
            return Set.of();
        }
        List<ApiKey> found = em.createNamedQuery("ApiKey.withHashes", ApiKey.class)
                .setParameter("hashes", List.copyOf(urls.keySet()))
                .getResultList();
        Instant now = Instant.now();
        Set<String> ours = new HashSet<>();
        for (ApiKey key : found) {
            ours.add(key.getKeyHash());
            if (key.revokedAt(now) == null) {
                Account owner = key.getAccount();
                revoke(owner, key.getId());
                leakReported.fire(new KeyLeakReported(owner.getId(), key.getId(), key.getPrefix(),
                        urls.get(key.getKeyHash())));
            }
        }
        return ours;
    }

    /** "name (rotated)", within the name limit; the suffix is not added twice. */
    static String rotatedName(String name) {
        if (name.endsWith(ROTATED)) {
            return name;
        }
        int room = MAX_NAME - ROTATED.length();
        String base = name;
        if (base.length() > room) {
            // never cut a character in two (a surrogate pair)
            int end = Character.isLowSurrogate(base.charAt(room)) ? room - 1 : room;
            base = base.substring(0, end).stripTrailing();
        }
        return base + ROTATED;
    }

    /**
     * One indexed lookup by the key's hash returning the key's state and its account (with the
     * plan) together. No transaction is begun for it. The mechanism asks {@link KeyCache} first.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<KeyIdentity> identify(String keyHash) {
        return em.createNamedQuery("ApiKey.authenticate", KeyIdentity.class)
                .setParameter("hash", keyHash)
                .getResultList()   // at most one row: key_hash is unique
                .stream()
                .findFirst();
    }

    /**
     * Writes a node's buffered uses of a key: last-used moves forward, never back (another node
     * may have written a later use), and the addresses seen join the key's recent ones. The row
     * is locked for the read and write, so that nodes writing the same key at once merge their
     * addresses instead of losing one's: correctness rests on the database, not on any node's memory.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void touch(String keyId, LastUse use, List<String> seen) {
        ApiKey key = em.find(ApiKey.class, keyId, LockModeType.PESSIMISTIC_WRITE);
        if (key != null) {
            audit(key, use, seen);
            key.recordUse(use, seen);
        }
    }

    /**
     * The audit events of a write of uses, decided against the locked row before it changes, in
     * the same transaction (so no write more per request): {@code key_first_used} when the key
     * had never been used, else a {@code key_new_address} for each address seen that is not
     * among its recent ones. The addresses are the ones this node saw since its last write, so
     * one met between two writes is caught even if the latest use came from elsewhere.
     */
    private void audit(ApiKey key, LastUse use, List<String> seen) {
        String accountId = key.getAccount().getId();
        if (key.getLastUsedAt() == null) {
            events.fire(new KeyEvent(accountId, KeyEvent.Kind.FIRST_USED, key.getId(), key.getPrefix(), via(use),
                    use.ip(), use.userAgent()));
            return;
        }
        List<String> recent = key.getRecentIps();
        for (String ip : new ArrayList<>(seen)) {
            if (!recent.contains(ip)) {
                String agent = ip.equals(use.ip()) ? use.userAgent() : null;
                events.fire(new KeyEvent(accountId, KeyEvent.Kind.NEW_ADDRESS, key.getId(), key.getPrefix(), via(use),
                        ip, agent));
            }
        }
    }

    private static Map<String, String> via(LastUse use) {
        return use.via() == null ? Map.of() : Map.of("via", use.via());
    }
}
