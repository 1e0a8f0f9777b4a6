package com.calendarpipe.ops;

import com.calendarpipe.persistence.Migrations;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Part of {@code /health/ready}: the application can serve only when its database answers and
 * its schema is the one it was built for. Each probe runs {@code SELECT 1} on a connection from
 * the application's datasource (so a database that is down, refuses connections or lost its
 * connections makes the probe DOWN), and reports the schema version Flyway brought the database
 * to when the application started ({@link Migrations}); no migrations, no readiness. The
 * liveness probe has no check of the application's: a database outage must take the node out
 * of the load balancer, not get it restarted.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    /** Seconds a probe waits for the database; load balancers' probes time out at a few seconds. */
    private static final int TIMEOUT_SECONDS = 2;

    @Resource
    DataSource dataSource;

    @Inject
    Migrations migrations;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("database");
        String schema = migrations.schemaVersion();
        if (schema == null) {
            return response.down().withData("schema", "not migrated").build();
        }
        response.withData("schema", schema);
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(TIMEOUT_SECONDS);
            try (ResultSet result = statement.executeQuery("SELECT 1")) {
                return (result.next() && result.getInt(1) == 1 ? response.up() : response.down()).build();
            }
        } catch (SQLException e) {
            // the SQL state says which kind of failure (08…: connection); the message may name hosts
            return response.down().withData("error", "SQLState " + e.getSQLState()).build();
        }
    }
}
