package com.calendarpipe.persistence;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.SharedCacheMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.flywaydb.core.Flyway;

/**
 * One provider on one throwaway database whose schema the product's Flyway migrations built:
 * what a test of the persistence suite is handed. Transactions are RESOURCE_LOCAL and each
 * helper opens and closes its own EntityManager, the Java SE equivalent of one
 * {@code @Stateless} service call with its transaction-scoped persistence context.
 */
public final class Backend implements AutoCloseable {

    private final JpaProvider provider;
    private final TestDatabase database;
    private final TestDatabase.Throwaway throwaway;
    private final EntityManagerFactory factory;
    private final SharedCacheMode sharedCacheMode;

    private Backend(JpaProvider provider, TestDatabase database, TestDatabase.Throwaway throwaway,
            EntityManagerFactory factory, SharedCacheMode sharedCacheMode) {
        this.provider = provider;
        this.database = database;
        this.throwaway = throwaway;
        this.factory = factory;
        this.sharedCacheMode = sharedCacheMode;
    }

    /** A new database for {@code provider}, migrated as the server migrates at deployment. */
    static Backend start(JpaProvider provider, TestDatabase database) throws SQLException {
        // each provider gets its own database: neither ever reads rows the other wrote
        String name = "cp_it_" + UUID.randomUUID().toString().substring(0, 8) + "_" + provider.name().toLowerCase(Locale.ROOT);
        TestDatabase.Throwaway throwaway = database.create(name);
        try {
            Flyway.configure(Backend.class.getClassLoader())
                    .dataSource(throwaway.dataSource())
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            ServerUnit server = ServerUnit.read();
            EntityManagerFactory factory = provider.open(new SeUnit(server, provider, name, throwaway.dataSource()));
            return new Backend(provider, database, throwaway, factory, server.sharedCacheMode());
        } catch (RuntimeException | Error e) {
            // a provider that cannot boot often fails with a linkage Error: drop the database anyway
            throwaway.close();
            throw e;
        }
    }

    public JpaProvider provider() {
        return provider;
    }

    public TestDatabase database() {
        return database;
    }

    /** Runs {@code work} in one committed transaction, as a REQUIRED service method would. */
    public void inTransaction(Consumer<EntityManager> work) {
        inTransactionGet(em -> {
            work.accept(em);
            return null;
        });
    }

    /** Runs {@code work} in one committed transaction and returns its result. */
    public <T> T inTransactionGet(Function<EntityManager, T> work) {
        EntityManager em = factory.createEntityManager();
        EntityTransaction transaction = em.getTransaction();
        try {
            transaction.begin();
            T result = work.apply(em);
            transaction.commit();
            return result;
        } finally {
            if (transaction.isActive()) {
                transaction.rollback();
            }
            em.close();
        }
    }

    /**
     * Reads what the database holds, with no transaction (a SUPPORTS method) and nothing
     * remembered from earlier writes: the shared cache is emptied first, because EclipseLink
     * keeps one by default and would otherwise answer from memory, not from the database.
     * The EntityManager is closed before the result is returned, as after a service call:
     * under Hibernate a lazy association that the query did not load fails when touched.
     */
    public <T> T read(Function<EntityManager, T> work) {
        factory.getCache().evictAll();
        return nextRequest(work);
    }

    /**
     * Runs {@code work} as the next request on this node would: a new persistence context and
     * no transaction, but whatever the provider keeps in its shared cache stays there.
     */
    public <T> T nextRequest(Function<EntityManager, T> work) {
        EntityManager em = factory.createEntityManager();
        try {
            return work.apply(em);
        } finally {
            em.close();
        }
    }

    /**
     * Whether this provider, with the server unit's shared-cache-mode, answers entity reads
     * from a cache shared across transactions, so that a change made by another node (or
     * by SQL) stays invisible until it is evicted.
     */
    public boolean cachesEntitiesAcrossTransactions() {
        return provider.cachesEntities(sharedCacheMode);
    }

    /** An EntityManager the test manages itself, for interleaving two transactions. */
    public EntityManager newEntityManager() {
        return factory.createEntityManager();
    }

    /** The single value of the first row of {@code sql}, read with plain JDBC as {@code type}. */
    public <T> T queryOne(Class<T> type, String sql, Object... arguments) {
        return jdbc(connection -> {
            try (PreparedStatement statement = prepare(connection, sql, arguments); ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new AssertionError("No row for " + sql);
                }
                return rows.getObject(1, type);
            }
        });
    }

    /** Runs one statement with plain JDBC, behind the provider's back, as another node would. */
    public int execute(String sql, Object... arguments) {
        return jdbc(connection -> {
            try (PreparedStatement statement = prepare(connection, sql, arguments)) {
                return statement.executeUpdate();
            }
        });
    }

    private <T> T jdbc(SqlWork<T> work) {
        try (Connection connection = throwaway.dataSource().getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + this, e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... arguments) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < arguments.length; i++) {
            statement.setObject(i + 1, arguments[i]);
        }
        return statement;
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    @Override
    public void close() {
        try {
            factory.close();
        } finally {
            throwaway.close();
        }
    }

    @Override
    public String toString() {
        return provider.label() + " on " + database.label();
    }
}
