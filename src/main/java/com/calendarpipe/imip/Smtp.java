package com.calendarpipe.imip;

import com.calendarpipe.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Optional;
import java.util.Properties;

/**
 * The outbound SMTP server, from the operator's settings ({@code CALENDARPIPE_SMTP_HOST},
 * {@code _PORT}, {@code _SECURITY}, {@code _USER}, {@code _PASSWORD}, or the matching
 * {@code calendarpipe.smtp-*} system properties), read for every message.
 * <p>
 * Why not a mail session of WildFly's mail subsystem ({@code java:jboss/mail/…}): a session
 * needs an outbound socket binding, whose host cannot be left unset, so "no SMTP server
 * configured" could not be told from "localhost"; and its host, port and credentials are
 * resolved when the server boots, so changing them needs a reload, unlike every other
 * setting (see Settings), and the tests could not point the running server at their own SMTP
 * server. The {@code mail} layer (pom.xml) still provides Jakarta Mail and its SMTP provider to
 * the deployment; the session is built here from the settings.
 */
@ApplicationScoped
public class Smtp {

    /** Connecting, reading a reply and writing: none may hold a sending thread longer (Jakarta Mail waits forever by default). */
    private static final String TIMEOUT_MILLIS = "30000";

    @Inject
    Settings settings;

    /** Whether an SMTP server is set: without one, nothing is queued ("5.1"). */
    public boolean configured() {
        return settings.smtpHost().isPresent();
    }

    /** A session for the configured server; fails when none is configured. */
    Session session() {
        String host = settings.smtpHost().orElseThrow(() -> new IllegalStateException("no SMTP server is configured"));
        String security = settings.smtpSecurity();
        int port = settings.smtpPort() != 0 ? settings.smtpPort() : switch (security) {
            case "tls" -> 465;
            case "none" -> 25;
            default -> 587;
        };
        Properties properties = new Properties();
        properties.setProperty("mail.transport.protocol", "smtp");
        properties.setProperty("mail.smtp.host", host);
        properties.setProperty("mail.smtp.port", Integer.toString(port));
        properties.setProperty("mail.smtp.connectiontimeout", TIMEOUT_MILLIS);
        properties.setProperty("mail.smtp.timeout", TIMEOUT_MILLIS);
        properties.setProperty("mail.smtp.writetimeout", TIMEOUT_MILLIS);
        properties.setProperty("mail.smtp.auth", Boolean.toString(settings.smtpUser().isPresent()));
        switch (security) {
            case "none" -> { }
            case "tls" -> {
                properties.setProperty("mail.smtp.ssl.enable", "true");
                properties.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
            // anything else is STARTTLS, required: a server that does not offer it fails the
            // attempt rather than receive the invitation (and the password) in clear text
            default -> {
                properties.setProperty("mail.smtp.starttls.enable", "true");
                properties.setProperty("mail.smtp.starttls.required", "true");
                properties.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            }
        }
        return Session.getInstance(properties);
    }

    /** Hands the message to the SMTP server; returns once it has accepted it. */
    void send(MimeMessage mail) throws MessagingException {
        Optional<String> user = settings.smtpUser();
        if (user.isPresent()) {
            Transport.send(mail, user.get(), settings.smtpPassword());
        } else {
            Transport.send(mail);
        }
    }
}
