package io.clustersync.admin.internal;

import io.clustersync.admin.api.ActiveActiveMXBean;
import io.clustersync.admin.api.BundlesMXBean;
import io.clustersync.admin.api.ClusterMXBean;
import io.clustersync.admin.api.ConfigSyncMXBean;
import io.clustersync.admin.api.DatabaseMXBean;
import io.clustersync.admin.api.SyncerMXBean;
import org.junit.jupiter.api.Test;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.openmbean.ArrayType;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenType;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every MXBean of clustersync, as a JMX client reads its MBeanInfo: no parameter named pN, no empty or default
 * description (of the bean, an attribute, an operation, a parameter or a table column), an impact on every
 * operation, no constructor.
 */
class DescribedMBeanTest {

    @Test
    void everyMXBeanExplainsItself() {
        List<String> problems = new ArrayList<>();
        for (Class<?> mxbean : List.of(ClusterMXBean.class, ConfigSyncMXBean.class, DatabaseMXBean.class,
                SyncerMXBean.class, ActiveActiveMXBean.class, BundlesMXBean.class)) {
            problems.addAll(problems(mxbean.getSimpleName(), describe(mxbean).getMBeanInfo()));
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void anOperationsParametersAreNamedAndItsImpactFollowsQuery() {
        MBeanInfo info = describe(ClusterMXBean.class).getMBeanInfo();
        MBeanOperationInfo create = find(info, "createDatabase");
        assertEquals(List.of("name", "shards", "port"), List.of(create.getSignature()).stream().map(MBeanParameterInfo::getName).toList());
        assertEquals(MBeanOperationInfo.ACTION, create.getImpact());
        assertEquals(MBeanOperationInfo.INFO, find(info, "status").getImpact());
        MBeanInfo database = describe(DatabaseMXBean.class).getMBeanInfo();
        assertEquals(List.of(), List.of(database.getOperations()).stream().filter(o -> o.getName().equals("objectName")).toList(),
                "a helper of the interface is not an operation");
    }

    private static MBeanOperationInfo find(MBeanInfo info, String name) {
        return List.of(info.getOperations()).stream().filter(o -> o.getName().equals(name)).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static <T> DescribedMBean describe(Class<T> mxbean) {
        T nothing = (T) Proxy.newProxyInstance(mxbean.getClassLoader(), new Class<?>[] {mxbean}, (proxy, method, args) -> null);
        return new DescribedMBean(nothing, mxbean);
    }

    /** What a JMX client would show without explanation; the same check runs against a node over remote JMX. */
    static List<String> problems(String bean, MBeanInfo info) {
        List<String> problems = new ArrayList<>();
        if (blank(info.getDescription()) || info.getDescription().startsWith("Information on the management interface")) {
            problems.add(bean + ": no description");
        }
        if (info.getConstructors().length > 0) {
            problems.add(bean + ": shows constructors");
        }
        for (MBeanAttributeInfo a : info.getAttributes()) {
            if (blank(a.getDescription()) || a.getDescription().equals("Attribute exposed for management")) {
                problems.add(bean + "." + a.getName() + ": no description");
            }
            columns(bean + "." + a.getName(), (OpenType<?>) a.getDescriptor().getFieldValue("openType"), problems);
        }
        for (MBeanOperationInfo o : info.getOperations()) {
            if (blank(o.getDescription()) || o.getDescription().equals("Operation exposed for management")) {
                problems.add(bean + "." + o.getName() + "(): no description");
            }
            if (o.getImpact() != MBeanOperationInfo.INFO && o.getImpact() != MBeanOperationInfo.ACTION) {
                problems.add(bean + "." + o.getName() + "(): impact " + o.getImpact());
            }
            for (MBeanParameterInfo p : o.getSignature()) {
                if (p.getName().matches("p\\d+")) {
                    problems.add(bean + "." + o.getName() + "(): a parameter named " + p.getName());
                }
                if (blank(p.getDescription())) {
                    problems.add(bean + "." + o.getName() + "(" + p.getName() + "): no description");
                }
            }
            columns(bean + "." + o.getName() + "()", (OpenType<?>) o.getDescriptor().getFieldValue("openType"), problems);
        }
        return problems;
    }

    private static void columns(String where, OpenType<?> type, List<String> problems) {
        if (type instanceof ArrayType<?> array) {
            columns(where, array.getElementOpenType(), problems);
        } else if (type instanceof CompositeType composite) {
            for (String item : composite.keySet()) {
                String d = composite.getDescription(item);
                if (blank(d) || d.equals(item)) {
                    problems.add(where + " column " + item + ": no description");
                }
            }
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank() || s.equals(DescribedMBean.UNDESCRIBED);
    }
}
