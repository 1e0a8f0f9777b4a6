package com.calendarpipe.scheduling;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.util.UUID;

/** A deleted inbox message's name and the revision that deleted it, for sync (RFC 6578); names are never reused. */
@Entity
@Table(name = "schedule_inbox_tombstones")
@NamedQuery(name = "InboxTombstone.since", query = """
        SELECT t FROM InboxTombstone t WHERE t.accountId = :account AND t.revision > :since ORDER BY t.revision""")
public class InboxTombstone {

    @Id
    @Column(length = 36)
    private String id;

    @Column(name = "account_id", nullable = false, length = 36)
    private String accountId;

    @Column(nullable = false, length = 64)
    private String name;

    @Column(nullable = false)
    private long revision;

    protected InboxTombstone() {
    }

    InboxTombstone(String accountId, String name, long revision) {
        this.id = UUID.randomUUID().toString();
        this.accountId = accountId;
        this.name = name;
        this.revision = revision;
    }

    public String getName() {
        return name;
    }

    public long getRevision() {
        return revision;
    }
}
