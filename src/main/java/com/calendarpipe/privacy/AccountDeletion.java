package com.calendarpipe.privacy;

import com.calendarpipe.Refused;
import com.calendarpipe.account.Account;
import com.calendarpipe.apikey.ApiKey;
import com.calendarpipe.apikey.ApiKeyService;
import com.calendarpipe.audit.AuditTrail;
import com.calendarpipe.calendar.CalendarService;
import com.calendarpipe.calendar.HostedCalendar;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;

/**
 * Deletes an account and everything of it, in one transaction (all or nothing):
 * <ol>
 * <li>every live key revoked through the one revocation path ({@link ApiKeyService#revoke}), so
 *     that every node of a cluster drops its cached copy before this returns (the key cache's
 *     broadcast) and the next request with any of them is a 401 everywhere;</li>
 * <li>its scheduled work cancelled: the iMIP messages its calendars still had to send and the
 *     mail received for them not yet applied;</li>
 * <li>its calendars, with their objects, tombstones, properties and invitations
 *     ({@link CalendarService#delete}); its scheduling inbox and invitations;</li>
 * <li>its audit trail reduced to kinds and times under a random id ({@link AuditTrail#retire}),
 *     kept only as long as the retention says;</li>
 * <li>its keys and the account itself.</li>
 * </ol>
 * The tables other features own are emptied here by plain SQL, since no feature has a reason
 * to delete all of an account's rows but this one; a feature that adds a table with an
 * {@code account_id} or a {@code calendar_id} adds it here (DeletionIT finds any row left behind).
 */
@Stateless
public class AccountDeletion {

    @PersistenceContext
    EntityManager em;

    @Inject
    ApiKeyService keys;

    @Inject
    CalendarService calendars;

    @Inject
    AuditTrail trail;

    public void delete(String accountId) {
        Account account = em.find(Account.class, accountId, LockModeType.PESSIMISTIC_WRITE);
        if (account == null) {
            throw Refused.notFound("Account");
        }
        Instant now = Instant.now();
        for (ApiKey key : keys.list(account)) {
            if (key.revokedAt(now) == null) {
                keys.revoke(account, key.getId());
            }
        }
        List<HostedCalendar> owned = calendars.list(accountId);
        List<String> calendarIds = owned.stream().map(HostedCalendar::getId).toList();
        if (!calendarIds.isEmpty()) {
            delete("DELETE FROM imip_outbox WHERE calendar_id IN (?1)", calendarIds);
            delete("DELETE FROM inbound_mail WHERE calendar_id IN (?1)", calendarIds);
        }
        for (HostedCalendar calendar : owned) {
            calendars.delete(accountId, calendar.getId());
        }
        delete("DELETE FROM invitations WHERE account_id = ?1", accountId);
        delete("DELETE FROM schedule_inbox WHERE account_id = ?1", accountId);
        delete("DELETE FROM schedule_inbox_tombstones WHERE account_id = ?1", accountId);
        delete("DELETE FROM schedule_inbox_state WHERE account_id = ?1", accountId);
        // the events the revocations recorded are written before the trail is retired
        em.flush();
        trail.retire(accountId);
        delete("DELETE FROM api_keys WHERE account_id = ?1", accountId);
        // the keys read above still point at the account: forget them all, then the row itself
        em.clear();
        delete("DELETE FROM accounts WHERE id = ?1", accountId);
    }

    private void delete(String sql, Object parameter) {
        em.flush();
        em.createNativeQuery(sql).setParameter(1, parameter).executeUpdate();
    }
}
