package com.calendarpipe.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The databases the product supports, each able to make a throwaway database for one run and
 * to remove it afterwards. H2 is always there (in memory); PostgreSQL only when a server
 * answers on 127.0.0.1:5432 with trust authentication for {@code postgres}, as on the
 * project's machines and CI. A fresh developer machine has none, so its runs are skipped.
 */
public enum TestDatabase {

    H2("H2") {
        @Override
        public Optional<String> unavailableReason() {
            return Optional.empty();
        }

        @Override
        public Throwaway create(String name) {
            JdbcDataSource dataSource = new JdbcDataSource();
            // DB_CLOSE_DELAY=-1: the database outlives each connection, as a server's would
            dataSource.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
            dataSource.setUser("sa");
            return new Throwaway(dataSource, () -> execute(dataSource, "SHUTDOWN"));
        }
    },

    POSTGRESQL("PostgreSQL") {
        @Override
        public Optional<String> unavailableReason() {
            return PostgresProbe.REASON;
        }

        @Override
        public Throwaway create(String name) throws SQLException {
            PGSimpleDataSource admin = postgres("postgres");
            execute(admin, "CREATE DATABASE " + name);
            // FORCE: a connection a provider still holds must not keep the database alive
            return new Throwaway(postgres(name), () -> execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
        }
    };

    private static final Logger LOG = Logger.getLogger(TestDatabase.class.getName());
    private static final String PG_HOST = "127.0.0.1";
    private static final int PG_PORT = 5432;

    private final String label;

    TestDatabase(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Why this database cannot be used on this machine, or empty when it can. */
    public abstract Optional<String> unavailableReason();

    /** A new, empty database named {@code name} (lower case letters, digits and underscores). */
    public abstract Throwaway create(String name) throws SQLException;

    /** A database made for one run; {@link #close()} removes it. */
    public record Throwaway(DataSource dataSource, Removal removal) implements AutoCloseable {
        @Override
        public void close() {
            try {
                removal.remove();
            } catch (SQLException e) {
                // a leftover database is untidy, not a test failure
                LOG.log(Level.WARNING, "Could not remove a test database", e);
            }
        }
    }

    @FunctionalInterface
    public interface Removal {
        void remove() throws SQLException;
    }

    static PGSimpleDataSource postgres(String database) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {PG_HOST});
        dataSource.setPortNumbers(new int[] {PG_PORT});
        dataSource.setDatabaseName(database);
        dataSource.setUser("postgres");
        // a machine without PostgreSQL must cost seconds, not a TCP timeout per test
        dataSource.setConnectTimeout(3);
        dataSource.setLoginTimeout(3);
        return dataSource;
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Asked once per run: is there a PostgreSQL to test on? */
    private static final class PostgresProbe {
        static final Optional<String> REASON = probe();

        private static Optional<String> probe() {
            try (Connection connection = postgres("postgres").getConnection()) {
                return Optional.empty();
            } catch (SQLException e) {
                return Optional.of("no PostgreSQL answers on " + PG_HOST + ":" + PG_PORT + " as user postgres (" + e.getMessage() + ")");
            }
        }
    }
}
