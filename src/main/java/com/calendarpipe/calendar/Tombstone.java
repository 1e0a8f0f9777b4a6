package com.calendarpipe.calendar;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.util.UUID;

/** A deleted object's name and the revision that deleted it, for sync (RFC 6578). */
@Entity
@Table(name = "calendar_tombstones")
@NamedQuery(name = "Tombstone.byName", query = """
        SELECT t FROM Tombstone t WHERE t.calendarId = :calendar AND t.name = :name""")
@NamedQuery(name = "Tombstone.since", query = """
        SELECT t FROM Tombstone t WHERE t.calendarId = :calendar AND t.revision > :since ORDER BY t.revision""")
@NamedQuery(name = "Tombstone.deleteOfCalendar", query = """
        DELETE FROM Tombstone t WHERE t.calendarId = :calendar""")
public class Tombstone {

    @Id
    @Column(length = 36)
    private String id;

    @Column(name = "calendar_id", nullable = false, length = 36)
    private String calendarId;

    @Column(nullable = false, length = 255)
    private String name;

    @Column(nullable = false)
    private long revision;

    protected Tombstone() {
    }

    Tombstone(String calendarId, String name, long revision) {
        this.id = UUID.randomUUID().toString();
        this.calendarId = calendarId;
        this.name = name;
        this.revision = revision;
    }

    void deletedAgain(long revision) {
        this.revision = revision;
    }

    public String getName() {
        return name;
    }

    public long getRevision() {
        return revision;
    }
}
