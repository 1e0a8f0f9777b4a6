package com.calendarpipe.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.dmr.ModelNode;

/**
 * Changes an operator setting on the running test server the way an operator can: as a
 * {@code calendarpipe.*} system property through the management model (see Settings).
 */
public final class ServerSettings implements AutoCloseable {

    private final ManagementClient management;
    private final String property;

    private ServerSettings(ManagementClient management, String property) {
        this.management = management;
        this.property = property;
    }

    /** Sets {@code calendarpipe.<name>} until the returned handle is closed. */
    public static ServerSettings set(ManagementClient management, String name, String value) {
        ServerSettings setting = new ServerSettings(management, "calendarpipe." + name);
        ModelNode add = setting.operation("add");
        add.get("value").set(value);
        setting.execute(add);
        return setting;
    }

    @Override
    public void close() {
        execute(operation("remove"));
    }

    private ModelNode operation(String name) {
        ModelNode operation = new ModelNode();
        operation.get("operation").set(name);
        operation.get("address").add("system-property", property);
        return operation;
    }

    private void execute(ModelNode operation) {
        try {
            ModelNode result = management.getControllerClient().execute(operation);
            if (!"success".equals(result.get("outcome").asString())) {
                throw new IllegalStateException("management operation failed: " + result);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
