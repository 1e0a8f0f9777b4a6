package com.calendarpipe.scheduling;

import com.calendarpipe.account.Account;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The accounts' scheduling inboxes (RFC 6638 §2.2): the server delivers, the owner reads and
 * deletes. Each delivery and deletion moves the inbox's revision ({@link InboxState}), so a
 * client can follow the inbox by sync token (RFC 6578) as it follows a calendar.
 */
@Stateless
public class Inbox {

    @PersistenceContext
    EntityManager em;

    /** Delivers an iTIP message into the account's inbox, in the caller's transaction. */
    public void deliver(String accountId, String uid, String method, String itip) {
        em.persist(new InboxItem(accountId, uid, method, itip, lock(accountId).bump()));
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<InboxItem> list(String accountId) {
        return em.createNamedQuery("InboxItem.ofAccount", InboxItem.class).setParameter("account", accountId).getResultList();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<InboxItem> item(String accountId, String name) {
        return em.createNamedQuery("InboxItem.byName", InboxItem.class)
                .setParameter("account", accountId).setParameter("name", name)
                .getResultStream().findFirst();
    }

    /** The account's messages among these names (calendar-multiget). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<InboxItem> items(String accountId, Collection<String> names) {
        if (names.isEmpty()) {
            return List.of();   // "IN ()" is a syntax error on PostgreSQL under EclipseLink
        }
        return em.createNamedQuery("InboxItem.byNames", InboxItem.class)
                .setParameter("account", accountId).setParameter("names", names).getResultList();
    }

    /** Deletes one of the account's messages; false when it has none of that name. */
    public boolean delete(String accountId, String name) {
        InboxState state = lock(accountId);
        Optional<InboxItem> item = item(accountId, name);
        item.ifPresent(i -> {
            em.remove(i);
            em.persist(new InboxTombstone(accountId, i.getName(), state.bump()));
        });
        return item.isPresent();
    }

    /** The inbox's current revision: its sync token's (RFC 6578). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long revision(String accountId) {
        InboxState state = em.find(InboxState.class, accountId);
        return state == null ? 1 : state.getRevision();
    }

    /** What changed after a revision: messages delivered since, and names deleted since. */
    public record Changes(List<InboxItem> delivered, List<InboxTombstone> deleted) {
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Changes changesSince(String accountId, long revision) {
        return new Changes(
                em.createNamedQuery("InboxItem.changedSince", InboxItem.class)
                        .setParameter("account", accountId).setParameter("since", revision).getResultList(),
                em.createNamedQuery("InboxTombstone.since", InboxTombstone.class)
                        .setParameter("account", accountId).setParameter("since", revision).getResultList());
    }

    /**
     * The account's inbox state, row-locked until commit: every change of the inbox takes it
     * first. An account made after the migration gets its row on its first change, under the
     * account's own row lock, so two first deliveries never both insert one.
     */
    private InboxState lock(String accountId) {
        InboxState state = em.find(InboxState.class, accountId, LockModeType.PESSIMISTIC_WRITE);
        if (state != null) {
            return state;
        }
        em.find(Account.class, accountId, LockModeType.PESSIMISTIC_WRITE);
        state = em.find(InboxState.class, accountId, LockModeType.PESSIMISTIC_WRITE);
        if (state == null) {
            state = new InboxState(accountId);
            em.persist(state);
        }
        return state;
    }
}
