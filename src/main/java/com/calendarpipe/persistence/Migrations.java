package com.calendarpipe.persistence;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

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

    @PostConstruct
    void migrate() {
        Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }
}
