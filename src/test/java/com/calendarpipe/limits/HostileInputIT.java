package com.calendarpipe.limits;

import static com.calendarpipe.testing.ApiClient.bearer;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.calendarpipe.testing.ApiClient;
import com.calendarpipe.testing.ClientIT;
import com.calendarpipe.testing.DavClient;
import com.calendarpipe.testing.RawHttp;
import com.calendarpipe.testing.Reply;
import com.calendarpipe.testing.ServerSettings;
import com.calendarpipe.testing.SmtpClient;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;

/**
 * The hostile-input suite: every request of the corpus in {@code src/test/resources/hostile/}
 * is sent as raw bytes over a socket (java.net.http refuses many of them: Content-Length,
 * Expect, Host, control bytes, a body that never comes) to a server holding two accounts' data.
 * Each must be answered with its expected status within {@link #TIME_BOUND}, never a 5xx, and
 * with nothing of the server's insides in the answer; afterwards the server still answers and
 * every account's data is as it was.
 * <p>
 * A case is one file: {@code #} lines say why, {@code @} lines say what is expected, then the
 * request as it goes on the wire (request line, header fields, an empty line, the body). See
 * {@code hostile/README.md} for the placeholders and generators.
 */
class HostileInputIT extends ClientIT {

    /** Every case is answered within this, however large or deep its input. */
    private static final Duration TIME_BOUND = Duration.ofSeconds(5);

    /** What a body must never show: Java class and package names, exception names, stack frames. */
    private static final Pattern INTERNALS = Pattern.compile(
            "\\b(java|javax|jakarta|org|com|io|net|sun)\\.[a-z0-9_]+\\.[A-Za-z]|Exception|\\.java:\\d|\\tat |ELY\\d|UT\\d{6}|WFLY");

    /** The test server's log (the pom hands its home to the tests as {@code jboss.home}). */
    private static final Path SERVER_LOG = Path.of(System.getProperty("jboss.home", "target/server"),
            "standalone", "log", "server.log");

    private static final Pattern GENERATOR = Pattern.compile("\\{\\{(repeat (\\d+) |base64 |bytes )(.*?)}}", Pattern.DOTALL);

    /** One account's data, made before the corpus runs, and the placeholders that name it. */
    private record Holder(ApiClient.TestAccount account, String key, String keyId, JsonObject calendar, String collection,
                          String object, String event, DavClient dav) {

        String collectionPath() {
            return "/dav/calendars/" + account.id() + "/" + collection + "/";
        }
    }

    /** One file of the corpus. */
    private record Case(String name, int status, boolean anyClientError, List<String> bodyHas, Map<String, String> headerHas,
                        boolean noContinue, String head, String body) {
    }

    @Test
    void everyHostileRequestIsRefusedQuicklyWithoutInternalsAndLeavesEveryAccountsDataIntact() throws Exception {
        ApiClient api = api();
        Holder owner = holder(api, "owner");
        Holder other = holder(api, "other");
        Map<String, String> names = placeholders(owner, other);
        String before = snapshot(api, owner) + snapshot(api, other);

        List<Case> corpus = corpus();
        assertTrue(corpus.size() >= 60, "the corpus has " + corpus.size() + " cases");
        long logStart = Files.size(SERVER_LOG);
        List<Executable> checks = new ArrayList<>();
        for (Case c : corpus) {
            RawHttp.Exchange exchange = send(c, names);
            checks.add(() -> check(c, exchange));
        }
        assertAll(checks.stream());

        Reply status = api.get("/api/v1/status");
        assertEquals(200, status.status(), "the server still answers: " + status);
        assertEquals(before, snapshot(api, owner) + snapshot(api, other), "every account's data is as it was");
        // a refusal is an answer, not a failure: nothing was logged as one (the container's own
        // failures, such as answering an exchange twice, show only there)
        List<String> errors = logSince(logStart).lines().filter(line -> line.contains(" ERROR ")).toList();
        assertEquals(List.of(), errors, "the server logged no error while answering the corpus");
    }

    private static String logSince(long offset) throws IOException {
        try (var log = new java.io.RandomAccessFile(SERVER_LOG.toFile(), "r")) {
            log.seek(offset);
            byte[] appended = new byte[(int) (log.length() - offset)];
            log.readFully(appended);
            return new String(appended, StandardCharsets.UTF_8);
        }
    }

    private static void check(Case c, RawHttp.Exchange exchange) {
        Reply reply = exchange.reply();
        String what = c.name() + " answered " + reply;
        assertTrue(reply.status() < 500, what);
        if (c.anyClientError()) {
            assertTrue(reply.status() >= 400 && reply.status() < 500, what);
        } else {
            assertEquals(c.status(), reply.status(), what);
        }
        assertTrue(exchange.elapsed().compareTo(TIME_BOUND) < 0, c.name() + " took " + exchange.elapsed());
        Matcher internals = INTERNALS.matcher(reply.body());
        assertFalse(internals.find(), () -> c.name() + " shows " + internals.group() + ": " + reply);
        for (String expected : c.bodyHas()) {
            assertTrue(reply.body().contains(expected), what + "\nexpected in the body: " + expected);
        }
        c.headerHas().forEach((name, expected) -> assertTrue(reply.header(name) != null && reply.header(name).contains(expected),
                what + "\nexpected in " + name + ": " + expected));
        if (c.noContinue()) {
            assertEquals(List.of(), exchange.interim(), c.name() + ": answered without asking for the body");
        }
    }

    private RawHttp.Exchange send(Case c, Map<String, String> names) {
        byte[] body = expand(substitute(c.body(), names), StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(substitute(c.head(), names).replace("\n", "\r\n"));
        String lower = c.head().toLowerCase();
        if (!lower.contains("\nhost:")) {
            head.append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
        }
        if (!lower.contains("\nconnection:")) {
            head.append("Connection: close\r\n");
        }
        if (lower.contains("\ntransfer-encoding: chunked")) {
            body = RawHttp.chunked(body);
        } else if (body.length > 0 && !lower.contains("\ncontent-length:")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] bytes = expand(head.toString(), StandardCharsets.ISO_8859_1);
        try {
            return RawHttp.exchange(null, base.getPort(), bytes, body, TIME_BOUND.multipliedBy(2));
        } catch (RuntimeException e) {
            throw new AssertionError(c.name() + ": " + e.getMessage(), e);
        }
    }

    // ---- the SMTP listener's corpus (hostile/smtp/)

    /** One conversation of the SMTP corpus. */
    private record MailCase(String name, String expect, Duration within, boolean closed, List<String> script) {
    }

    @ArquillianResource
    ManagementClient management;

    @Test
    void everyHostileMailIsRefusedWithItsCodeInTimeAndChangesNothing() throws Exception {
        ApiClient api = api();
        Holder owner = holder(api, "owner");
        Holder other = holder(api, "other");
        Map<String, String> names = placeholders(owner, other);
        String address = owner.calendar().getString("calendarEmail");
        names.put("calendar-address", address);
        names.put("calendar-local-part", address.substring(0, address.indexOf('@')));
        names.put("mail-domain", address.substring(address.indexOf('@') + 1));
        names.put("event-uid", api.get("/api/v1/events/" + owner.event(), bearer(owner.key())).data().getString("providerEventId"));
        String before = snapshot(api, owner) + snapshot(api, other);
        long logStart = Files.size(SERVER_LOG);

        List<MailCase> corpus = mailCorpus();
        assertTrue(corpus.size() >= 20, "the SMTP corpus has " + corpus.size() + " cases");
        List<Executable> checks = new ArrayList<>();
        try (var timeout = ServerSettings.set(management, "smtp-listen-timeout", "2")) {
            for (MailCase c : corpus) {
                long start = System.nanoTime();
                SmtpClient.Reply[] last = new SmtpClient.Reply[1];
                boolean[] closed = new boolean[1];
                Throwable failure = null;
                try (SmtpClient smtp = SmtpClient.connect(SmtpClient.testServerPort(), c.within())) {
                    last[0] = converse(smtp, c, names);
                    closed[0] = c.closed() && smtp.closedByServer();
                } catch (RuntimeException e) {
                    failure = e;
                }
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                Throwable failed = failure;
                checks.add(() -> {
                    assertEquals(null, failed, c.name() + " failed");
                    SmtpClient.Reply reply = last[0];
                    String what = c.name() + " answered " + reply;
                    if (c.expect().endsWith("xx")) {
                        assertEquals(c.expect().charAt(0), Integer.toString(reply.code()).charAt(0), what);
                    } else {
                        String[] expected = c.expect().split(" ", 2);
                        assertEquals(Integer.parseInt(expected[0]), reply.code(), what);
                        assertTrue(expected.length == 1 || reply.text().startsWith(expected[1]), what);
                    }
                    assertTrue(took.compareTo(c.within()) < 0, c.name() + " took " + took);
                    assertFalse(INTERNALS.matcher(reply.text()).find(), what);
                    if (c.closed()) {
                        assertTrue(closed[0], c.name() + ": the listener kept the connection open");
                    }
                });
            }
        }
        assertAll(checks.stream());

        // one address holds at most 10 connections at once: the 11th is turned away, the others go on
        List<SmtpClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                held.add(SmtpClient.connect(SmtpClient.testServerPort(), Duration.ofSeconds(5)));
                assertEquals(220, held.get(i).greeting().code(), "connection " + (i + 1));
            }
            try (SmtpClient eleventh = SmtpClient.connect(SmtpClient.testServerPort(), Duration.ofSeconds(5))) {
                assertEquals(421, eleventh.greeting().code(), "the eleventh connection from one address");
            }
            assertEquals(250, held.get(0).command("NOOP").code(), "the held connections are still served");
        } finally {
            held.forEach(SmtpClient::close);
        }
        try (SmtpClient smtp = SmtpClient.connect(SmtpClient.testServerPort(), Duration.ofSeconds(5))) {
            assertEquals(220, smtp.greeting().code(), "the listener still answers");
            assertEquals(250, smtp.command("EHLO after.example").code());
        }
        Reply status = api.get("/api/v1/status");
        assertEquals(200, status.status(), "HTTP still answers: " + status);
        assertEquals(before, snapshot(api, owner) + snapshot(api, other), "every account's data is as it was");
        List<String> errors = logSince(logStart).lines().filter(line -> line.contains(" ERROR ")).toList();
        assertEquals(List.of(), errors, "the server logged no error while answering the SMTP corpus");
    }

    /** The conversation of one case; the last reply. */
    private static SmtpClient.Reply converse(SmtpClient smtp, MailCase c, Map<String, String> names) {
        SmtpClient.Reply last = smtp.greeting();
        List<String> script = c.script();
        for (int i = 0; i < script.size(); i++) {
            String line = substitute(script.get(i), names);
            if (line.equals("@stall")) {
                return smtp.reply();
            }
            if (line.startsWith("@repeat ")) {
                String[] parts = line.split(" ", 3);
                for (int n = Integer.parseInt(parts[1]); n > 0; n--) {
                    last = smtp.command(parts[2]);
                }
                continue;
            }
            last = smtp.command(new String(expand(line, StandardCharsets.UTF_8), StandardCharsets.UTF_8));
            if (line.equals("DATA") && last.code() == 354) {
                StringBuilder message = new StringBuilder();
                boolean stall = false;
                for (i++; i < script.size() && !script.get(i).equals("."); i++) {
                    if (script.get(i).equals("@stall")) {
                        stall = true;
                        break;
                    }
                    message.append(substitute(script.get(i), names)).append("\r\n");
                }
                byte[] bytes = expand(message.toString(), StandardCharsets.UTF_8);
                if (stall) {
                    smtp.write(bytes);
                    return smtp.reply();
                }
                smtp.write(SmtpClient.dotStuffed(bytes));
                last = smtp.reply();
            }
        }
        return last;
    }

    private static List<MailCase> mailCorpus() throws IOException, URISyntaxException {
        Path root = Path.of(HostileInputIT.class.getResource("/hostile/smtp").toURI());
        try (Stream<Path> files = Files.walk(root)) {
            List<MailCase> cases = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".smtp")).sorted().toList()) {
                String expect = null;
                Duration within = Duration.ofSeconds(5);
                boolean closed = false;
                List<String> script = new ArrayList<>();
                for (String line : Files.readString(file, StandardCharsets.UTF_8).split("\n", -1)) {
                    if (line.startsWith("#") || line.isEmpty() && script.isEmpty()) {
                        continue;
                    }
                    if (line.startsWith("@expect ")) {
                        expect = line.substring(8).strip();
                    } else if (line.startsWith("@within ")) {
                        within = Duration.ofSeconds(Long.parseLong(line.substring(8).strip()));
                    } else if (line.equals("@closed")) {
                        closed = true;
                    } else {
                        script.add(line);
                    }
                }
                while (!script.isEmpty() && script.get(script.size() - 1).isEmpty()) {
                    script.remove(script.size() - 1);
                }
                if (expect == null) {
                    throw new IllegalArgumentException(file + ": no @expect");
                }
                cases.add(new MailCase("smtp/" + file.getFileName(), expect, within, closed, script));
            }
            return cases;
        }
    }

    // ---- the corpus

    private static List<Case> corpus() throws IOException, URISyntaxException {
        Path root = Path.of(HostileInputIT.class.getResource("/hostile").toURI());
        try (Stream<Path> files = Files.walk(root)) {
            List<Case> cases = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".http")).sorted().toList()) {
                cases.add(read(root.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8)));
            }
            return cases;
        }
    }

    /** A case file: {@code #} comments, {@code @} expectations, then the request as it goes on the wire. */
    private static Case read(String name, String text) {
        String[] lines = text.split("\n", -1);
        int at = 0;
        String expect = null;
        List<String> bodyHas = new ArrayList<>();
        Map<String, String> headerHas = new LinkedHashMap<>();
        boolean noContinue = false;
        for (; at < lines.length && (lines[at].startsWith("#") || lines[at].startsWith("@") || lines[at].isBlank()); at++) {
            String line = lines[at].strip();
            if (line.startsWith("@expect ")) {
                expect = line.substring(8).strip();
            } else if (line.startsWith("@body-has ")) {
                bodyHas.add(line.substring(10).strip());
            } else if (line.startsWith("@header ")) {
                String[] pair = line.substring(8).split(":", 2);
                headerHas.put(pair[0].strip(), pair[1].strip());
            } else if (line.equals("@no-continue")) {
                noContinue = true;
            } else if (line.startsWith("@")) {
                throw new IllegalArgumentException(name + ": unknown expectation " + line);
            }
        }
        if (expect == null) {
            throw new IllegalArgumentException(name + ": no @expect");
        }
        StringBuilder head = new StringBuilder();
        for (; at < lines.length && !lines[at].isEmpty(); at++) {
            head.append(lines[at]).append('\n');
        }
        String body = at + 1 < lines.length ? String.join("\r\n", List.of(lines).subList(at + 1, lines.length)) : "";
        boolean any = expect.equals("4xx");
        return new Case(name, any ? 0 : Integer.parseInt(expect), any, bodyHas, headerHas, noContinue, head.toString(), body);
    }

    private static String substitute(String template, Map<String, String> names) {
        String text = template;
        for (Map.Entry<String, String> name : names.entrySet()) {
            text = text.replace("{{" + name.getKey() + "}}", name.getValue());
        }
        return text;
    }

    /**
     * The text with its generators run: {@code {{repeat N text}}}, {@code {{base64 text}}}
     * and {@code {{bytes HH HH …}}} (raw bytes); text outside them in {@code charset}.
     */
    static byte[] expand(String text, java.nio.charset.Charset charset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        Matcher generator = GENERATOR.matcher(text);
        int at = 0;
        while (generator.find()) {
            out.writeBytes(text.substring(at, generator.start()).getBytes(charset));
            String argument = unescape(generator.group(3));
            if (generator.group(1).startsWith("repeat")) {
                out.writeBytes(argument.repeat(Integer.parseInt(generator.group(2))).getBytes(charset));
            } else if (generator.group(1).startsWith("base64")) {
                out.writeBytes(Base64.getEncoder().encode(argument.getBytes(StandardCharsets.UTF_8)));
            } else {
                for (String hex : argument.strip().split("\\s+")) {
                    out.write(Integer.parseInt(hex, 16));
                }
            }
            at = generator.end();
        }
        out.writeBytes(text.substring(at).getBytes(charset));
        return out.toByteArray();
    }

    /** {@code \r \n \t \\ \xHH} and a backslash, {@code u} and four hex digits, in a generator's text. */
    private static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 == text.length()) {
                out.append(c);
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case 'r' -> out.append('\r');
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'x' -> {
                    out.append((char) Integer.parseInt(text.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }

    // ---- the data every case runs against

    /** An account with a key, a calendar, an event made over REST and an object PUT over CalDAV. */
    private static Holder holder(ApiClient api, String who) {
        ApiClient.TestAccount account = api.signUp(ApiClient.uniqueEmail(who));
        String key = api.createKey(api.signIn(account), "hostile");
        String keyId = api.get("/api/v1/api-keys", bearer(key)).dataArray().getJsonObject(0).getString("id");
        JsonObject calendar = api.createCalendar(key, "{\"name\":\"" + who + "\",\"timezone\":\"Europe/Berlin\"}");
        JsonObject event = api.createEvent(key, calendar.getString("id"),
                "{\"title\":\"Weekly sync\",\"start\":{\"dateTime\":\"2026-03-05T09:00:00\",\"timeZone\":\"Europe/Berlin\"},"
                        + "\"recurrence\":[\"RRULE:FREQ=WEEKLY\"]}");
        DavClient dav = new DavClient(api, account.email(), key);
        Holder holder = new Holder(account, key, keyId, calendar, calendar.getString("id"), "hostile.ics",
                event.getString("id"), dav);
        Reply put = dav.put(holder.collectionPath() + holder.object(), DavClient.fixture("simple.ics", "uid", UUID.randomUUID().toString(),
                "start", "20260310T100000Z", "end", "20260310T110000Z", "summary", "Made over CalDAV"));
        assertEquals(201, put.status(), put::toString);
        return holder;
    }

    private static Map<String, String> placeholders(Holder owner, Holder other) {
        Map<String, String> names = new LinkedHashMap<>();
        name(names, "", owner);
        name(names, "other.", other);
        Reply sync = other.dav().propfind(other.collectionPath(), 0,
                "<d:propfind xmlns:d=\"DAV:\"><d:prop><d:sync-token/></d:prop></d:propfind>");
        names.put("other.sync-token", DavClient.multistatus(sync).get(other.collectionPath()).text("{DAV:}sync-token"));
        return names;
    }

    /** The placeholders naming one account's data, each name after {@code prefix}. */
    private static void name(Map<String, String> names, String prefix, Holder holder) {
        names.put(prefix + "key", holder.key());
        names.put(prefix + "key-id", holder.keyId());
        names.put(prefix + "email", holder.account().email());
        names.put(prefix + "password", holder.account().password());
        names.put(prefix + "basic", ApiClient.basic(holder.account().email(), holder.key())[1]);
        names.put(prefix + "account", holder.account().id());
        names.put(prefix + "calendar", holder.calendar().getString("id"));
        names.put(prefix + "collection", holder.collectionPath());
        names.put(prefix + "object", holder.collectionPath() + holder.object());
        names.put(prefix + "event", holder.event());
        names.put(prefix + "feed", holder.calendar().getString("feedToken"));
    }

    /** What an account holds, as its owner reads it over REST, CalDAV and the feed. */
    private static String snapshot(ApiClient api, Holder holder) {
        String[] key = bearer(holder.key());
        StringBuilder all = new StringBuilder();
        for (String path : List.of("/api/v1/account", "/api/v1/hosted-calendars", "/api/v1/events",
                "/api/v1/api-keys", "/feed/" + holder.calendar().getString("feedToken") + ".ics",
                "/api/v1/hosted-calendars/" + holder.calendar().getString("id") + "/invitations")) {
            Reply reply = api.get(path, key);
            assertEquals(200, reply.status(), () -> path + ": " + reply);
            // when each key was last used moves with every request; everything else must not
            all.append(path).append('\n').append(reply.body().replaceAll("\"lastUsedAt\":\"[^\"]*\"", "")).append('\n');
        }
        Reply objects = holder.dav().propfind(holder.collectionPath(), 1,
                "<d:propfind xmlns:d=\"DAV:\"><d:prop><d:getetag/></d:prop></d:propfind>");
        DavClient.multistatus(objects).forEach((href, resource) -> all.append(href).append(' ')
                .append(resource.text("{DAV:}getetag")).append('\n'));
        return all.toString();
    }
}
