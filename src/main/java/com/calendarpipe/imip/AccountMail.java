package com.calendarpipe.imip;

import com.calendarpipe.Settings;
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
 * The mail an account receives about itself: the link that proves its email. Sent once the
 * transaction that stored the link's hash commits, on another thread (the request never waits for
 * the SMTP server). Not queued: a link that did not arrive is asked for again from the console,
 * so no outbox row needs to outlive a failure. The token is in the mail and nowhere in the log.
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

    @Asynchronous
    public void send(VerificationRequested link) {
        String to = Outbox.masked(link.email());
        if (!InvitationMail.isAddress(link.email())) {
            LOG.warning("Verification link for " + to + " not sent: the address is not plain ASCII, which the SMTP server may not take");
            return;
        }
        try {
            smtp.send(message(link));
            LOG.info("Verification link sent to " + to);
        } catch (MessagingException | RuntimeException e) {
            // the exception's text may hold the address: the class alone, the account can ask again
            LOG.warning("Verification link for " + to + " not sent (" + e.getClass().getSimpleName() + "); it can be asked for again");
        }
    }

    private MimeMessage message(VerificationRequested link) throws MessagingException {
        String url = settings.publicUrl() + "/#verify-email=" + link.token();
        MimeMessage mail = new MimeMessage(smtp.session());
        mail.setFrom(new InternetAddress("no-reply@" + settings.mailDomain(), true));
        mail.setRecipient(Message.RecipientType.TO, new InternetAddress(link.email(), true));
        mail.setSubject("Confirm your email for CalendarPipe", "UTF-8");
        mail.setSentDate(new Date());
        mail.setText("Hello,\n\n"
                + "someone, hopefully you, signed up for CalendarPipe with this email address. To confirm it, open\n\n"
                + "  " + url + "\n\n"
                + "or paste this code on the Account page of the console:\n\n"
                + "  " + link.token() + "\n\n"
                + "The link works once, for 24 hours. If you did not sign up, ignore this mail: until the address is\n"
                + "confirmed, the account receives no invitations meant for it.\n", "UTF-8");
        mail.saveChanges();
        return mail;
    }
}
