package com.calendarpipe.account;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * At start-up, before any request is served: the accounts made before emails were compared as
 * people read them (schema V9) get their email's skeleton ({@link AccountService#giveSkeleton}),
 * oldest rows as they come, each in a transaction of its own. Then, where no listed admin can
 * prove their email by mail, a one-time setup token for the log ({@link EmailProof}).
 */
@Singleton
@Startup
@DependsOn("Migrations")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AccountMigration {

    private static final Logger LOG = Logger.getLogger(AccountMigration.class.getName());

    @Inject
    AccountService accounts;

    @Inject
    EmailProof proof;

    /** Logs rather than throws: a failure here must not keep the server from serving (it is tried again at the next start). */
    @PostConstruct
    void start() {
        try {
            giveSkeletons();
            offerSetupToken();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Account start-up work failed; it is tried again at the next start", e);
        }
    }

    private void giveSkeletons() {
        List<String> pending = accounts.withoutSkeleton();
        int unmatched = 0;
        for (String id : pending) {
            unmatched += accounts.giveSkeleton(id) ? 0 : 1;
        }
        if (!pending.isEmpty()) {
            LOG.info("Computed the email skeleton of " + pending.size() + " accounts; " + unmatched
                    + " could not have theirs (an email that no longer parses, or looks like an older account's)");
        }
    }

    private void offerSetupToken() {
        if (!proof.byMail() && accounts.adminToConfirm()) {
            LOG.warning("ADMIN SETUP: this server sends no mail (no CALENDARPIPE_SMTP_HOST), so an admin listed in "
                    + "CALENDARPIPE_ADMINS proves itself with this one-time token, valid for 24 hours: "
                    + proof.newSetupToken() + " . Sign in to the console as that account and enter it on the Account "
                    + "page (or POST it to /api/v1/account/admin-setup as {\"token\": …} with the session).");
        }
    }
}
