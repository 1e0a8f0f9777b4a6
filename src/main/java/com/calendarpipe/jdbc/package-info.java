/**
 * Not part of the application: a JDBC driver packaged by the build as its own server
 * module (see pom.xml and wildfly-config/datasource.cli), so that the one datasource can
 * follow {@code CALENDARPIPE_DB_URL} to H2 or PostgreSQL without a separate driver setting.
 */
package com.calendarpipe.jdbc;
