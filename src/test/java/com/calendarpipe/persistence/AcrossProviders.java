package com.calendarpipe.persistence;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test once per {@link JpaProvider} on every {@link TestDatabase}, each run given a
 * {@link Backend} parameter and named after both ("Hibernate on H2"). This is the whole
 * persistence suite's parameterization: a feature's test class (accounts, API keys, later
 * hosted calendars and events) only puts this annotation on its methods.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(ProviderMatrix.class)
public @interface AcrossProviders {
}
