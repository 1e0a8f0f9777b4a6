package com.calendarpipe;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's settings. Each is read from a system property ({@code calendarpipe.…}),
 * else from the environment ({@code CALENDARPIPE_…}), at the moment it is needed, so that
 * an operator can change one at runtime through the management model
 * ({@code /system-property=calendarpipe.signup:add(value=closed)}) without a restart.
 * None of them is read on the API key hot path: the throttle's are read only when a
 * failed authentication is counted, never for a request that succeeds; the request limit only
 * for a request that has a body; the session lifetimes only for requests with a console session.
 */
@ApplicationScoped
public class Settings {

    /** The settings for code that runs outside CDI (Undertow's handlers, static helpers): they hold no state. */
    private static final Settings SHARED = new Settings();

    /** The one reader, where it cannot be injected. */
    public static Settings shared() {
        return SHARED;
    }

    /** Plan given to new accounts: {@code PRO} (default) or {@code FREE}. */
    public String defaultPlan() {
        return read("default-plan", "CALENDARPIPE_DEFAULT_PLAN").orElse("PRO");
    }

    /** Lower-cased emails of the accounts that may change plans. */
    public Set<String> admins() {
        return read("admins", "CALENDARPIPE_ADMINS")
                .map(list -> Arrays.stream(list.split(","))
                        .map(s -> s.trim().toLowerCase(Locale.ROOT))
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toUnmodifiableSet()))
                .orElse(Set.of());
    }

    /**
     * The browser origins ({@code https://app.example.com}, scheme, host and port as a browser
     * sends them in {@code Origin}) whose pages may call the MCP endpoint; none unless set. A
     * request with an {@code Origin} not listed is refused 403 (MCP's DNS-rebinding rule, see
     * mcp/McpServlet); requests without one (agents, command-line clients) are not affected. Read
     * only for requests to {@code /mcp} that carry an {@code Origin}.
     */
    public Set<String> mcpAllowedOrigins() {
        return read("mcp-allowed-origins", "CALENDARPIPE_MCP_ALLOWED_ORIGINS")
                .map(list -> Arrays.stream(list.split(","))
                        .map(s -> s.trim().toLowerCase(Locale.ROOT))
                        .map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s)
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.toUnmodifiableSet()))
                .orElse(Set.of());
    }

    /** Sign-up is open unless {@code CALENDARPIPE_SIGNUP=closed}. */
    public boolean signupOpen() {
        return !read("signup", "CALENDARPIPE_SIGNUP").orElse("open").trim().equalsIgnoreCase("closed");
    }

    /**
     * The name of the calendar every new account starts with: "Calendar" unless set; {@code off}
     * gives new accounts none. Read at sign-up only: it is an ordinary calendar afterwards. Cut
     * to a calendar name's 100 characters, so that a long setting never refuses a sign-up.
     */
    public Optional<String> defaultCalendar() {
        String name = read("default-calendar", "CALENDARPIPE_DEFAULT_CALENDAR").orElse("Calendar").strip();
        return name.equalsIgnoreCase("off") ? Optional.empty() : Optional.of(name.substring(0, Math.min(100, name.length())));
    }

    /**
     * The address people reach the server at, for the links it mails (an email's verification):
     * {@code http://localhost:8080} unless set, without a trailing slash. Never taken from a
     * request's Host header, which whoever signs up could choose, and so send someone else's
     * verification link to a server of theirs.
     */
    public String publicUrl() {
        return read("public-url", "CALENDARPIPE_PUBLIC_URL").orElse("http://localhost:8080").strip().replaceAll("/+$", "");
    }

    /**
     * The key (or, for a rotation, the keys, comma-separated, the first sealing) that encrypts the
     * secrets the server keeps (see SecretBox): base64 of 32 random bytes. Unset: one made into the
     * data folder at first need, which a cluster's nodes cannot share.
     */
    public Optional<String> secretsKey() {
        return read("secrets-key", "CALENDARPIPE_SECRETS_KEY");
    }

    /** The server's data folder (the embedded database, the secrets key): {@code ./data} unless set. */
    public String dataDir() {
        return read("data-dir", "CALENDARPIPE_DATA_DIR").orElse("./data").strip();
    }

    /**
     * Where backups of the embedded database are written (backup/Backups): none unless set, and
     * then there is no scheduled backup and an on-demand one is refused. Read for each backup.
     */
    public Optional<String> backupDir() {
        return read("backup-dir", "CALENDARPIPE_BACKUP_DIR").map(String::strip);
    }

    /** Time between scheduled backups: 86400 seconds (a day) unless set; {@code 0} schedules none. */
    public Duration backupEvery() {
        return Duration.ofSeconds(count("backup-every", "CALENDARPIPE_BACKUP_EVERY", 86_400));
    }

    /** How many backups the backup folder keeps, the newest: 7 unless set; at least 1. */
    public int backupKeep() {
        return Math.max(1, count("backup-keep", "CALENDARPIPE_BACKUP_KEEP", 7));
    }

    /**
     * The append-only log of key revocations (backup/RevocationLog), kept apart from the database
     * so that the start after a restore of an older backup replays them: {@code revocations.log} in the data
     * folder unless set. Best on another disk than the database's, beside the backups.
     */
    public String revocationLog() {
        return read("revocation-log", "CALENDARPIPE_REVOCATION_LOG").map(String::strip)
                .orElseGet(() -> java.nio.file.Path.of(dataDir(), "revocations.log").toString());
    }

    /** The domain of the calendars' email addresses ({@code cal-{mailId}@…}). */
    public String mailDomain() {
        return read("mail-domain", "CALENDARPIPE_MAIL_DOMAIN").orElse("calendarpipe.localhost").trim();
    }

    /**
     * Keys one client address may present per throttle window that a lookup refuses, before its
     * keys that would need a lookup are answered 429 (see auth/Throttle); {@code 0} turns the limit off.
     */
    public int throttleAddressFailures() {
        return count("throttle-address-failures", "CALENDARPIPE_THROTTLE_ADDRESS_FAILURES", 20);
    }

    /**
     * Wrong passwords one client address may send per throttle window, before its password
     * checks are answered 429 (see auth/Throttle); {@code 0} turns the limit off.
     */
    public int throttleAddressPasswordFailures() {
        return count("throttle-address-password-failures", "CALENDARPIPE_THROTTLE_ADDRESS_PASSWORD_FAILURES", 50);
    }

    /**
     * Failed authentications naming one account's email (sign-in, CalDAV user name) per throttle
     * window, from any address, before its password sign-in and failed key guesses are answered
     * 429; {@code 0} turns the limit off.
     */
    public int throttleAccountFailures() {
        return count("throttle-account-failures", "CALENDARPIPE_THROTTLE_ACCOUNT_FAILURES", 10);
    }

    /**
     * Sign-ups one client address may make per throttle window, made or refused, before its next
     * ones are answered 429 (see auth/Throttle); {@code 0} turns the limit off.
     */
    public int throttleSignUps() {
        return count("throttle-signups", "CALENDARPIPE_THROTTLE_SIGNUPS", 20);
    }

    /** The throttle's window, counted from an address's or account's first failure: 300 seconds unless set. */
    public Duration throttleWindow() {
        int seconds = count("throttle-window", "CALENDARPIPE_THROTTLE_WINDOW", 300);
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    /**
     * The largest request body the server reads, in bytes: 1 MiB unless set. Every body over it is
     * answered 413 before any handler reads it (limits/RequestLimitFilter). CalDAV objects have
     * their own, smaller cap (512 KiB, {@code calendar.ICal.MAX_OBJECT_BYTES}, advertised as
     * max-resource-size); a limit set below that turns their 403 into this 413.
     */
    public int maxRequestBytes() {
        int bytes = count("max-request-bytes", "CALENDARPIPE_MAX_REQUEST_BYTES", 1 << 20);
        return bytes == 0 ? 1 << 20 : bytes;
    }

    /**
     * Whether each node keeps looked-up keys in memory (apikey/KeyCache): on unless set to
     * {@code off}, which makes every authenticated request read the database (for measuring).
     */
    public boolean authCache() {
        return !"off".equalsIgnoreCase(read("auth-cache", "CALENDARPIPE_AUTH_CACHE").map(String::strip).orElse("on"));
    }

    /**
     * Whether the server moves its threads to Linux's batch scheduling at start
     * (ops/BatchScheduling): {@code auto} (the default: on machines of 4 cores or fewer),
     * {@code on} or {@code off}. Read once, at start.
     */
    public String batchScheduling() {
        return read("batch-scheduling", "CALENDARPIPE_BATCH_SCHEDULING").map(v -> v.strip().toLowerCase(Locale.ROOT)).orElse("auto");
    }

    /**
     * How long a change to an account's access (a revoke, a plan change) waits for every other
     * node of a cluster to confirm that it dropped the account's cached keys: 5 seconds unless
     * set. A node that has not confirmed by then makes the change fail with nothing changed.
     */
    public Duration clusterConfirmTimeout() {
        int seconds = count("cluster-confirm-timeout", "CALENDARPIPE_CLUSTER_CONFIRM_TIMEOUT", 5);
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    /**
     * How many nodes the cluster has (apikey/KeyCache, cluster/Lease): a node answers keys from
     * memory only while it sees this many members in its view. Unset (0) on a clustered server:
     * never, every key is read from the database. Ignored by a single server. Read at start.
     */
    public int clusterSize() {
        return count("cluster-size", "CALENDARPIPE_CLUSTER_SIZE", 0);
    }

    /**
     * How long a node trusts its key cache after every other member last confirmed it is in their
     * view (cluster/Lease): 5000 ms unless set. It must stay a second below JGroups' time to drop
     * a member (VERIFY_SUSPECT2's timeout), or the application refuses to start. Read at start.
     */
    public Duration clusterLease() {
        return Duration.ofMillis(Math.max(100, count("cluster-lease", "CALENDARPIPE_CLUSTER_LEASE", 5_000)));
    }

    /**
     * Seconds a console session lasts without a request: 43200 (12 hours) unless set. Applied
     * to a session when it is signed in (its max inactive interval), so a change applies to
     * sessions signed in after it.
     */
    public int sessionIdleSeconds() {
        int seconds = count("session-idle", "CALENDARPIPE_SESSION_IDLE", 43_200);
        return Math.max(1, seconds);
    }

    /**
     * Seconds a console session lasts at most from its sign-in, however busy: 604800 (7 days)
     * unless set. Checked on each request with the session, so a change applies at once to
     * every session.
     */
    public Duration sessionMax() {
        int seconds = count("session-max", "CALENDARPIPE_SESSION_MAX", 604_800);
        return Duration.ofSeconds(Math.max(1, seconds));
    }

    /**
     * How long a console session's last proof (a sign-in, or a password or two-factor code given
     * again) lets it do what sudo mode guards (account/Sudo): 600 seconds unless set, at least 1.
     * Checked on each such request, so a change applies at once.
     */
    public Duration sudoWindow() {
        return Duration.ofSeconds(Math.max(1, count("sudo-window", "CALENDARPIPE_SUDO_WINDOW", 600)));
    }

    /**
     * Days an account's audit events are kept: 365 unless set; at least 1. The hourly purge
     * (audit/AuditPurge) deletes older ones, so a change applies within the hour.
     */
    public int auditRetentionDays() {
        int days = count("audit-retention-days", "CALENDARPIPE_AUDIT_RETENTION_DAYS", 365);
        return Math.max(1, days);
    }

    /**
     * The reverse proxies and load balancers whose {@code X-Forwarded-For} and
     * {@code X-Forwarded-Proto} headers are believed: comma-separated IP addresses or CIDR
     * networks ({@code 10.0.0.0/8, 192.168.1.4, fd00::/8}); none unless set, so by default the
     * client address is the connection's own. The raw text: auth/ClientAddress parses it, once
     * per distinct value. Read for every authenticated request (a property and an environment
     * lookup, two map reads), so that a change through the management model applies at once.
     */
    public String trustedProxies() {
        return read("trusted-proxies", "CALENDARPIPE_TRUSTED_PROXIES").orElse("");
    }

    /**
     * The public keys whose signatures a leak report must carry (leaks/LeakReportsResource), as
     * {@code identifier:key} pairs separated by commas; each key is an ECDSA P-256 public key as
     * base64 DER SubjectPublicKeyInfo (the body of a PEM {@code PUBLIC KEY}, armour allowed). None
     * unless set: then every report is refused. The raw text: leaks/ReportKeys parses it, once per
     * distinct value, so a change through the management model applies from the next report.
     */
    public String leakReportKeys() {
        return read("leak-report-keys", "CALENDARPIPE_LEAK_REPORT_KEYS").orElse("");
    }

    /**
     * The SMTP server that sends invitations by e-mail (imip/Smtp): its host name, none unless
     * set, and then every message to an attendee outside this server is answered "5.1" at once.
     */
    public Optional<String> smtpHost() {
        return read("smtp-host", "CALENDARPIPE_SMTP_HOST").map(String::trim);
    }

    /** The SMTP server's port: 0 unless set, meaning the usual one for {@link #smtpSecurity}. */
    public int smtpPort() {
        return count("smtp-port", "CALENDARPIPE_SMTP_PORT", 0);
    }

    /** {@code starttls} (default: plain connection made secure, required), {@code tls} or {@code none}. */
    public String smtpSecurity() {
        return read("smtp-security", "CALENDARPIPE_SMTP_SECURITY").orElse("starttls").trim().toLowerCase(Locale.ROOT);
    }

    /** The SMTP user name: none unless set, and then the server is used without authentication. */
    public Optional<String> smtpUser() {
        return read("smtp-user", "CALENDARPIPE_SMTP_USER").map(String::trim);
    }

    /** The SMTP user's password. */
    public String smtpPassword() {
        return read("smtp-password", "CALENDARPIPE_SMTP_PASSWORD").orElse("");
    }

    /** The first retry of an invitation that could not be sent: 60 seconds later unless set; each next one waits twice as long. */
    public Duration imipRetryBase() {
        return Duration.ofSeconds(Math.max(1, count("imip-retry-base", "CALENDARPIPE_IMIP_RETRY_BASE", 60)));
    }

    /** How long an invitation is retried before it is given up ("5.1"): 86400 seconds (a day) unless set. */
    public Duration imipGiveUpAfter() {
        return Duration.ofSeconds(count("imip-give-up-after", "CALENDARPIPE_IMIP_GIVE_UP_AFTER", 86_400));
    }

    /**
     * Whether a webhook may point at a plain {@code http} URL (an intranet receiver without TLS):
     * {@code false} unless set to {@code true}, so that a delivery's signed payload is never sent
     * in the clear by mistake (webhook/Destinations).
     */
    public boolean webhookAllowHttp() {
        return read("webhook-allow-http", "CALENDARPIPE_WEBHOOK_ALLOW_HTTP").map(v -> v.strip().equalsIgnoreCase("true")).orElse(false);
    }

    /**
     * The address ranges (CIDR, comma-separated: {@code 10.0.0.0/8,fd00::/8}) a webhook may reach
     * although they are not public: none unless set, so that no webhook reaches the server's own
     * network (loopback, private ranges, the cloud's metadata address; webhook/Destinations).
     */
    public String webhookAllowPrivate() {
        return read("webhook-allow-private", "CALENDARPIPE_WEBHOOK_ALLOW_PRIVATE").orElse("");
    }

    /** How long a webhook delivery is retried before it is given up as failed: 259200 seconds (3 days) unless set. */
    public Duration webhookGiveUpAfter() {
        return Duration.ofSeconds(count("webhook-give-up-after", "CALENDARPIPE_WEBHOOK_GIVE_UP_AFTER", 259_200));
    }

    /**
     * The waits before a webhook delivery's attempts, in seconds, comma-separated: the first is
     * the first attempt's (0: at once), the last is repeated until the delivery is given up.
     * Each wait but 0 is moved by up to a tenth either way (jitter), so that deliveries that
     * failed together are not all retried in the same second.
     */
    public List<Duration> webhookRetryDelays() {
        return read("webhook-retry-delays", "CALENDARPIPE_WEBHOOK_RETRY_DELAYS").flatMap(Settings::delays)
                .orElseGet(() -> delays(WEBHOOK_RETRY_DELAYS).orElseThrow());
    }

    private static final String WEBHOOK_RETRY_DELAYS = "0,5,300,1800,7200,18000,36000,36000";

    /** Whole seconds, comma-separated, none negative; empty when the text is not that. */
    private static Optional<List<Duration>> delays(String text) {
        try {
            List<Duration> delays = Arrays.stream(text.split(",")).map(String::strip)
                    .map(s -> Duration.ofSeconds(Long.parseLong(s))).toList();
            return delays.stream().anyMatch(Duration::isNegative) ? Optional.empty() : Optional.of(delays);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** How many webhook deliveries one node sends at once: 8 unless set (at least 1). Read at start. */
    public int webhookSenders() {
        return Math.max(1, count("webhook-senders", "CALENDARPIPE_WEBHOOK_SENDERS", 8));
    }

    /**
     * How many of those may wait on one destination host at once: 2 unless set (at least 1), so
     * that a receiver that is slow or never answers holds up only its own deliveries.
     */
    public int webhookPerHost() {
        return Math.max(1, count("webhook-per-host", "CALENDARPIPE_WEBHOOK_PER_HOST", 2));
    }

    /**
     * Where the SMTP listener that receives invitations (inbound/SmtpListener) listens, as
     * {@code host:port}; empty when set to {@code off}. Unless set: 127.0.0.1, port 2525 moved by
     * the server's socket-binding port offset ({@code jboss.socket.binding.port-offset}), as every
     * other port of the server is, so that servers started side by side with different offsets
     * (tests, a cluster on one machine) each listen on a port of their own. Read at start.
     */
    public Optional<String> smtpListen() {
        String value = read("smtp-listen", "CALENDARPIPE_SMTP_LISTEN").map(String::strip)
                .orElseGet(() -> "127.0.0.1:" + (2525 + Integer.getInteger("jboss.socket.binding.port-offset", 0)));
        return value.equalsIgnoreCase("off") ? Optional.empty() : Optional.of(value);
    }

    /** The largest message the listener takes, in bytes (announced with SIZE, RFC 1870): 1 MiB unless set. Read at start. */
    public int smtpListenMaxBytes() {
        int bytes = count("smtp-listen-max-bytes", "CALENDARPIPE_SMTP_LISTEN_MAX_BYTES", 1 << 20);
        return bytes == 0 ? 1 << 20 : bytes;
    }

    /** Recipients one message may have: 100 unless set, the least RFC 5321 §4.5.3.1.8 lets a server take. Read at start. */
    public int smtpListenMaxRecipients() {
        return Math.max(1, count("smtp-listen-max-recipients", "CALENDARPIPE_SMTP_LISTEN_MAX_RECIPIENTS", 100));
    }

    /** Connections the listener serves at once: 50 unless set; 10 of them at most from one address. Read at start. */
    public int smtpListenMaxConnections() {
        return Math.max(1, count("smtp-listen-max-connections", "CALENDARPIPE_SMTP_LISTEN_MAX_CONNECTIONS", 50));
    }

    /**
     * Seconds the listener waits for a client's next command, or the next bytes of its message,
     * before it drops the connection: 300 unless set (RFC 5321 §4.5.3.2.7). Read for each connection.
     */
    public int smtpListenTimeout() {
        return Math.max(1, count("smtp-listen-timeout", "CALENDARPIPE_SMTP_LISTEN_TIMEOUT", 300));
    }

    /** Seconds one message's DATA may take in all, however steadily it trickles in: 600 unless set (RFC 5321 §4.5.3.2.6). Read for each message. */
    public int smtpListenDataTimeout() {
        return Math.max(1, count("smtp-listen-data-timeout", "CALENDARPIPE_SMTP_LISTEN_DATA_TIMEOUT", 600));
    }

    /**
     * Whether the listener applies an accepted message itself, after storing it and before its
     * 250 ({@code now}, the default: what the 250 acknowledged is usually visible when the sender
     * hears it), or leaves it to the background poll ({@code background}: shorter SMTP sessions;
     * applied within about 5 seconds). Read for each message.
     */
    public boolean smtpListenAppliesNow() {
        return !read("smtp-listen-apply", "CALENDARPIPE_SMTP_LISTEN_APPLY").orElse("now").strip().equalsIgnoreCase("background");
    }

    /**
     * The server's certificate (a PKCS#12 or JKS key store), which HTTPS serves and the listener
     * offers with STARTTLS; none unless set (HTTPS then uses its self-signed one, and the listener
     * offers no STARTTLS). Read at start.
     */
    public Optional<String> tlsKeystore() {
        return read("tls-keystore", "CALENDARPIPE_TLS_KEYSTORE").map(String::strip);
    }

    /** The key store's password: {@code password} unless set, as for HTTPS. */
    public String tlsKeystorePassword() {
        return read("tls-keystore-password", "CALENDARPIPE_TLS_KEYSTORE_PASSWORD").orElse("password");
    }

    /**
     * Single sign-on (auth/OidcProvider): the OpenID Connect issuer, exactly as its discovery
     * document names it ({@code https://sso.example.com/realms/team}); with the client id and
     * secret below, the console offers "Sign in with …".
     */
    public Optional<String> oidcIssuer() {
        return read("oidc-issuer", "CALENDARPIPE_OIDC_ISSUER").map(String::strip);
    }

    public Optional<String> oidcClientId() {
        return read("oidc-client-id", "CALENDARPIPE_OIDC_CLIENT_ID").map(String::strip);
    }

    public Optional<String> oidcClientSecret() {
        return read("oidc-client-secret", "CALENDARPIPE_OIDC_CLIENT_SECRET");
    }

    /** The provider's name on the console's button: "Sign in with Keycloak". */
    public String oidcName() {
        return read("oidc-name", "CALENDARPIPE_OIDC_NAME").map(String::strip).orElse("single sign-on");
    }

    /**
     * Whether the provider's {@code email} is believed without {@code email_verified: true}: for a
     * provider that never sends that claim but whose addresses only its administrators assign
     * (Microsoft Entra ID). Off by default: an address anyone could type in at the provider would
     * otherwise open the account that has it.
     */
    public boolean oidcTrustEmail() {
        return read("oidc-trust-email", "CALENDARPIPE_OIDC_TRUST_EMAIL").map(v -> v.strip().equalsIgnoreCase("true"))
                .orElse(false);
    }

    /**
     * Whether the console signs in with a password: {@code off} turns password sign-in (and the
     * password as a sudo proof) off, but only while single sign-on is configured, so that the
     * setting can never leave a server nobody can sign in to.
     */
    public boolean passwordSignInOff() {
        return read("password-sign-in", "CALENDARPIPE_PASSWORD_SIGN_IN").map(v -> v.strip().equalsIgnoreCase("off"))
                .orElse(false) && oidcIssuer().isPresent() && oidcClientId().isPresent() && oidcClientSecret().isPresent();
    }

    /** A whole number of at least 0, or the default when unset or not such a number. */
    private static int count(String property, String variable, int defaultValue) {
        try {
            int value = read(property, variable).map(v -> Integer.parseInt(v.trim())).orElse(defaultValue);
            return value < 0 ? defaultValue : value;
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }

    private static Optional<String> read(String property, String variable) {
        String value = System.getProperty("calendarpipe." + property);
        if (value == null) {
            value = System.getenv(variable);
        }
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}
