package io.clustersync.core.internal.tables;

import org.h2.util.JdbcUtils;
import org.h2.util.Utils;

/**
 * Lets H2 (another bundle) load clustersync's trigger classes: it asks its class factories before its own
 * class loader. Registered before the configuration database opens, since H2 creates stored triggers then.
 */
public final class TriggerClasses {

    private static final Utils.ClassFactory FACTORY = new Utils.ClassFactory() {
        @Override
        public boolean match(String name) {
            return name.equals(RowCaptureTrigger.class.getName()) || name.equals(RowVersionTrigger.class.getName());
        }

        @Override
        public Class<?> loadClass(String name) throws ClassNotFoundException {
            return TriggerClasses.class.getClassLoader().loadClass(name);
        }
    };

    private TriggerClasses() {
    }

    public static synchronized void register() {
        JdbcUtils.removeClassFactory(FACTORY);
        JdbcUtils.addClassFactory(FACTORY);
    }
}
