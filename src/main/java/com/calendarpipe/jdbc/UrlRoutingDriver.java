package com.calendarpipe.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * Hands each connection URL to the driver for its database: {@code jdbc:postgresql:} to
 * PostgreSQL's, {@code jdbc:h2:} to H2's. WildFly binds a datasource to one driver by name,
 * and the datasource's URL comes from the environment at boot; with this driver the URL
 * alone decides, so an operator sets CALENDARPIPE_DB_URL, _USER and _PASSWORD and nothing else.
 * The real drivers are loaded from this module's dependencies (org.postgresql, com.h2database.h2).
 */
public final class UrlRoutingDriver implements Driver {

    private static final String POSTGRESQL = "jdbc:postgresql:";
    private static final String H2 = "jdbc:h2:";

    private static Driver target(String url) throws SQLException {
        String className;
        if (url != null && url.startsWith(POSTGRESQL)) {
            className = "org.postgresql.Driver";
        } else if (url != null && url.startsWith(H2)) {
            className = "org.h2.Driver";
        } else {
            throw new SQLException("CalendarPipe supports jdbc:postgresql: and jdbc:h2: URLs only");
        }
        try {
            return (Driver) Class.forName(className, true, UrlRoutingDriver.class.getClassLoader())
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new SQLException("JDBC driver " + className + " is not installed", e);
        }
    }

    /**
     * How long a statement waits for a lock before its transaction is given up (and answered
     * 503, try again). PostgreSQL waits forever by default: a row lock held by a node that
     * stalls mid-transaction (a long pause, a frozen VM) would hang every write of that row on
     * every other node, a revoke included, until the stalled node moved again. H2's default is
     * 2 s; one value for both keeps the databases alike.
     */
    static final int LOCK_TIMEOUT_MILLIS = 10_000;

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Connection connection = target(url).connect(url, info);
        try (Statement statement = connection.createStatement()) {
            statement.execute(url.startsWith(POSTGRESQL)
                    ? "SET lock_timeout = " + LOCK_TIMEOUT_MILLIS
                    : "SET LOCK_TIMEOUT " + LOCK_TIMEOUT_MILLIS);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && (url.startsWith(POSTGRESQL) || url.startsWith(H2));
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        return target(url).getPropertyInfo(url, info);
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }
}
