package com.calendarpipe.scheduling;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/** The accounts' scheduling inboxes (RFC 6638 §2.2): the server delivers, the owner reads and deletes. */
@Stateless
public class Inbox {

    @PersistenceContext
    EntityManager em;

    /** Delivers an iTIP message into the account's inbox, in the caller's transaction. */
    public void deliver(String accountId, String uid, String method, String itip) {
        em.persist(new InboxItem(accountId, uid, method, itip));
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

    /** Deletes one of the account's messages; false when it has none of that name. */
    public boolean delete(String accountId, String name) {
        Optional<InboxItem> item = item(accountId, name);
        item.ifPresent(em::remove);
        return item.isPresent();
    }
}
