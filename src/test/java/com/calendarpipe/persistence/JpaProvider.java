package com.calendarpipe.persistence;

import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.SharedCacheMode;
import jakarta.persistence.spi.PersistenceProvider;
import jakarta.persistence.spi.PersistenceUnitInfo;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Jakarta Persistence providers the product must run on. All vendor settings of the suite
 * live here, and only here: the product's own unit carries none.
 */
public enum JpaProvider {

    /** The server's provider (WildFly 39 ships this same version). */
    HIBERNATE("Hibernate", org.hibernate.jpa.HibernatePersistenceProvider::new, Map.of()),

    /** The reference implementation, as GlassFish and Payara would run the WAR. */
    ECLIPSELINK("EclipseLink", org.eclipse.persistence.jpa.PersistenceProvider::new, Map.of(
            // a container would weave through PersistenceUnitInfo.addTransformer; Java SE
            // without an agent cannot, so EclipseLink must not expect woven classes
            "eclipselink.weaving", "false",
            // its default INFO logs every login; failures still show at WARNING
            "eclipselink.logging.level", "WARNING"));

    private final String label;
    private final Supplier<PersistenceProvider> implementation;
    private final Map<String, String> vendorProperties;

    JpaProvider(String label, Supplier<PersistenceProvider> implementation, Map<String, String> vendorProperties) {
        this.label = label;
        this.implementation = implementation;
        this.vendorProperties = vendorProperties;
    }

    public String label() {
        return label;
    }

    String className() {
        return implementation.get().getClass().getName();
    }

    Map<String, String> vendorProperties() {
        return vendorProperties;
    }

    /**
     * Whether entities read in one transaction are served from memory in the next. Hibernate
     * caches only with a second-level cache configured and entities marked {@code @Cacheable}
     * (none are); EclipseLink caches every entity unless the unit says NONE or
     * ENABLE_SELECTIVE.
     */
    boolean cachesEntities(SharedCacheMode mode) {
        return this == ECLIPSELINK && mode != SharedCacheMode.NONE && mode != SharedCacheMode.ENABLE_SELECTIVE;
    }

    /** Bootstraps as a container would: from a unit description, not from a persistence.xml. */
    EntityManagerFactory open(PersistenceUnitInfo unit) {
        return implementation.get().createContainerEntityManagerFactory(unit, Map.of());
    }
}
