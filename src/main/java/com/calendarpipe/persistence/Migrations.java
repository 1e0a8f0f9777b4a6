package com.calendarpipe.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema up to date when the application is deployed, before any request is
 * served. The SQL files under {@code db/migration} own the schema on every database; the
 * JPA provider never generates DDL.
 */
@Singleton
@Startup
// Flyway commits each migration itself; a container transaction around it would forbid that.
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Migrations {

    @Resource
    DataSource dataSource;

    /** The schema version the migrations reached; null until they completed (the readiness probe reports it). */
    private volatile String schemaVersion;

    @PostConstruct
    void migrate() {
        MigrateResult result = Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        // targetSchemaVersion is null when nothing was applied: the database was already current
        schemaVersion = result.targetSchemaVersion != null ? result.targetSchemaVersion
                : result.initialSchemaVersion;
    }

    @Lock(LockType.READ)
    public String schemaVersion() {
        return schemaVersion;
    }
}
