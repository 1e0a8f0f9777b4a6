package com.calendarpipe.persistence;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/**
 * Expands an {@link AcrossProviders} test into one run per provider and database. The
 * {@link Backend}s are built once per run of the whole suite and shared by every test class
 * (a factory costs about a second, migrations included); they are closed, and their
 * databases dropped, when the run ends. Tests keep out of each other's way by creating their
 * own rows (random emails and ids), never by emptying tables.
 */
final class ProviderMatrix implements TestTemplateInvocationContextProvider {

    private static final ExtensionContext.Namespace BACKENDS = ExtensionContext.Namespace.create(ProviderMatrix.class);

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return true;
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        return Arrays.stream(JpaProvider.values())
                .flatMap(provider -> Arrays.stream(TestDatabase.values()).map(database -> new Run(provider, database)));
    }

    /** One provider on one database. */
    private record Run(JpaProvider provider, TestDatabase database)
            implements TestTemplateInvocationContext, BeforeEachCallback, ParameterResolver {

        @Override
        public String getDisplayName(int invocationIndex) {
            return provider.label() + " on " + database.label();
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(this);
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            database.unavailableReason().ifPresent(reason -> Assumptions.abort("Skipped: " + reason));
        }

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Backend.class;
        }

        @Override
        public Backend resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(BACKENDS)
                    .getOrComputeIfAbsent(List.of(provider, database), key -> start(), Backend.class);
        }

        private Backend start() {
            try {
                return Backend.start(provider, database);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("Could not make a " + database.label() + " database for " + provider.label(), e);
            }
        }
    }
}
