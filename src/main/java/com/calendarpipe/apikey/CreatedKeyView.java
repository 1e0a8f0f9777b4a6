package com.calendarpipe.apikey;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.time.Instant;

/** The creation (or rotation) response: the only response that ever carries the full key. */
@JsonbPropertyOrder({"id", "name", "prefix", "key", "createdAt", "lastUsedAt", "revokedAt", "revokesAt"})
public record CreatedKeyView(String id, String name, String prefix, String key, Instant createdAt,
                             Instant lastUsedAt, Instant revokedAt, Instant revokesAt) {

    static CreatedKeyView from(ApiKeyService.Created created) {
        ApiKey record = created.record();
        return new CreatedKeyView(record.getId(), record.getName(), record.getPrefix(), created.key(),
                record.getCreatedAt(), record.getLastUsedAt(), record.getRevokedAt(), record.getRevokesAt());
    }
}
