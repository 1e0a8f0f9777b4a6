package com.calendarpipe.imip;

import com.calendarpipe.Settings;
import com.calendarpipe.account.EmailChangeRequested;
import com.calendarpipe.account.VerificationRequested;
import jakarta.annotation.Resource;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.logging.Logger;

/**
 * The mail an account receives about itself: the link that proves its email, and an email
 * change's link (to the new address) and notice (to the old one). Sent once the transaction that
 * stored the link's hash commits, on another thread (the request never waits for the SMTP
 * server). Not queued: a link that did not arrive is asked for again from the console, so no
 * outbox row needs to outlive a failure. The token is in the mail and nowhere in the log.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AccountMail {

    private static final Logger LOG = Logger.getLogger(AccountMail.class.getName());

    @Inject
    Smtp smtp;

    @Inject
    Settings settings;

    @Resource
    SessionContext context;

    public void requested(@Observes(during = TransactionPhase.AFTER_SUCCESS) VerificationRequested link) {
        context.getBusinessObject(AccountMail.class).send(link);
    }

    public void changeRequested(@Observes(during = TransactionPhase.AFTER_SUCCESS) EmailChangeRequested change) {
        context.getBusinessObject(AccountMail.class).send(change);
    }

    @Asynchronous
    public void send(VerificationRequested link) {
        String url = settings.publicUrl() + "/#verify-email=" + link.token();
        deliver(link.email(), "Confirm your email for CalendarPipe", "Hello,\n\n"
                + "someone, hopefully you, signed up for CalendarPipe with this email address. To confirm it, open\n\n"
                + "  " + url + "\n\n"
                + "or paste this code on the Account page of the console:\n\n"
                + "  " + link.token() + "\n\n"
                + "The link works once, for 24 hours. If you did not sign up, ignore this mail: until the address is\n"
                + "confirmed, the account receives no invitations meant for it.\n", "Verification link");
    }

    /** The link to the new address, and the notice to the old one (which holds no link: only the new address may confirm). */
    @Asynchronous
    public void send(EmailChangeRequested change) {
        String url = settings.publicUrl() + "/#change-email=" + change.token();
        deliver(change.newEmail(), "Confirm your new email for CalendarPipe", "Hello,\n\n"
                + "someone, hopefully you, asked to change the email of a CalendarPipe account to this address. To confirm\n"
                + "it, open\n\n"
                + "  " + url + "\n\n"
                + "The link works once, for 24 hours. If you did not ask for this, ignore this mail: nothing changes.\n",
                "Email change link");
        deliver(change.oldEmail(), "Your CalendarPipe email is being changed", "Hello,\n\n"
                + "someone signed in to your CalendarPipe account asked to change its email from this address to\n\n"
                + "  " + change.newEmail() + "\n\n"
                + "It changes only when a link sent to that address is opened. If this was not you, sign in now, change\n"
                + "your password and turn on two-factor sign-in; the change stops if you change the email again.\n",
                "Email change notice");
    }

    private void deliver(String address, String subject, String text, String what) {
        String to = Outbox.masked(address);
        if (!InvitationMail.isAddress(address)) {
            LOG.warning(what + " for " + to + " not sent: the address is not plain ASCII, which the SMTP server may not take");
            return;
        }
        try {
            MimeMessage mail = new MimeMessage(smtp.session());
            mail.setFrom(new InternetAddress("no-reply@" + settings.mailDomain(), true));
            mail.setRecipient(Message.RecipientType.TO, new InternetAddress(address, true));
            mail.setSubject(subject, "UTF-8");
            mail.setSentDate(new Date());
            mail.setText(text, "UTF-8");
            mail.saveChanges();
            smtp.send(mail);
            LOG.info(what + " sent to " + to);
        } catch (MessagingException | RuntimeException e) {
            // the exception's text may hold the address: the class alone, the account can ask again
            LOG.warning(what + " for " + to + " not sent (" + e.getClass().getSimpleName() + "); it can be asked for again");
        }
    }
}
