package com.calendarpipe.scheduling;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An account's scheduling inbox revision (RFC 6578 on the inbox): it moves on every delivery
 * and every deletion, whose transactions take this row's lock first, so the inbox's changes are
 * numbered in the order they commit and a sync token never skips one. An account without a row
 * is at revision 1.
 */
@Entity
@Table(name = "schedule_inbox_state")
public class InboxState {

    @Id
    @Column(name = "account_id", length = 36)
    private String accountId;

    @Column(nullable = false)
    private long revision;

    protected InboxState() {
    }

    InboxState(String accountId) {
        this.accountId = accountId;
        this.revision = 1;
    }

    /** Records a change; returns its revision. */
    long bump() {
        return ++revision;
    }

    long getRevision() {
        return revision;
    }
}
