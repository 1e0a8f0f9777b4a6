package com.calendarpipe.calendar;

import static com.calendarpipe.calendar.CalendarRecords.event;
import static com.calendarpipe.calendar.CalendarRecords.ids;
import static com.calendarpipe.calendar.CalendarRecords.todo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.calendarpipe.Refused;
import com.calendarpipe.account.Account;
import com.calendarpipe.account.Plan;
import com.calendarpipe.invitations.Invitation;
import com.calendarpipe.persistence.AcrossProviders;
import com.calendarpipe.persistence.Backend;
import com.calendarpipe.persistence.Failures;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Hosted calendars, their objects and tombstones as {@link CalendarStore} stores, finds, locks
 * and deletes them, under every provider: the store the server's {@link CalendarService} uses,
 * here on an EntityManager of each provider, one transaction per service call.
 */
class CalendarStorePersistenceTest {

    /** Every microsecond digit set, and a leap day. */
    private static final Instant MICROS = Instant.parse("2028-02-29T23:59:59.987654Z");
    /** The window of the candidate queries: one week. */
    private static final Instant START = Instant.parse("2027-03-10T00:00:00Z");
    private static final Instant END = Instant.parse("2027-03-17T00:00:00Z");
    private static final String VEVENT = "VEVENT";
    private static final String VTODO = "VTODO";
    /** SQLSTATE of a unique constraint violation on both H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    // --- 1. every column comes back as written

    @AcrossProviders
    void aCalendarComesBackWithEveryColumn(Backend db) {
        Account owner = persistAccount(db);
        HostedCalendar full = new HostedCalendar(owner.getId(), "Équipe – Planning");
        full.setDescription("Réunions, jalons et congés 🎉");
        full.setColor("#1E90FF");
        full.setTimezone("Europe/Berlin");
        full.setOrganizerDisplayName("Zoë Organizer");
        HostedCalendar bare = new HostedCalendar(owner.getId(), "Bare");
        db.inTransaction(em -> {
            em.persist(full);
            em.persist(bare);
        });

        HostedCalendar found = db.read(em -> em.find(HostedCalendar.class, full.getId()));
        HostedCalendar foundBare = db.read(em -> em.find(HostedCalendar.class, bare.getId()));

        assertNotSame(full, found, "a fresh read must come from the database");
        assertEquals(full.getId(), found.getId());
        assertEquals(owner.getId(), found.getAccountId());
        assertEquals("Équipe – Planning", found.getName());
        assertEquals("Réunions, jalons et congés 🎉", found.getDescription());
        assertEquals("#1E90FF", found.getColor());
        assertEquals("Europe/Berlin", found.getTimezone());
        assertEquals("Zoë Organizer", found.getOrganizerDisplayName());
        assertEquals(full.getFeedToken(), found.getFeedToken());
        assertTrue(found.getFeedToken().matches("[0-9a-f]{40}"), found.getFeedToken());
        assertEquals(1L, found.getCtag());
        assertEquals(full.getCreatedAt(), found.getCreatedAt());
        assertEquals(full.getUpdatedAt(), found.getUpdatedAt());
        assertEquals(full.getCreatedAt(), column(db, "hosted_calendars", "created_at", full.getId()), "created_at column");
        assertEquals(full.getUpdatedAt(), column(db, "hosted_calendars", "updated_at", full.getId()), "updated_at column");

        assertEquals("Bare", foundBare.getName());
        assertEquals("UTC", foundBare.getTimezone());
        assertEquals(List.of("VEVENT", "VTODO", "VJOURNAL"), foundBare.getComponents(), "a new calendar holds all three");
        assertNull(foundBare.getDescription());
        assertNull(foundBare.getColor());
        assertNull(foundBare.getOrganizerDisplayName());

        List<String> oldestFirst = Stream.of(full, bare)
                .sorted(Comparator.comparing(HostedCalendar::getCreatedAt).thenComparing(HostedCalendar::getId))
                .map(HostedCalendar::getId).toList();
        assertEquals(oldestFirst, db.read(em -> em.createNamedQuery("HostedCalendar.ofAccount", HostedCalendar.class)
                .setParameter("account", owner.getId()).getResultList()).stream().map(HostedCalendar::getId).toList());
        assertEquals(List.of(full.getId()), db.read(em -> em.createNamedQuery("HostedCalendar.byFeedToken", HostedCalendar.class)
                .setParameter("token", full.getFeedToken()).getResultList()).stream().map(HostedCalendar::getId).toList());
    }

    @AcrossProviders
    void anObjectComesBackWithEveryColumnAndItsTextByteForByte(Backend db) {
        HostedCalendar calendar = persistCalendar(db, persistAccount(db));
        String uid = uid("kickoff");
        String text = event(uid, Instant.parse("2027-05-03T07:30:00Z"), Instant.parse("2027-05-03T09:15:00Z"),
                longDescription());
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertTrue(bytes.length > 2_000 && bytes.length > text.length(), "a multi-KB text with multi-byte characters");

        CalendarObject written = create(db, calendar, text);
        CalendarObject found = db.read(em -> em.find(CalendarObject.class, written.getId()));

        assertNotSame(written, found, "a fresh read must come from the database");
        assertEquals(written.getId(), found.getId());
        assertTrue(found.getId().startsWith("evt_"), found.getId());
        assertEquals(calendar.getId(), found.getCalendarId());
        assertEquals(found.getId() + ".ics", found.getName());
        assertEquals(uid, found.getUid());
        assertEquals(VEVENT, found.getComponent());
        assertEquals(Instant.parse("2027-05-03T07:30:00Z"), found.getFirstStart());
        assertEquals(Instant.parse("2027-05-03T09:15:00Z"), found.getLastEnd());
        assertFalse(found.isRecurring());
        assertEquals("\"" + sha256Prefix(bytes) + "\"", found.getEtag());
        assertEquals(bytes.length, found.getSizeBytes());
        assertEquals(text, found.getIcalendar());
        assertArrayEquals(bytes, found.getIcalendar().getBytes(StandardCharsets.UTF_8), "the text byte for byte");
        assertEquals(2L, found.getRevision(), "the calendar's ctag after its first change");
        assertEquals(written.getCreatedAt(), found.getCreatedAt());
        assertEquals(written.getUpdatedAt(), found.getUpdatedAt());
        assertEquals(written.getVersion(), found.getVersion());

        // the columns themselves, read behind the provider's back
        String id = found.getId();
        assertEquals(text, db.queryOne(String.class, "SELECT icalendar FROM calendar_objects WHERE id = ?", id));
        assertEquals(sha256Prefix(bytes), db.queryOne(String.class, "SELECT etag FROM calendar_objects WHERE id = ?", id));
        assertEquals(Boolean.FALSE, db.queryOne(Boolean.class, "SELECT long_span FROM calendar_objects WHERE id = ?", id));
        assertEquals(Boolean.FALSE, db.queryOne(Boolean.class, "SELECT recurring FROM calendar_objects WHERE id = ?", id));
        assertEquals(written.getVersion(), db.queryOne(Long.class, "SELECT version FROM calendar_objects WHERE id = ?", id));
        assertEquals(found.getFirstStart(), column(db, "calendar_objects", "first_start", id));
        assertEquals(found.getLastEnd(), column(db, "calendar_objects", "last_end", id));
        assertEquals(written.getCreatedAt(), column(db, "calendar_objects", "created_at", id));
        assertEquals(written.getUpdatedAt(), column(db, "calendar_objects", "updated_at", id));
    }

    @AcrossProviders
    void aSeriesThatNeverEndsKeepsANullLastEnd(Backend db) {
        HostedCalendar calendar = persistCalendar(db, persistAccount(db));
        String text = event(uid("standup"), Instant.parse("2026-03-10T09:00:00Z"), Instant.parse("2026-03-10T09:15:00Z"),
                "RRULE:FREQ=WEEKLY");

        CalendarObject written = create(db, calendar, text);
        CalendarObject found = db.read(em -> em.find(CalendarObject.class, written.getId()));

        assertEquals(Instant.parse("2026-03-10T09:00:00Z"), found.getFirstStart());
        assertNull(found.getLastEnd(), "never ends");
        assertTrue(found.isRecurring());
        assertEquals(text, found.getIcalendar());
        assertNull(db.queryOne(OffsetDateTime.class, "SELECT last_end FROM calendar_objects WHERE id = ?", found.getId()));
        assertEquals(Boolean.TRUE, db.queryOne(Boolean.class, "SELECT long_span FROM calendar_objects WHERE id = ?", found.getId()));
        assertEquals(Boolean.TRUE, db.queryOne(Boolean.class, "SELECT recurring FROM calendar_objects WHERE id = ?", found.getId()));
    }

    @AcrossProviders
    void theIndexedSpanKeepsEveryMicrosecond(Backend db) {
        HostedCalendar calendar = persistCalendar(db, persistAccount(db));
        String uid = uid("precise");
        Instant lastEnd = MICROS.plus(Duration.ofHours(1)).plusNanos(1_000);
        CalendarObject object = new CalendarObject(calendar.getId());
        // an index made by hand: iCalendar times have whole seconds, the columns must keep more
        object.write(event(uid, MICROS.minusNanos(987_654_000), lastEnd.plusSeconds(1)),
                new ObjectIndex(uid, VEVENT, MICROS, lastEnd, false), 2);
        db.inTransaction(em -> em.persist(object));

        CalendarObject found = db.read(em -> em.find(CalendarObject.class, object.getId()));

        assertEquals(MICROS, found.getFirstStart());
        assertEquals(lastEnd, found.getLastEnd());
        assertEquals(MICROS, column(db, "calendar_objects", "first_start", object.getId()));
        assertEquals(lastEnd, column(db, "calendar_objects", "last_end", object.getId()));
    }

    // --- 2. the candidates of a time window

    @AcrossProviders
    void theWindowQueriesFindExactlyTheObjectsThatMayMeetTheWindow(Backend db) {
        Account owner = persistAccount(db);
        HostedCalendar work = persistCalendar(db, owner);
        HostedCalendar home = persistCalendar(db, owner);
        HostedCalendar elsewhere = persistCalendar(db, owner);

        CalendarObject inside = create(db, work, event(uid("inside"), at("2027-03-12T10:00"), at("2027-03-12T11:00")));
        CalendarObject straddling = create(db, work, event(uid("straddling"), at("2027-03-09T22:00"), at("2027-03-10T02:00")));
        CalendarObject insideHome = create(db, home, event(uid("home"), at("2027-03-15T08:00"), at("2027-03-15T09:00")));
        CalendarObject forever = create(db, work, event(uid("weekly"), at("2026-03-10T09:00"), at("2026-03-10T10:00"),
                "RRULE:FREQ=WEEKLY"));
        CalendarObject multiDay = create(db, work, event(uid("conference"), at("2027-03-01T08:00"), at("2027-03-11T18:00")));
        // and what must not come back
        CalendarObject before = create(db, work, event(uid("before"), at("2027-03-05T10:00"), at("2027-03-05T11:00")));
        create(db, work, event(uid("long-before"), at("2027-01-04T10:00"), at("2027-01-04T11:00")));
        create(db, work, event(uid("after"), at("2027-03-20T10:00"), at("2027-03-20T11:00")));
        create(db, work, event(uid("at-the-end"), at("2027-03-17T00:00"), at("2027-03-17T01:00")));
        CalendarObject ended = create(db, work, event(uid("weekly-until"), at("2026-03-10T09:00"), at("2026-03-10T10:00"),
                "RRULE:FREQ=WEEKLY;UNTIL=20261231T000000Z"));
        create(db, work, todo(uid("todo"), at("2027-03-12T10:00")));
        create(db, elsewhere, event(uid("elsewhere"), at("2027-03-12T10:00"), at("2027-03-12T11:00")));
        // the fixture means what it says
        assertNull(forever.getLastEnd());
        assertTrue(ended.getLastEnd().isBefore(START), "ended " + ended.getLastEnd());
        assertFalse(before.getFirstStart().isBefore(START.minus(ObjectIndex.LONG_SPAN)), "before is in the range of first starts");

        List<String> calendars = List.of(work.getId(), home.getId());
        List<String> candidates = db.read(em -> ids(store(em).candidates(calendars, VEVENT, START, END)));

        assertEquals(sorted(inside, straddling, insideHome, forever, multiDay), sorted(candidates),
                "short objects by their start, long ones (recurring, multi-day) by overlap");
        assertEquals(List.of(), db.read(em -> ids(store(em).candidates(calendars, VTODO, at("2027-03-13T00:00"), END))),
                "the to-do is due before that window");
        assertEquals(1, db.read(em -> store(em).candidates(calendars, VTODO, START, END)).size(), "the to-do, in its window");
    }

    @AcrossProviders
    void noCalendarsMeanNoObjects(Backend db) {
        // GET /events asks about every calendar of the account: none, for a new account. The store
        // answers without a query: EclipseLink renders an empty collection parameter as
        // "calendar_id IN ()", which PostgreSQL refuses as a syntax error (H2 accepts it)
        HostedCalendar calendar = persistCalendar(db, persistAccount(db));
        create(db, calendar, event(uid("someone's"), at("2027-03-12T10:00"), at("2027-03-12T11:00")));
        List<String> none = List.of();

        long total = db.read(em -> store(em).count(none, VEVENT));
        assertEquals(0L, total);
        assertEquals(List.of(), db.read(em -> ids(store(em).page(none, VEVENT, 0, 10))));
        assertEquals(List.of(), db.read(em -> ids(store(em).candidates(none, VEVENT, START, END))));
    }

    // --- 3. pages by first start, then id

    @AcrossProviders
    void pagesFollowTheFirstStartThenTheId(Backend db) {
        Account owner = persistAccount(db);
        HostedCalendar work = persistCalendar(db, owner);
        HostedCalendar home = persistCalendar(db, owner);
        HostedCalendar elsewhere = persistCalendar(db, owner);
        // written out of order; the two at the same time get ids that differ first in a lower-case
        // letter, so that every collation (C or a language's) orders them alike
        CalendarObject june = create(db, work, event(uid("june"), at("2027-06-01T09:00"), at("2027-06-01T10:00")));
        CalendarObject tiedX = create(db, work, event(uid("tie-x"), at("2027-02-01T09:00"), at("2027-02-01T10:00")),
                id -> id.charAt(4) == 'x');
        CalendarObject january = create(db, work, event(uid("january"), at("2027-01-01T09:00"), at("2027-01-01T10:00")));
        CalendarObject april = create(db, home, event(uid("april"), at("2027-04-01T09:00"), at("2027-04-01T10:00")));
        CalendarObject tiedB = create(db, home, event(uid("tie-b"), at("2027-02-01T09:00"), at("2027-02-01T10:00")),
                id -> id.charAt(4) == 'b');
        CalendarObject march = create(db, work, event(uid("march"), at("2027-03-01T09:00"), at("2027-03-01T10:00")));
        CalendarObject may = create(db, work, event(uid("may"), at("2027-05-01T09:00"), at("2027-05-01T10:00"),
                "RRULE:FREQ=DAILY;COUNT=3"));
        CalendarObject task = create(db, work, todo(uid("task"), at("2027-01-15T09:00")));
        create(db, elsewhere, event(uid("elsewhere"), at("2027-01-01T08:00"), at("2027-01-01T09:00")));
        List<String> calendars = List.of(work.getId(), home.getId());

        List<String> expected = ids(List.of(january, tiedB, tiedX, march, april, may, june));
        long events = db.read(em -> store(em).count(calendars, VEVENT));
        long todos = db.read(em -> store(em).count(calendars, VTODO));
        assertEquals(7L, events);
        assertEquals(1L, todos);
        assertEquals(expected.subList(0, 3), db.read(em -> ids(store(em).page(calendars, VEVENT, 0, 3))), "page 1");
        assertEquals(expected.subList(3, 6), db.read(em -> ids(store(em).page(calendars, VEVENT, 3, 3))), "page 2");
        assertEquals(expected.subList(6, 7), db.read(em -> ids(store(em).page(calendars, VEVENT, 6, 3))), "page 3");
        assertEquals(List.of(), db.read(em -> ids(store(em).page(calendars, VEVENT, 9, 3))), "past the end");
        assertEquals(expected.subList(2, 6), db.read(em -> ids(store(em).page(calendars, VEVENT, 2, 4))), "an unaligned page");
        assertEquals(List.of(task.getId()), db.read(em -> ids(store(em).page(calendars, VTODO, 0, 10))));
        assertEquals(ids(List.of(january, tiedX, march, may, june)), db.read(em -> ids(store(em).objects(work.getId()))).stream()
                .filter(id -> !id.equals(task.getId())).toList(), "the objects of one calendar");
        // the listing without texts: the same objects in the same order, each as the whole object summarises it
        List<CalendarObject> whole = db.read(em -> store(em).objects(work.getId()));
        assertEquals(whole.stream().map(CalendarObject::summary).toList(), db.read(em -> store(em).summaries(work.getId(), true)),
                "summaries of one calendar");
        assertEquals(whole.stream().map(o -> new ObjectSummary(o.getName(), o.getEtag())).toList(),
                db.read(em -> store(em).summaries(work.getId(), false)), "names and ETags alone");
    }

    // --- 4. the ctag counts every write

    @AcrossProviders
    void everyWriteBumpsTheCtagAndRecordsItAsTheObjectsRevision(Backend db) {
        HostedCalendar calendar = persistCalendar(db, persistAccount(db));
        String firstUid = uid("first");

        CalendarObject first = create(db, calendar, event(firstUid, at("2027-01-01T09:00"), at("2027-01-01T10:00")));
        CalendarObject second = create(db, calendar, event(uid("second"), at("2027-01-02T09:00"), at("2027-01-02T10:00")));
        CalendarObject third = create(db, calendar, event(uid("third"), at("2027-01-03T09:00"), at("2027-01-03T10:00")));
        String moved = event(firstUid, at("2027-01-04T09:00"), at("2027-01-04T10:00"));
        HostedCalendar afterUpdate = update(db, calendar, first.getId(), moved);

        assertEquals(List.of(2L, 3L, 4L), List.of(first.getRevision(), second.getRevision(), third.getRevision()));
        assertEquals(5L, afterUpdate.getCtag(), "1 + 4 writes");
        HostedCalendar found = db.read(em -> em.find(HostedCalendar.class, calendar.getId()));
        assertEquals(5L, found.getCtag());
        assertEquals(5L, db.queryOne(Long.class, "SELECT ctag FROM hosted_calendars WHERE id = ?", calendar.getId()));
        assertEquals(afterUpdate.getUpdatedAt(), found.getUpdatedAt(), "updated at the last bump");
        assertTrue(found.getUpdatedAt().isAfter(found.getCreatedAt()), found.getUpdatedAt() + " after " + found.getCreatedAt());
        assertEquals(5L, revision(db, first), "rewritten at the fourth write");
        assertEquals(3L, revision(db, second));
        assertEquals(4L, revision(db, third));
        CalendarObject rewritten = db.read(em -> em.find(CalendarObject.class, first.getId()));
        assertEquals(moved, rewritten.getIcalendar());
        assertEquals(at("2027-01-04T09:00"), rewritten.getFirstStart());
        assertEquals(first.getVersion() + 1, rewritten.getVersion(), "one update, one version");
    }

    @AcrossProviders
    void twoWritersThatReadTheCalendarTogetherBothCount(Backend db) {
        HostedCalendar calendar = persistCalendar(db, persistAccount(db));
        String id = calendar.getId();
        assertEquals(1L, unlockedRows(db, id), "nobody holds the row yet");

        EntityManager first = db.newEntityManager();
        EntityManager second = db.newEntityManager();
        try {
            first.getTransaction().begin();
            second.getTransaction().begin();
            HostedCalendar seenByFirst = first.find(HostedCalendar.class, id);
            HostedCalendar seenBySecond = second.find(HostedCalendar.class, id);
            assertEquals(1L, seenByFirst.getCtag());
            assertEquals(1L, seenBySecond.getCtag());

            assertSame(seenByFirst, store(first).lock(calendar.getAccountId(), id));
            assertEquals(0L, unlockedRows(db, id), "the lock took the row lock");
            assertEquals(2L, seenByFirst.bump());
            first.getTransaction().commit();
            assertEquals(1L, unlockedRows(db, id), "the commit released it");

            // the second writer still holds the state it read before the first one's commit
            assertEquals(1L, seenBySecond.getCtag());
            assertSame(seenBySecond, store(second).lock(calendar.getAccountId(), id));
            assertEquals(2L, seenBySecond.getCtag(), "the lock reads the committed ctag into what was read before");
            assertEquals(0L, unlockedRows(db, id), "the second writer's lock");
            assertEquals(3L, seenBySecond.bump());
            second.getTransaction().commit();
        } finally {
            closeAll(first, second);
        }

        assertEquals(3L, db.queryOne(Long.class, "SELECT ctag FROM hosted_calendars WHERE id = ?", id), "no lost increment");
        assertEquals(3L, db.read(em -> em.find(HostedCalendar.class, id)).getCtag());
    }

    /**
     * Two writers that each hold one calendar and then ask for the other's (an invitation crossing
     * a reply): the database gives one of them up, which is told to try again (503, nothing
     * changed), never a server error; the other gets its lock once the refused one rolls back.
     */
    @AcrossProviders
    void ofTwoWritersWaitingForEachOthersCalendarOneIsToldToTryAgain(Backend db) throws Exception {
        HostedCalendar a = persistCalendar(db, persistAccount(db));
        HostedCalendar b = persistCalendar(db, persistAccount(db));
        EntityManager first = db.newEntityManager();
        EntityManager second = db.newEntityManager();
        ExecutorService elsewhere = Executors.newSingleThreadExecutor();
        try {
            first.getTransaction().begin();
            second.getTransaction().begin();
            store(first).lock(a.getAccountId(), a.getId());
            store(second).lock(b.getAccountId(), b.getId());
            // whichever asks first, each ends up waiting for the other
            Future<String> firstOutcome = elsewhere.submit(() -> lockOrRefusal(first, b));
            String secondOutcome = lockOrRefusal(second, a);
            List<String> outcomes = List.of(firstOutcome.get(60, TimeUnit.SECONDS), secondOutcome);
            assertEquals(List.of("UNAVAILABLE", "locked"), outcomes.stream().sorted().toList(),
                    "one refused to try again, the other locked: " + outcomes);
        } finally {
            elsewhere.shutdownNow();
            closeAll(first, second);
        }
    }

    /** "locked", or the kind of refusal (the transaction then rolled back, as the container would). */
    private static String lockOrRefusal(EntityManager em, HostedCalendar calendar) {
        try {
            store(em).lock(calendar.getAccountId(), calendar.getId());
            em.getTransaction().commit();
            return "locked";
        } catch (Refused refused) {
            em.getTransaction().rollback();
            return refused.kind().name();
        }
    }

    // --- 5. @Version refuses a write based on a stale read

    @AcrossProviders
    void ofTwoConcurrentRewritesOfAnObjectTheSecondCommitFails(Backend db) {
        HostedCalendar calendar = persistCalendar(db, persistAccount(db));
        String uid = uid("contested");
        CalendarObject object = create(db, calendar, event(uid, at("2027-01-01T09:00"), at("2027-01-01T10:00")));
        String firstText = event(uid, at("2027-01-02T09:00"), at("2027-01-02T10:00"));
        String secondText = event(uid, at("2027-01-03T09:00"), at("2027-01-03T10:00"));

        EntityManager first = db.newEntityManager();
        EntityManager second = db.newEntityManager();
        try {
            first.getTransaction().begin();
            second.getTransaction().begin();
            CalendarObject mine = first.find(CalendarObject.class, object.getId());
            CalendarObject theirs = second.find(CalendarObject.class, object.getId());
            mine.write(firstText, ObjectIndex.of(ICal.parse(firstText)), 10);
            theirs.write(secondText, ObjectIndex.of(ICal.parse(secondText)), 11);
            first.getTransaction().commit();

            RuntimeException failure = assertThrows(RuntimeException.class, () -> second.getTransaction().commit());
            if (!Failures.causedBy(failure, OptimisticLockException.class)) {
                fail("expected an OptimisticLockException in the causes of " + failure, failure);
            }
        } finally {
            closeAll(first, second);
        }

        CalendarObject stored = db.read(em -> em.find(CalendarObject.class, object.getId()));
        assertEquals(object.getVersion() + 1, stored.getVersion(), "only the first commit wrote");
        assertEquals(firstText, stored.getIcalendar());
        assertEquals(at("2027-01-02T09:00"), stored.getFirstStart());
        assertEquals(10L, stored.getRevision());
        assertEquals("\"" + sha256Prefix(firstText.getBytes(StandardCharsets.UTF_8)) + "\"", stored.getEtag());
    }

    // --- 6. tombstones and the deletion of a calendar

    @AcrossProviders
    void aDeletedObjectLeavesATombstoneFoundByName(Backend db) {
        Account owner = persistAccount(db);
        HostedCalendar calendar = persistCalendar(db, owner);
        HostedCalendar other = persistCalendar(db, owner);
        CalendarObject doomed = create(db, calendar, event(uid("doomed"), at("2027-01-01T09:00"), at("2027-01-01T10:00")));
        db.inTransaction(em -> em.persist(new Tombstone(other.getId(), doomed.getName(), 42)));

        long deletedAt = db.inTransactionGet(em -> {
            // CalendarService.delete(account, object, component, ifMatch)
            CalendarStore store = store(em);
            CalendarObject object = store.object(doomed.getId()).orElseThrow();
            HostedCalendar locked = store.lock(owner.getId(), object.getCalendarId());
            store.reread(object);
            assertEquals(Optional.empty(), store.tombstone(calendar.getId(), object.getName()), "no tombstone yet");
            store.remove(locked, object);
            return locked.getCtag();
        });

        assertEquals(3L, deletedAt);
        assertNull(db.read(em -> em.find(CalendarObject.class, doomed.getId())));
        List<Tombstone> found = db.read(em -> tombstones(em, calendar.getId(), doomed.getName()));
        assertEquals(1, found.size());
        assertEquals(doomed.getName(), found.get(0).getName());
        assertEquals(3L, found.get(0).getRevision());
        assertEquals(List.of(42L), db.read(em -> tombstones(em, other.getId(), doomed.getName())).stream()
                .map(Tombstone::getRevision).toList(), "the other calendar's tombstone of the same name");
        assertEquals(List.of(), db.read(em -> tombstones(em, calendar.getId(), "unknown.ics")));

        // the same name taken again, then deleted again: its tombstone leaves, then comes back at that revision
        String text = event(uid("reborn"), at("2027-01-05T09:00"), at("2027-01-05T10:00"));
        CalendarObject reborn = db.inTransactionGet(em -> store(em).add(store(em).lock(owner.getId(), calendar.getId()),
                new CalendarObject(calendar.getId(), doomed.getName()), text, ObjectIndex.of(ICal.parse(text))));
        assertEquals(List.of(), db.read(em -> tombstones(em, calendar.getId(), doomed.getName())), "a live name has no tombstone");
        db.inTransaction(em -> store(em).remove(store(em).lock(owner.getId(), calendar.getId()),
                store(em).object(reborn.getId()).orElseThrow()));
        assertEquals(List.of(5L), db.read(em -> tombstones(em, calendar.getId(), doomed.getName())).stream()
                .map(Tombstone::getRevision).toList(), "deleted again at the calendar's fifth revision");
        assertEquals(42L, db.queryOne(Long.class, "SELECT revision FROM calendar_tombstones WHERE calendar_id = ?", other.getId()));
    }

    @AcrossProviders
    void deletingACalendarTakesItsObjectsTombstonesAndInvitationsOnly(Backend db) {
        Account owner = persistAccount(db);
        HostedCalendar doomed = persistCalendar(db, owner);
        HostedCalendar kept = persistCalendar(db, owner);
        String sharedUid = uid("shared");
        create(db, doomed, event(sharedUid, at("2027-01-01T09:00"), at("2027-01-01T10:00")));
        create(db, doomed, event(uid("second"), at("2027-01-02T09:00"), at("2027-01-02T10:00")));
        CalendarObject keptObject = create(db, kept, event(sharedUid, at("2027-01-01T09:00"), at("2027-01-01T10:00")));
        db.inTransaction(em -> {
            em.persist(new Tombstone(doomed.getId(), "gone-1.ics", 2));
            em.persist(new Tombstone(doomed.getId(), "gone-2.ics", 3));
            em.persist(new Tombstone(kept.getId(), "gone-1.ics", 4));
            // the invitations each calendar received (V11): they refer to their calendar
            for (HostedCalendar c : List.of(doomed, kept)) {
                Invitation invitation = new Invitation(owner.getId(), c.getId(), sharedUid, "alice@example.com", "Alice");
                invitation.changed("REQUEST", 0, null, Invitation.PENDING);
                em.persist(invitation);
            }
        });

        // CalendarService.delete(account, calendar)
        db.inTransaction(em -> store(em).delete(store(em).lock(owner.getId(), doomed.getId())));

        assertNull(db.read(em -> em.find(HostedCalendar.class, doomed.getId())));
        assertEquals(0L, countWhere(db, "calendar_objects", doomed.getId()));
        assertEquals(0L, countWhere(db, "calendar_tombstones", doomed.getId()));
        assertEquals(0L, db.queryOne(Long.class, "SELECT COUNT(*) FROM hosted_calendars WHERE id = ?", doomed.getId()));
        assertEquals(List.of(keptObject.getId()), db.read(em -> ids(store(em).objects(kept.getId()))));
        assertEquals(List.of(4L), db.read(em -> tombstones(em, kept.getId(), "gone-1.ics")).stream()
                .map(Tombstone::getRevision).toList());
        assertEquals(2L, db.read(em -> em.find(HostedCalendar.class, kept.getId())).getCtag(), "one write in the kept calendar");
        assertEquals(0L, db.queryOne(Long.class, "SELECT COUNT(*) FROM invitations WHERE calendar_id = ?", doomed.getId()));
        assertEquals(1L, db.queryOne(Long.class, "SELECT COUNT(*) FROM invitations WHERE calendar_id = ?", kept.getId()));
    }

    // --- 6b. what clients set on a calendar: its components, its kept properties

    @AcrossProviders
    void aTaskListKeepsItsComponentsAndItsPropertiesAsSet(Backend db) {
        Account owner = persistAccount(db);
        HostedCalendar tasks = persistCalendar(db, owner);
        CalendarProperty.Name order = new CalendarProperty.Name("http://apple.com/ns/ical/", "calendar-order");
        CalendarProperty.Name big = new CalendarProperty.Name("urn:" + "n".repeat(240), "l".repeat(CalendarProperty.MAX_NAME));
        String bigValue = "<x:v xmlns:x=\"urn:x\">" + "é".repeat(CalendarProperty.MAX_VALUE - 40) + "</x:v>";
        db.inTransaction(em -> {
            HostedCalendar locked = store(em).lock(owner.getId(), tasks.getId());
            new CalendarChanges().components(List.of(VTODO)).applyTo(locked);
            store(em).keep(locked, java.util.Map.of(order, "<B:calendar-order xmlns:B=\"http://apple.com/ns/ical/\">3</B:calendar-order>",
                    big, bigValue));
        });

        assertEquals(List.of(VTODO), db.read(em -> em.find(HostedCalendar.class, tasks.getId())).getComponents());
        assertEquals("VTODO", db.queryOne(String.class, "SELECT components FROM hosted_calendars WHERE id = ?", tasks.getId()));
        java.util.Map<CalendarProperty.Name, String> kept = new java.util.HashMap<>();
        db.read(em -> store(em).properties(List.of(tasks.getId()))).forEach(p -> kept.put(p.getName(), p.getValue()));
        assertEquals(java.util.Map.of(order, "<B:calendar-order xmlns:B=\"http://apple.com/ns/ical/\">3</B:calendar-order>",
                big, bigValue), kept, "names and values at their bounds, multi-byte characters among them");

        java.util.Map<CalendarProperty.Name, String> changes = new java.util.HashMap<>();
        changes.put(order, "<B:calendar-order xmlns:B=\"http://apple.com/ns/ical/\">5</B:calendar-order>");
        changes.put(big, null);
        db.inTransaction(em -> store(em).keep(store(em).lock(owner.getId(), tasks.getId()), changes));
        assertEquals(List.of("<B:calendar-order xmlns:B=\"http://apple.com/ns/ical/\">5</B:calendar-order>"),
                db.read(em -> store(em).properties(List.of(tasks.getId()))).stream().map(CalendarProperty::getValue).toList(),
                "changed in place, the other removed");

        // past the bounds: refused, nothing kept
        java.util.Map<CalendarProperty.Name, String> many = new java.util.LinkedHashMap<>();
        for (int i = 0; i < CalendarProperty.MAX_COUNT; i++) {
            many.put(new CalendarProperty.Name("urn:many", "p" + i), "<m:p" + i + " xmlns:m=\"urn:many\"/>");
        }
        Refused refused = assertThrows(Refused.class, () -> db.inTransaction(em ->
                store(em).keep(store(em).lock(owner.getId(), tasks.getId()), many)));
        assertEquals(Refused.Kind.TOO_LARGE, refused.kind());
        assertEquals(1, db.read(em -> store(em).properties(List.of(tasks.getId()))).size());

        db.inTransaction(em -> store(em).delete(store(em).lock(owner.getId(), tasks.getId())));
        assertEquals(0L, countWhere(db, "calendar_properties", tasks.getId()), "the calendar's properties go with it");
    }

    // --- 7. one UID per calendar

    @AcrossProviders
    void aUidIsUniqueInItsCalendarOnly(Backend db) {
        Account owner = persistAccount(db);
        HostedCalendar calendar = persistCalendar(db, owner);
        HostedCalendar other = persistCalendar(db, owner);
        String uid = uid("twin");
        CalendarObject original = create(db, calendar, event(uid, at("2027-01-01T09:00"), at("2027-01-01T10:00")));
        String twinText = event(uid, at("2027-02-01T09:00"), at("2027-02-01T10:00"));

        // what create does when two writers of one calendar race past refuseUidConflict
        EntityManager em = db.newEntityManager();
        try {
            em.getTransaction().begin();
            em.persist(CalendarRecords.object(calendar.getId(), twinText, 3));
            PersistenceException refused = assertThrows(PersistenceException.class, em::flush);
            SQLException cause = Failures.sqlCause(refused);
            assertNotNull(cause, () -> "no SQLException in the causes of " + refused);
            assertEquals(UNIQUE_VIOLATION, cause.getSQLState(), () -> "SQLSTATE of " + cause);
            assertTrue(cause.getMessage().toLowerCase(Locale.ROOT).contains("calendar_objects_uid_uk"),
                    () -> "the UID index refused it, not another: " + cause.getMessage());
        } finally {
            closeAll(em);
        }

        CalendarObject inOther = create(db, other, twinText);
        assertEquals(Optional.of(original.getId()), db.read(em2 -> store(em2).otherWithUid(calendar.getId(), uid, null)
                .map(CalendarObject::getId)));
        assertEquals(Optional.of(inOther.getId()), db.read(em2 -> store(em2).otherWithUid(other.getId(), uid, null)
                .map(CalendarObject::getId)));
        assertEquals(Optional.empty(), db.read(em2 -> store(em2).otherWithUid(other.getId(), uid, inOther.getId())),
                "the object itself is no conflict");
        assertEquals(1L, countWhere(db, "calendar_objects", calendar.getId()));
    }

    // --- CalendarService's calls of the store

    private static CalendarStore store(EntityManager em) {
        return new CalendarStore(em);
    }

    private static CalendarObject create(Backend db, HostedCalendar calendar, String text) {
        return create(db, calendar, text, id -> true);
    }

    /** CalendarService.create: lock the calendar, add the object at its next revision. */
    private static CalendarObject create(Backend db, HostedCalendar calendar, String text,
            Predicate<String> acceptableId) {
        return db.inTransactionGet(em -> {
            CalendarStore store = store(em);
            HostedCalendar locked = store.lock(calendar.getAccountId(), calendar.getId());
            return store.add(locked, CalendarRecords.newObject(locked.getId(), acceptableId), text, ObjectIndex.of(ICal.parse(text)));
        });
    }

    /** CalendarService.update: the object, the calendar's lock, the object read again, the write. */
    private static HostedCalendar update(Backend db, HostedCalendar calendar, String objectId, String text) {
        return db.inTransactionGet(em -> {
            CalendarStore store = store(em);
            CalendarObject object = store.object(objectId).orElseThrow();
            HostedCalendar locked = store.lock(calendar.getAccountId(), object.getCalendarId());
            store.reread(object);
            store.rewrite(locked, object, text, ObjectIndex.of(ICal.parse(text)));
            return locked;
        });
    }

    private static List<Tombstone> tombstones(EntityManager em, String calendarId, String name) {
        return store(em).tombstone(calendarId, name).stream().toList();
    }

    // --- fixtures and plain JDBC checks

    private static Account persistAccount(Backend db) {
        Account account = new Account("calendars." + UUID.randomUUID() + "@example.test", "Owner", "hash", Plan.PRO);
        db.inTransaction(em -> em.persist(account));
        return account;
    }

    private static HostedCalendar persistCalendar(Backend db, Account owner) {
        HostedCalendar calendar = new HostedCalendar(owner.getId(), "Calendar " + UUID.randomUUID().toString().substring(0, 8));
        db.inTransaction(em -> em.persist(calendar));
        return calendar;
    }

    private static String uid(String what) {
        return what + "-" + UUID.randomUUID() + "@calendarpipe.test";
    }

    /** A UTC time written without its zone, "2027-03-10T09:00". */
    private static Instant at(String utc) {
        return Instant.parse(utc + ":00Z");
    }

    /** A DESCRIPTION of a few KB, folded as RFC 5545 allows, with two-, three- and four-byte characters. */
    private static String longDescription() {
        String value = "Prüfung\\, Café ☕ 会議室 🎉 – naïve résumé\\; ".repeat(60);
        StringBuilder folded = new StringBuilder("DESCRIPTION:");
        int[] codePoints = value.codePoints().toArray();
        for (int i = 0; i < codePoints.length; i++) {
            if (i > 0 && i % 50 == 0) {
                folded.append("\r\n ");
            }
            folded.appendCodePoint(codePoints[i]);
        }
        return folded.toString();
    }

    private static String sha256Prefix(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> sorted(CalendarObject... objects) {
        return Stream.of(objects).map(CalendarObject::getId).sorted().toList();
    }

    private static List<String> sorted(List<String> ids) {
        return ids.stream().sorted().toList();
    }

    private static long revision(Backend db, CalendarObject object) {
        return db.queryOne(Long.class, "SELECT revision FROM calendar_objects WHERE id = ?", object.getId());
    }

    private static long countWhere(Backend db, String table, String calendarId) {
        return db.queryOne(Long.class, "SELECT COUNT(*) FROM " + table + " WHERE calendar_id = ?", calendarId);
    }

    /** 1 when no transaction holds the calendar's row lock, 0 while one does. */
    private static long unlockedRows(Backend db, String calendarId) {
        return db.queryOne(Long.class,
                "SELECT COUNT(*) FROM (SELECT id FROM hosted_calendars WHERE id = ? FOR UPDATE SKIP LOCKED) free", calendarId);
    }

    /** The column as a JDBC timestamp with time zone; table and column are test constants. */
    private static Instant column(Backend db, String table, String column, String id) {
        return db.queryOne(OffsetDateTime.class, "SELECT " + column + " FROM " + table + " WHERE id = ?", id).toInstant();
    }



    private static void closeAll(EntityManager... ems) {
        for (EntityManager em : ems) {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }
}
