package com.calendarpipe.calendar;

import com.calendarpipe.Refused;
import com.calendarpipe.persistence.LockWaits;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The calendar store's queries and its lock, on the caller's {@link EntityManager}: it joins
 * whatever transaction is running ({@link CalendarService}'s in the server; the persistence
 * suite's own under each JPA provider), and begins none. Another account's calendar is
 * "not found", never "forbidden".
 */
public final class CalendarStore {

    private final EntityManager em;

    public CalendarStore(EntityManager em) {
        this.em = em;
    }

    // --- calendars

    /** The account's calendars, oldest first. */
    public List<HostedCalendar> calendarsOf(String accountId) {
        return em.createNamedQuery("HostedCalendar.ofAccount", HostedCalendar.class)
                .setParameter("account", accountId)
                .getResultList();
    }

    /** Whether the calendar exists and is the account's. */
    public boolean owns(String accountId, String calendarId) {
        HostedCalendar calendar = em.find(HostedCalendar.class, calendarId);
        return calendar != null && calendar.getAccountId().equals(accountId);
    }

    /** The account's calendar with this id, else 404. */
    public HostedCalendar calendar(String accountId, String calendarId) {
        return owned(accountId, em.find(HostedCalendar.class, calendarId));
    }

    public Optional<HostedCalendar> byFeedToken(String token) {
        return first(em.createNamedQuery("HostedCalendar.byFeedToken", HostedCalendar.class)
                .setParameter("token", token)
                .getResultList());
    }

    public Optional<HostedCalendar> byMailId(String mailId) {
        return first(em.createNamedQuery("HostedCalendar.byMailId", HostedCalendar.class)
                .setParameter("mailId", mailId)
                .getResultList());
    }

    /** The account's calendar whose CalDAV collection has this name (its id, or the name a client chose). */
    public Optional<HostedCalendar> collection(String accountId, String name) {
        return first(em.createNamedQuery("HostedCalendar.byCollection", HostedCalendar.class)
                .setParameter("account", accountId)
                .setParameter("name", name)
                .getResultList());
    }

    /**
     * The account's calendar, row-locked until commit and read afresh under the lock: every
     * write of a calendar or its objects takes it first, so the writes of one calendar happen
     * one after another. A refresh rather than a locking find, because a find of an entity
     * already in the persistence context would lock the row but keep the state read before.
     */
    public HostedCalendar lock(String accountId, String calendarId) {
        HostedCalendar calendar = calendar(accountId, calendarId);
        try {
            em.refresh(calendar, LockModeType.PESSIMISTIC_WRITE);
        } catch (PersistenceException e) {
            // two writes that each hold one calendar and wait for the other's (an organizer's
            // invitation crossing an attendee's reply): the database gave this one up
            throw LockWaits.refusal(e, "The calendar is busy with another change; try again").orElseThrow(() -> e);
        }
        return owned(accountId, calendar);
    }

    /** Deletes a (locked) calendar with its objects, sync history, kept properties and invitations. */
    public void delete(HostedCalendar calendar) {
        em.createNamedQuery("CalendarObject.deleteOfCalendar").setParameter("calendar", calendar.getId()).executeUpdate();
        em.createNamedQuery("Tombstone.deleteOfCalendar").setParameter("calendar", calendar.getId()).executeUpdate();
        em.createNamedQuery("CalendarProperty.deleteOfCalendar").setParameter("calendar", calendar.getId()).executeUpdate();
        // the invitations it received (invitations/Invitation), which refer to it
        em.createNamedQuery("Invitation.deleteOfCalendar").setParameter("calendar", calendar.getId()).executeUpdate();
        em.remove(calendar);
    }

    /** The properties kept on these calendars ({@link CalendarProperty}), by calendar, then by name. */
    public List<CalendarProperty> properties(Collection<String> calendarIds) {
        if (calendarIds.isEmpty()) {
            return List.of();
        }
        return em.createNamedQuery("CalendarProperty.ofCalendars", CalendarProperty.class)
                .setParameter("calendars", calendarIds)
                .getResultList();
    }

    /**
     * Keeps, changes or removes (a null value) properties of a (locked, written) calendar; 507's
     * kind of refusal (too large) past the bounds of {@link CalendarProperty}, nothing changed.
     */
    public void keep(HostedCalendar calendar, Map<CalendarProperty.Name, String> changes) {
        if (changes.isEmpty()) {
            return;
        }
        Map<CalendarProperty.Name, CalendarProperty> kept = new LinkedHashMap<>();
        properties(List.of(calendar.getId())).forEach(p -> kept.put(p.getName(), p));
        Map<CalendarProperty.Name, String> after = new LinkedHashMap<>();
        kept.forEach((name, p) -> after.put(name, p.getValue()));
        changes.forEach((name, value) -> {
            if (value == null) {
                after.remove(name);
            } else {
                after.put(name, value);
            }
        });
        if (!after.keySet().stream().allMatch(CalendarProperty.Name::fits) || !CalendarProperty.fit(after.values())) {
            throw new Refused(Refused.Kind.TOO_LARGE, "A calendar keeps at most " + CalendarProperty.MAX_COUNT
                    + " properties of " + CalendarProperty.MAX_TOTAL + " characters");
        }
        changes.forEach((name, value) -> {
            CalendarProperty old = kept.get(name);
            if (value == null) {
                if (old != null) {
                    em.remove(old);
                }
            } else if (old != null) {
                old.setValue(value);
            } else {
                em.persist(new CalendarProperty(calendar.getId(), name, value));
            }
        });
    }

    public void add(HostedCalendar calendar) {
        em.persist(calendar);
    }

    // --- objects

    public Optional<CalendarObject> object(String objectId) {
        return Optional.ofNullable(em.find(CalendarObject.class, objectId));
    }

    public Optional<CalendarObject> objectByName(String calendarId, String name) {
        return first(em.createNamedQuery("CalendarObject.byName", CalendarObject.class)
                .setParameter("calendar", calendarId)
                .setParameter("name", name)
                .getResultList());
    }

    /** The objects of a calendar among the given names (calendar-multiget). */
    public List<CalendarObject> objectsByName(String calendarId, Collection<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        return em.createNamedQuery("CalendarObject.byNames", CalendarObject.class)
                .setParameter("calendar", calendarId)
                .setParameter("names", names)
                .getResultList();
    }

    /** Another object of the calendar with this UID than {@code objectId} (null: any object). */
    public Optional<CalendarObject> otherWithUid(String calendarId, String uid, String objectId) {
        return em.createNamedQuery("CalendarObject.byUid", CalendarObject.class)
                .setParameter("calendar", calendarId)
                .setParameter("uid", uid)
                .getResultList()
                .stream()
                .filter(o -> !o.getId().equals(objectId))
                .findFirst();
    }

    /** Every object of a calendar, by first start. */
    public List<CalendarObject> objects(String calendarId) {
        return em.createNamedQuery("CalendarObject.all", CalendarObject.class)
                .setParameter("calendar", calendarId)
                .getResultList();
    }

    /**
     * The summaries of a calendar's objects, in the order of {@link #objects}, without their texts;
     * without {@code details}, only their names and ETags (each column read costs, per row).
     */
    public List<ObjectSummary> summaries(String calendarId, boolean details) {
        return em.createNamedQuery(details ? "CalendarObject.summaries" : "CalendarObject.etags", ObjectSummary.class)
                .setParameter("calendar", calendarId)
                .getResultList();
    }

    /** A page of the calendars' objects of one component type (VEVENT, VTODO), by first start. */
    public List<CalendarObject> page(Collection<String> calendarIds, String component, int offset, int limit) {
        if (calendarIds.isEmpty()) {
            return List.of();   // "IN ()" is a syntax error on PostgreSQL under EclipseLink
        }
        return em.createNamedQuery("CalendarObject.page", CalendarObject.class)
                .setParameter("calendars", calendarIds)
                .setParameter("component", component)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
    }

    public long count(Collection<String> calendarIds, String component) {
        if (calendarIds.isEmpty()) {
            return 0;
        }
        return em.createNamedQuery("CalendarObject.count", Long.class)
                .setParameter("calendars", calendarIds)
                .setParameter("component", component)
                .getSingleResult();
    }

    /**
     * The objects that may have an instance in [start, end): a superset, from the indexed span
     * alone. Short objects come from a range of the window index bounded on both sides, long
     * ones (recurring, multi-day) by overlap; the caller checks the exact instances.
     */
    public List<CalendarObject> candidates(Collection<String> calendarIds, String component, Instant start, Instant end) {
        if (calendarIds.isEmpty()) {
            return List.of();
        }
        List<CalendarObject> found = new ArrayList<>(em.createNamedQuery("CalendarObject.shortInWindow", CalendarObject.class)
                .setParameter("calendars", calendarIds)
                .setParameter("component", component)
                .setParameter("earliest", start.minus(ObjectIndex.LONG_SPAN))
                .setParameter("start", start)
                .setParameter("end", end)
                .getResultList());
        found.addAll(em.createNamedQuery("CalendarObject.longInWindow", CalendarObject.class)
                .setParameter("calendars", calendarIds)
                .setParameter("component", component)
                .setParameter("start", start)
                .setParameter("end", end)
                .getResultList());
        return found;
    }

    /**
     * Writes a new object into its (locked) calendar at the calendar's next revision; a name
     * deleted earlier and now taken again leaves the sync history's deleted names.
     */
    public CalendarObject add(HostedCalendar calendar, CalendarObject object, String text, ObjectIndex index) {
        object.write(text, index, calendar.bump());
        tombstone(calendar.getId(), object.getName()).ifPresent(em::remove);
        em.persist(object);
        em.flush();
        return object;
    }

    /**
     * Rewrites an object of its (locked) calendar at the calendar's next revision; 409 when the
     * object changed since it was read ({@code @Version}).
     */
    public CalendarObject rewrite(HostedCalendar calendar, CalendarObject object, String text, ObjectIndex index) {
        object.write(text, index, calendar.bump());
        try {
            em.flush();
        } catch (OptimisticLockException e) {
            throw Refused.conflict("The resource was changed by another request; read it again and retry");
        }
        return object;
    }

    /** The object as last committed: read again after the calendar's lock, before it is changed. */
    public void reread(CalendarObject object) {
        em.refresh(object);
    }

    /** Deletes an object of its (locked) calendar, leaving its name in the sync history at the new revision. */
    public void remove(HostedCalendar calendar, CalendarObject object) {
        long revision = calendar.bump();
        em.remove(object);
        tombstone(calendar.getId(), object.getName()).ifPresentOrElse(t -> t.deletedAgain(revision),
                () -> em.persist(new Tombstone(calendar.getId(), object.getName(), revision)));
    }

    /** Changes after a revision (RFC 6578): objects written since, and names deleted since. */
    public record Changes(List<CalendarObject> written, List<Tombstone> deleted) {
    }

    public Changes changesSince(String calendarId, long revision) {
        return new Changes(
                em.createNamedQuery("CalendarObject.changedSince", CalendarObject.class)
                        .setParameter("calendar", calendarId).setParameter("since", revision).getResultList(),
                em.createNamedQuery("Tombstone.since", Tombstone.class)
                        .setParameter("calendar", calendarId).setParameter("since", revision).getResultList());
    }

    Optional<Tombstone> tombstone(String calendarId, String name) {
        return first(em.createNamedQuery("Tombstone.byName", Tombstone.class)
                .setParameter("calendar", calendarId)
                .setParameter("name", name)
                .getResultList());
    }

    private static HostedCalendar owned(String accountId, HostedCalendar calendar) {
        if (calendar == null || !calendar.getAccountId().equals(accountId)) {
            throw Refused.notFound("Calendar");
        }
        return calendar;
    }

    private static <T> Optional<T> first(List<T> results) {
        return results.stream().findFirst();
    }
}
