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
import java.util.List;
import java.util.Optional;

/** API keys: create (the key is returned once and never kept), list, revoke, authenticate. */
@Stateless
public class ApiKeyService {

    @PersistenceContext
    EntityManager em;

    @Inject
    Event<AccessChanged> accessChanged;

    /** A new key and its record; the caller shows {@code key} once and the server forgets it. */
    public record Created(ApiKey record, String key) {
    }

    public Created create(Account owner, String name) {
        String key = KeyFormat.generate();
        ApiKey record = new ApiKey(em.getReference(Account.class, owner.getId()), name.trim(), key);
        em.persist(record);
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
     * Another account's key is "not found"; revoking a revoked key changes nothing.
     */
    public void revoke(Account owner, String keyId) {
        ApiKey key = em.find(ApiKey.class, keyId);
        if (key == null || !key.getAccount().getId().equals(owner.getId())) {
            throw Refused.notFound("API key");
        }
        em.createNamedQuery("ApiKey.revoke")
                .setParameter("id", keyId)
                .setParameter("now", Instant.now().truncatedTo(ChronoUnit.MICROS))
                .executeUpdate();
        accessChanged.fire(new AccessChanged(owner.getId()));
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
            key.recordUse(use, seen);
        }
    }
}
