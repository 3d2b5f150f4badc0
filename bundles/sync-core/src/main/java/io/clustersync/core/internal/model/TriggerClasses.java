package io.clustersync.core.internal.model;

import org.h2.util.JdbcUtils;
import org.h2.util.Utils;

/**
 * Lets H2 (another bundle) load the trigger classes of this bundle (those of the row tables, put on by model
 * sync): it asks its class factories before its own class loader. Registered before the configuration
 * database opens, since H2 creates stored triggers then.
 */
final class TriggerClasses {

    /** The package of the trigger classes; named here so that the model does not import model sync's tables. */
    private static final String TRIGGER_PACKAGE = "io.clustersync.core.internal.tables.";

    private static final Utils.ClassFactory FACTORY = new Utils.ClassFactory() {
        @Override
        public boolean match(String name) {
            return name.startsWith(TRIGGER_PACKAGE) && name.endsWith("Trigger");
        }

        @Override
        public Class<?> loadClass(String name) throws ClassNotFoundException {
            return TriggerClasses.class.getClassLoader().loadClass(name);
        }
    };

    private TriggerClasses() {
    }

    static synchronized void register() {
        JdbcUtils.removeClassFactory(FACTORY);
        JdbcUtils.addClassFactory(FACTORY);
    }
}
