package com.calendarpipe.apikey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.account.Account;
import com.calendarpipe.account.Plan;
import com.calendarpipe.cluster.Lease;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The key cache against a recording stand-in for the database lookup. */
class KeyCacheTest {

    private final Map<String, KeyIdentity> rows = new HashMap<>();
    private final Map<String, Integer> lookups = new HashMap<>();
    private Runnable duringLookup = () -> { };
    private KeyCache cache;
    private boolean leased = true;

    private final Account ann = new Account("ann@example.com", "Ann", "hash", Plan.PRO);
    private final Account bob = new Account("bob@example.com", "Bob", "hash", Plan.PRO);

    @BeforeEach
    void wire() {
        cache = new KeyCache();
        cache.lease = new Lease() {
            @Override
            public boolean holds() {
                return leased;
            }
        };
        cache.keys = new ApiKeyService() {
            @Override
            public Optional<KeyIdentity> identify(String keyHash) {
                lookups.merge(keyHash, 1, Integer::sum);
                duringLookup.run();
                return Optional.ofNullable(rows.get(keyHash));
            }
        };
    }

    private String keyOf(Account account) {
        String key = KeyFormat.generate();
        rows.put(KeyFormat.hash(key), new KeyIdentity("id-" + key.substring(3, 9), null, null, account));
        return key;
    }

    private int lookupsOf(String key) {
        return lookups.getOrDefault(KeyFormat.hash(key), 0);
    }

    @Test
    void aKnownKeyIsLookedUpOnce() {
        String key = keyOf(ann);
        for (int i = 0; i < 100; i++) {
            assertEquals(ann, cache.identify(key).orElseThrow().account());
        }
        assertEquals(1, lookupsOf(key));
    }

    @Test
    void unknownKeysAreNeverRemembered() {
        String unknown = KeyFormat.generate();
        assertTrue(cache.identify(unknown).isEmpty());
        assertTrue(cache.identify(unknown).isEmpty());
        assertEquals(2, lookupsOf(unknown));
    }

    @Test
    void aChangeToAnAccountDropsItsKeysAndOnlyThose() {
        String annsKey = keyOf(ann);
        String bobsKey = keyOf(bob);
        cache.identify(annsKey);
        cache.identify(bobsKey);

        // the revoke holds the account, commits (the row now says revoked) and releases it
        cache.memory.hold(ann.getId());
        rows.put(KeyFormat.hash(annsKey), new KeyIdentity("revoked", java.time.Instant.now(), null, ann));
        cache.memory.release(ann.getId());

        assertTrue(cache.identify(annsKey).orElseThrow().revoked(), "the next request sees the revoke");
        assertEquals(2, lookupsOf(annsKey));
        cache.identify(bobsKey);
        assertEquals(1, lookupsOf(bobsKey), "bob's entry survived");
    }

    @Test
    void aLookupThatRacedAnEvictionDoesNotStoreItsStaleAnswer() {
        String key = keyOf(ann);
        // the revoke commits, and its release arrives, while this lookup reads the row it had before
        duringLookup = () -> cache.memory.release(ann.getId());
        assertTrue(cache.identify(key).isPresent());
        duringLookup = () -> { };
        cache.identify(key);
        assertEquals(2, lookupsOf(key), "the raced answer was not kept");
        cache.identify(key);
        assertEquals(2, lookupsOf(key), "an undisturbed answer is kept");
    }

    @Test
    void whileAnAccountIsHeldNoneOfItsLookupsIsKept() {
        String annsKey = keyOf(ann);
        String bobsKey = keyOf(bob);
        cache.memory.hold(ann.getId());
        cache.identify(annsKey);
        cache.identify(annsKey);
        assertEquals(2, lookupsOf(annsKey), "a held account's key reads the database every time");
        cache.identify(bobsKey);
        cache.identify(bobsKey);
        assertEquals(1, lookupsOf(bobsKey), "another account is cached as ever");

        cache.memory.release(ann.getId());
        cache.identify(annsKey);
        cache.identify(annsKey);
        assertEquals(3, lookupsOf(annsKey), "after the release the key is cached again");
    }

    @Test
    void twoChangesAtOnceHoldUntilBothAreReleased() {
        String key = keyOf(ann);
        cache.memory.hold(ann.getId());
        cache.memory.hold(ann.getId());
        cache.memory.release(ann.getId());
        cache.identify(key);
        cache.identify(key);
        assertEquals(2, lookupsOf(key), "still held by the second change");
        cache.memory.release(ann.getId());
        cache.identify(key);
        cache.identify(key);
        assertEquals(3, lookupsOf(key));
    }

    @Test
    void aMembershipChangeForgetsEverything() {
        String annsKey = keyOf(ann);
        String bobsKey = keyOf(bob);
        cache.identify(annsKey);
        cache.identify(bobsKey);
        cache.memory.forgetAll();
        cache.identify(annsKey);
        cache.identify(bobsKey);
        assertEquals(2, lookupsOf(annsKey));
        assertEquals(2, lookupsOf(bobsKey));
    }

    @Test
    void withoutTheLeaseMemoryAnswersNothingAndEveryLookupReadsTheDatabase() {
        String key = keyOf(ann);
        cache.identify(key);
        assertTrue(cache.remembered(key).isPresent(), "held under the lease");

        // cut off: the others may commit a revoke without this node from now on
        leased = false;
        rows.put(KeyFormat.hash(key), new KeyIdentity("revoked", java.time.Instant.now(), null, ann));
        assertTrue(cache.remembered(key).isEmpty(), "the throttle's shortcut answers nothing without the lease");
        assertTrue(cache.identify(key).orElseThrow().revoked(), "the first lookup without the lease sees the revoke");
        cache.identify(key);
        assertEquals(3, lookupsOf(key), "and so does every later one: nothing is kept without the lease");
        assertTrue(cache.remembered(key).isEmpty());
    }
}
