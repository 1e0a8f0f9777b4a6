package com.calendarpipe.persistence;

import jakarta.persistence.SharedCacheMode;
import jakarta.persistence.ValidationMode;
import jakarta.persistence.spi.ClassTransformer;
import jakarta.persistence.spi.PersistenceUnitInfo;
import jakarta.persistence.spi.PersistenceUnitTransactionType;
import java.net.URL;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * The server's unit as a Java SE one: the same classes, cache mode and properties, but
 * RESOURCE_LOCAL on a plain DataSource, and under another name so it can never be mistaken
 * for the server's JTA unit.
 */
final class SeUnit implements PersistenceUnitInfo {

    private final ServerUnit server;
    private final JpaProvider provider;
    private final String database;
    private final DataSource dataSource;

    SeUnit(ServerUnit server, JpaProvider provider, String database, DataSource dataSource) {
        this.server = server;
        this.provider = provider;
        this.database = database;
        this.dataSource = dataSource;
    }

    @Override
    public String getPersistenceUnitName() {
        // one name per database: EclipseLink keeps each deployed unit under its root URL and
        // name for the life of the JVM, so a second factory with the same name would silently
        // reuse the first one's session and database
        return server.name() + "-se-test-" + database;
    }

    @Override
    public String getPersistenceProviderClassName() {
        return provider.className();
    }

    @Override
    public PersistenceUnitTransactionType getTransactionType() {
        return PersistenceUnitTransactionType.RESOURCE_LOCAL;
    }

    @Override
    public DataSource getJtaDataSource() {
        return null;
    }

    @Override
    public DataSource getNonJtaDataSource() {
        return dataSource;
    }

    @Override
    public List<String> getMappingFileNames() {
        return List.of();
    }

    @Override
    public List<URL> getJarFileUrls() {
        return List.of();
    }

    @Override
    public URL getPersistenceUnitRootUrl() {
        // the root of src/main's classes, where the server's persistence.xml lives
        return rootOf(server.managedClasses().get(0));
    }

    private static URL rootOf(String className) {
        try {
            return Class.forName(className).getProtectionDomain().getCodeSource().getLocation();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Managed class " + className + " is not on the classpath", e);
        }
    }

    @Override
    public List<String> getManagedClassNames() {
        return server.managedClasses();
    }

    @Override
    public boolean excludeUnlistedClasses() {
        return true;
    }

    @Override
    public SharedCacheMode getSharedCacheMode() {
        return server.sharedCacheMode();
    }

    @Override
    public ValidationMode getValidationMode() {
        // the entities carry no constraints, and Java SE has no Bean Validation provider here
        return ValidationMode.NONE;
    }

    @Override
    public Properties getProperties() {
        Properties properties = new Properties();
        properties.putAll(server.properties());
        // the Flyway migrations own the schema here as on the server
        properties.put("jakarta.persistence.schema-generation.database.action", "none");
        properties.put("jakarta.persistence.validation.mode", "NONE");
        properties.putAll(provider.vendorProperties());
        return properties;
    }

    @Override
    public String getPersistenceXMLSchemaVersion() {
        return "3.0";
    }

    @Override
    public ClassLoader getClassLoader() {
        return SeUnit.class.getClassLoader();
    }

    @Override
    public void addTransformer(ClassTransformer transformer) {
        // no bytecode enhancement in Java SE tests (EclipseLink's weaving is off)
    }

    @Override
    public ClassLoader getNewTempClassLoader() {
        return getClassLoader();
    }
}
