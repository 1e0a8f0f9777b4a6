package com.calendarpipe.persistence;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Maps {@link Instant} to a {@code TIMESTAMP WITH TIME ZONE} column through
 * {@link OffsetDateTime}, a type Jakarta Persistence 3.1 requires of every provider.
 * Persistence 3.1 does not list {@code Instant}; EclipseLink 4 would silently serialize it
 * into a binary column, so every entity timestamp goes through here.
 */
@Converter(autoApply = true)
public class InstantConverter implements AttributeConverter<Instant, OffsetDateTime> {

    @Override
    public OffsetDateTime convertToDatabaseColumn(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    @Override
    public Instant convertToEntityAttribute(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
