package com.calendarpipe.inbound;

import com.calendarpipe.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * The SMTP listener for the calendars' addresses (RFC 5321 as a final destination, RFC 6047
 * inbound): SubEthaSMTP, started with the application and stopped with it, on
 * {@code CALENDARPIPE_SMTP_LISTEN}. It is where the mail domain's MX points, or where the
 * operator's MTA relays the domain's mail to; it relays nothing itself. Its limits (message
 * size announced with SIZE, recipients, connections in all and per address, a timeout for each
 * command and each stretch of DATA, a deadline for the whole DATA, 998-octet command lines) keep
 * one client from holding it; its sessions run on the application's managed threads, so they
 * call the application's beans as a request does. STARTTLS with the server's certificate when
 * one is configured. A listener that cannot start (a port taken, a bad address) is logged, and
 * the rest of the application serves on.
 */
@Singleton
@Startup
@DependsOn("Migrations")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SmtpListener {

    private static final Logger LOG = Logger.getLogger(SmtpListener.class.getName());

    /** Connections one client address may hold at once. */
    static final int MAX_CONNECTIONS_PER_ADDRESS = 10;

    @Inject
    Settings settings;

    @Inject
    Intake intake;

    @Inject
    IntakeWorker worker;

    @Resource
    ManagedThreadFactory threads;

    private SMTPServer server;

    @PostConstruct
    void start() {
        Optional<String> listen = settings.smtpListen();
        if (listen.isEmpty()) {
            LOG.info("The SMTP listener is off (CALENDARPIPE_SMTP_LISTEN=off): invitations are not received by mail");
            return;
        }
        InetSocketAddress address;
        try {
            address = address(listen.get());
        } catch (IllegalArgumentException e) {
            LOG.severe("The SMTP listener is off: CALENDARPIPE_SMTP_LISTEN is not host:port or off (" + e.getMessage() + ")");
            return;
        }
        int maxConnections = settings.smtpListenMaxConnections();
        int maxBytes = settings.smtpListenMaxBytes();
        SMTPServer.Builder builder = SMTPServer.port(address.getPort())
                .bindAddress(address.getAddress())
                .hostName(settings.mailDomain())
                .softwareName("CalendarPipe")
                .maxConnections(maxConnections)
                .maxRecipients(settings.smtpListenMaxRecipients())
                .maxMessageSize(maxBytes)
                .connectionTimeout(settings.smtpListenTimeout(), TimeUnit.SECONDS)
                .insertReceivedHeaders(false)   // the message is read here, never passed on
                .sessionHandler(new Sessions(settings))
                .executorService(new ThreadPoolExecutor(0, maxConnections + 10, 60, TimeUnit.SECONDS,
                        new SynchronousQueue<>(), threads))
                .messageHandlerFactory(context -> new MailTransaction(intake, worker,
                        new MailTransaction.Limits(maxBytes, TimeUnit.SECONDS.toNanos(settings.smtpListenDataTimeout()),
                                settings.smtpListenAppliesNow()),
                        ((InetSocketAddress) context.getRemoteAddress()).getAddress().getHostAddress()));
        Optional<SSLContext> tls = tls();
        tls.ifPresent(context -> builder.enableTLS().startTlsSocketFactory(context));
        SMTPServer built = builder.build();
        try {
            built.start();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "The SMTP listener could not listen on " + listen.get() + "; invitations are not received by mail", e);
            return;
        }
        server = built;
        LOG.info("SMTP listener on " + listen.get() + " for cal-…@" + settings.mailDomain()
                + (tls.isPresent() ? ", STARTTLS with the server's certificate" : ", without STARTTLS (no certificate configured)"));
    }

    @PreDestroy
    void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** {@code host:port}, {@code [v6]:port}; the host is an IP address or a name resolved now. */
    static InetSocketAddress address(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("no port");
        }
        String host = value.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the port is not a number");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("the port is not 1 to 65535");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (IOException e) {
            throw new IllegalArgumentException("unknown host");
        }
    }

    /** The server's certificate for STARTTLS, when CALENDARPIPE_TLS_KEYSTORE names one. */
    private Optional<SSLContext> tls() {
        Optional<String> keystore = settings.tlsKeystore();
        if (keystore.isEmpty()) {
            return Optional.empty();
        }
        char[] password = settings.tlsKeystorePassword().toCharArray();
        try (InputStream in = Files.newInputStream(Path.of(keystore.get()))) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());   // PKCS#12, and JKS too
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return Optional.of(context);
        } catch (IOException | GeneralSecurityException e) {
            LOG.log(Level.SEVERE, "The SMTP listener offers no STARTTLS: the key store CALENDARPIPE_TLS_KEYSTORE could not be read", e);
            return Optional.empty();
        }
    }

    /** Each connection: at most {@link #MAX_CONNECTIONS_PER_ADDRESS} per client address, and the timeout as now set. */
    private static final class Sessions implements SessionHandler {

        private final SessionHandler perAddress = SessionHandler.limitConcurrentSessionsBySource(MAX_CONNECTIONS_PER_ADDRESS);
        private final Settings settings;

        Sessions(Settings settings) {
            this.settings = settings;
        }

        @Override
        public SessionAcceptance accept(Session session) {
            SessionAcceptance acceptance = perAddress.accept(session);
            if (acceptance.accepted()) {
                try {
                    // read for every connection, so a change through the management model applies at once
                    session.getSocket().setSoTimeout((int) TimeUnit.SECONDS.toMillis(settings.smtpListenTimeout()));
                } catch (SocketException e) {
                    // the connection is gone already: the session ends at its first read
                }
            }
            return acceptance;
        }

        @Override
        public void onSessionEnd(Session session) {
            perAddress.onSessionEnd(session);
        }
    }
}
