package io.clustersync.admin.internal;

import io.clustersync.admin.api.BundlesMXBean;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.management.ObjectName;

/**
 * Publishes {@code io.clustersync:type=Bundles}. The framework and the bundle serving this very call (admin-mbeans)
 * are refused: swapping them would cut the operator's own connection.
 */
@Component(immediate = true)
public class BundlesMBeanComponent implements BundlesMXBean {

    private static final Logger LOG = LoggerFactory.getLogger(BundlesMBeanComponent.class);
    private final ObjectName name = PlatformMBeans.name(OBJECT_NAME);
    private BundleContext context;

    @Activate
    void activate(BundleContext bundleContext) {
        this.context = bundleContext;
        PlatformMBeans.register(new DescribedMBean(this, BundlesMXBean.class), name);
    }

    @Deactivate
    void deactivate() {
        PlatformMBeans.unregister(name);
    }

    @Override
    public List<String> getBundles() {
        return Arrays.stream(context.getBundles()).map(BundlesMBeanComponent::line).toList();
    }

    static String line(Bundle b) {
        return b.getBundleId() + " " + b.getSymbolicName() + " " + b.getVersion() + " " + state(b.getState());
    }

    private static String state(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "active";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.INSTALLED -> "installed";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            default -> "uninstalled";
        };
    }

    private Bundle find(String symbolicName) {
        Bundle found = Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName() != null
                && b.getSymbolicName().equals(symbolicName)).findFirst().orElse(null);
        if (found == null) {
            throw new IllegalArgumentException("no bundle '" + symbolicName + "' on this node; bundles: "
                    + String.join(", ", Arrays.stream(context.getBundles()).map(Bundle::getSymbolicName).toList()));
        }
        if (found.getBundleId() == 0 || found.getBundleId() == context.getBundle().getBundleId()) {
            throw new IllegalArgumentException("bundle '" + symbolicName + "' serves this management connection and cannot"
                    + " be swapped through it; restart the node to load a new one");
        }
        return found;
    }

    private interface Action {
        void run(Bundle bundle) throws BundleException;
    }

    private String act(String symbolicName, String verb, String done, Action action) {
        Bundle bundle = find(symbolicName);
        try {
            action.run(bundle);
        } catch (BundleException | IllegalStateException e) {
            throw new IllegalStateException("cannot " + verb + " bundle '" + symbolicName + "': " + e.getMessage());
        }
        LOG.info("bundle {} {} by an operator: now {}", symbolicName, done, line(bundle));
        return line(bundle);
    }

    @Override
    public String update(String symbolicName) {
        return act(symbolicName, "update", "updated", Bundle::update);
    }

    @Override
    public String stop(String symbolicName) {
        return act(symbolicName, "stop", "stopped", Bundle::stop);
    }

    @Override
    public String start(String symbolicName) {
        return act(symbolicName, "start", "started", Bundle::start);
    }

    @Override
    public String install(String jarPath) {
        Path jar = BundleJars.resolve(jarPath, System.getProperty("clustersync.install"));
        Bundle bundle;
        try {
            bundle = context.installBundle(jar.toUri().toString());
        } catch (BundleException e) {
            throw new IllegalStateException("cannot install " + jar + ": " + e.getMessage());
        }
        try {
            bundle.start();
        } catch (BundleException | IllegalStateException e) {
            String why = e.getMessage();
            try {
                bundle.uninstall();
            } catch (BundleException again) {
                LOG.warn("bundle {} could not start and could not be uninstalled again: {}", jar, again.getMessage());
            }
            throw new IllegalStateException("installed " + jar + " but it cannot start, so it was removed again: " + why);
        }
        LOG.info("bundle {} installed from {} by an operator: now {}", bundle.getSymbolicName(), jar, line(bundle));
        return line(bundle);
    }

    @Override
    public String uninstall(String symbolicName) {
        Bundle bundle = find(symbolicName);
        String last = line(bundle);
        try {
            bundle.uninstall();
        } catch (BundleException | IllegalStateException e) {
            throw new IllegalStateException("cannot uninstall bundle '" + symbolicName + "': " + e.getMessage());
        }
        LOG.info("bundle {} uninstalled by an operator (was {})", symbolicName, last);
        return last.substring(0, last.lastIndexOf(' ')) + " uninstalled";
    }
}
