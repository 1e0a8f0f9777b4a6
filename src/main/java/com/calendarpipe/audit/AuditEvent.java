package com.calendarpipe.audit;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.StringReader;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One security event of an account. Invariants: written once and never changed (only the purge
 * deletes it, by age); it never holds a full key or a password: a key is named by its id and
 * prefix, the user agent is tamed as last-used's is (apikey/LastUse), and {@code details} is a
 * JSON object of strings that the recording code fills with names, never secrets.
 * <p>
 * Listed newest first by {@code at}, ties broken by {@code id}; a page continues after the
 * last entry shown ({@code before}), found again by its own time and id.
 * A filter left out is bound as the empty string, not null: PostgreSQL cannot type a null parameter.
 */
@Entity
@Table(name = "audit_events")
@NamedQuery(name = "AuditEvent.ofAccount", query = """
        SELECT e FROM AuditEvent e WHERE e.accountId = :account
        AND (:type = '' OR e.type = :type) AND (:keyId = '' OR e.keyId = :keyId)
        ORDER BY e.at DESC, e.id DESC""")
@NamedQuery(name = "AuditEvent.ofAccountBefore", query = """
        SELECT e FROM AuditEvent e WHERE e.accountId = :account
        AND (:type = '' OR e.type = :type) AND (:keyId = '' OR e.keyId = :keyId)
        AND (e.at < :at OR (e.at = :at AND e.id < :id))
        ORDER BY e.at DESC, e.id DESC""")
@NamedQuery(name = "AuditEvent.purge", query = "DELETE FROM AuditEvent e WHERE e.at < :cutoff")
public class AuditEvent {

    /** The widest {@code details} column. */
    static final int MAX_DETAILS = 2000;
    /** The longest value of one detail: room for a URL, never a body. */
    static final int MAX_DETAIL_VALUE = 500;

    @Id
    @Column(length = 36)
    private String id;

    @Column(name = "account_id", nullable = false, length = 36)
    private String accountId;

    @Column(nullable = false, length = 32)
    private String type;

    @Column(nullable = false)
    private Instant at;

    @Column(length = 45)
    private String ip;

    @Column(name = "user_agent", length = 256)
    private String userAgent;

    @Column(name = "key_id", length = 36)
    private String keyId;

    @Column(name = "key_prefix", length = 9)
    private String keyPrefix;

    @Column(nullable = false, length = MAX_DETAILS)
    private String details;

    protected AuditEvent() {
    }

    AuditEvent(String accountId, AuditType type, Instant at, String ip, String userAgent,
               String keyId, String keyPrefix, Map<String, String> details) {
        this.id = UUID.randomUUID().toString();
        this.accountId = accountId;
        this.type = type.code();
        this.at = at.truncatedTo(ChronoUnit.MICROS);
        this.ip = ip;
        this.userAgent = userAgent;
        this.keyId = keyId;
        this.keyPrefix = keyPrefix;
        this.details = json(details);
    }

    /** The details as a JSON object of strings, each value cut to {@link #MAX_DETAIL_VALUE}. */
    static String json(Map<String, String> details) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        if (details != null) {
            details.forEach((name, value) -> {
                if (value != null) {
                    json.add(name, value.length() <= MAX_DETAIL_VALUE ? value : value.substring(0, MAX_DETAIL_VALUE));
                }
            });
        }
        String text = json.build().toString();
        return text.length() <= MAX_DETAILS ? text : "{}";
    }

    public String getId() {
        return id;
    }

    public String getAccountId() {
        return accountId;
    }

    public String getType() {
        return type;
    }

    public Instant getAt() {
        return at;
    }

    public String getIp() {
        return ip;
    }

    public String getUserAgent() {
        return userAgent;
    }

    public String getKeyId() {
        return keyId;
    }

    public String getKeyPrefix() {
        return keyPrefix;
    }

    /** The details, in the order they were recorded. */
    public Map<String, String> getDetails() {
        Map<String, String> map = new LinkedHashMap<>();
        try (var reader = Json.createReader(new StringReader(details))) {
            JsonObject object = reader.readObject();
            object.forEach((name, value) -> map.put(name,
                    value.getValueType() == JsonValue.ValueType.STRING ? ((JsonString) value).getString() : value.toString()));
        }
        return map;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AuditEvent that && Objects.equals(id, that.id);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(id);
    }
}
