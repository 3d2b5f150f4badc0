package io.clustersync.admin.internal;

import io.clustersync.admin.api.Description;
import io.clustersync.admin.api.Query;

import javax.management.Descriptor;
import javax.management.ImmutableDescriptor;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanConstructorInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.NotificationBroadcasterSupport;
import javax.management.NotificationEmitter;
import javax.management.StandardEmitterMBean;
import javax.management.openmbean.ArrayType;
import javax.management.openmbean.CompositeType;
import javax.management.openmbean.OpenDataException;
import javax.management.openmbean.OpenType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An MXBean that explains itself to JMX clients: the descriptions of the interface, its attributes, operations,
 * parameters and the columns of its tables come from their {@link Description}s, parameter names from the
 * interface's source (compiled with {@code -parameters}), the impact from {@link Query} (INFO) or not (ACTION). It
 * has no constructors to show, and emits the notifications of its broadcaster (none for a plain one).
 */
class DescribedMBean extends StandardEmitterMBean {

    /** What an item without a {@link Description} shows (JMX refuses an empty one; the tests refuse this). */
    static final String UNDESCRIBED = "(not described)";

    private final Class<?> mxbean;
    private volatile MBeanInfo described;

    /** A bean whose implementation is another object. */
    <T> DescribedMBean(T implementation, Class<T> mxbean, NotificationEmitter emitter) {
        super(implementation, mxbean, true, emitter);
        this.mxbean = mxbean;
    }

    <T> DescribedMBean(T implementation, Class<T> mxbean) {
        this(implementation, mxbean, new NotificationBroadcasterSupport());
    }

    /** A bean that implements {@code mxbean} itself (a subclass). */
    protected DescribedMBean(Class<?> mxbean, NotificationEmitter emitter) {
        super(mxbean, true, emitter);
        this.mxbean = mxbean;
    }

    @Override
    protected String getDescription(MBeanInfo info) {
        Description d = mxbean.getAnnotation(Description.class);
        return d == null ? mxbean.getSimpleName() : d.value();
    }

    @Override
    protected String getDescription(MBeanAttributeInfo info) {
        Method getter = method((info.isIs() ? "is" : "get") + info.getName(), 0);
        Method setter = method("set" + info.getName(), 1);
        Description d = getter != null ? getter.getAnnotation(Description.class) : null;
        if (d == null && setter != null) {
            d = setter.getAnnotation(Description.class);
        }
        return d == null ? UNDESCRIBED : d.value();
    }

    @Override
    protected String getDescription(MBeanOperationInfo info) {
        Method m = method(info.getName(), info.getSignature().length);
        Description d = m == null ? null : m.getAnnotation(Description.class);
        return d == null ? UNDESCRIBED : d.value();
    }

    @Override
    protected int getImpact(MBeanOperationInfo info) {
        Method m = method(info.getName(), info.getSignature().length);
        return m != null && m.isAnnotationPresent(Query.class) ? MBeanOperationInfo.INFO : MBeanOperationInfo.ACTION;
    }

    @Override
    protected String getParameterName(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        Parameter p = parameter(op, sequence);
        return p == null || !p.isNamePresent() ? param.getName() : p.getName();
    }

    @Override
    protected String getDescription(MBeanOperationInfo op, MBeanParameterInfo param, int sequence) {
        Parameter p = parameter(op, sequence);
        Description d = p == null ? null : p.getAnnotation(Description.class);
        return d == null ? UNDESCRIBED : d.value();
    }

    @Override
    protected MBeanConstructorInfo[] getConstructors(MBeanConstructorInfo[] constructors, Object implementation) {
        return null;
    }

    /** The MXBean's info, with the columns of its tables described. */
    @Override
    public MBeanInfo getMBeanInfo() {
        MBeanInfo info = described;
        if (info == null) {
            info = withColumnDescriptions(super.getMBeanInfo());
            described = info;
        }
        return info;
    }

    private Parameter parameter(MBeanOperationInfo op, int sequence) {
        Method m = method(op.getName(), op.getSignature().length);
        return m == null || sequence >= m.getParameterCount() ? null : m.getParameters()[sequence];
    }

    private Method method(String name, int parameters) {
        for (Method m : mxbean.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == parameters) {
                return m;
            }
        }
        return null;
    }

    private MBeanInfo withColumnDescriptions(MBeanInfo info) {
        MBeanAttributeInfo[] attributes = info.getAttributes().clone();
        for (int i = 0; i < attributes.length; i++) {
            MBeanAttributeInfo a = attributes[i];
            attributes[i] = new MBeanAttributeInfo(a.getName(), a.getType(), a.getDescription(), a.isReadable(),
                    a.isWritable(), a.isIs(), described(a.getDescriptor()));
        }
        List<MBeanOperationInfo> operations = new ArrayList<>();
        for (MBeanOperationInfo o : info.getOperations()) {
            Method m = method(o.getName(), o.getSignature().length);
            if (m != null && Modifier.isStatic(m.getModifiers())) {
                continue; // a helper of the interface (objectName), not an operation
            }
            operations.add(new MBeanOperationInfo(o.getName(), o.getDescription(), o.getSignature(), o.getReturnType(),
                    o.getImpact(), described(o.getDescriptor())));
        }
        return new MBeanInfo(info.getClassName(), info.getDescription(), attributes, info.getConstructors(),
                operations.toArray(new MBeanOperationInfo[0]), info.getNotifications(), info.getDescriptor());
    }

    /** The descriptor with its open type's composite columns described from their record components. */
    private Descriptor described(Descriptor descriptor) {
        Object type = descriptor.getFieldValue("openType");
        if (!(type instanceof OpenType<?> open)) {
            return descriptor;
        }
        OpenType<?> better = described(open);
        if (better == open) {
            return descriptor;
        }
        Map<String, Object> fields = new HashMap<>();
        for (String name : descriptor.getFieldNames()) {
            fields.put(name, descriptor.getFieldValue(name));
        }
        fields.put("openType", better);
        return new ImmutableDescriptor(fields);
    }

    private OpenType<?> described(OpenType<?> type) {
        try {
            if (type instanceof ArrayType<?> array && array.getElementOpenType() instanceof CompositeType element) {
                CompositeType better = described(element);
                return better == element ? type : ArrayType.getArrayType(better);
            }
            if (type instanceof CompositeType composite) {
                return described(composite);
            }
        } catch (OpenDataException e) {
            throw new IllegalStateException("cannot describe the columns of " + type.getTypeName() + ": " + e.getMessage(), e);
        }
        return type;
    }

    /** A record's composite type with each item described by its component's {@link Description}. */
    private CompositeType described(CompositeType composite) throws OpenDataException {
        Class<?> row;
        try {
            row = Class.forName(composite.getTypeName(), false, mxbean.getClassLoader());
        } catch (ClassNotFoundException e) {
            return composite;
        }
        if (!row.isRecord()) {
            return composite;
        }
        String[] names = composite.keySet().toArray(new String[0]);
        String[] descriptions = new String[names.length];
        OpenType<?>[] types = new OpenType<?>[names.length];
        for (int i = 0; i < names.length; i++) {
            descriptions[i] = composite.getDescription(names[i]);
            types[i] = composite.getType(names[i]);
            for (RecordComponent c : row.getRecordComponents()) {
                Description d = c.getAnnotation(Description.class);
                if (c.getName().equals(names[i]) && d != null) {
                    descriptions[i] = d.value();
                }
            }
        }
        Description whole = row.getAnnotation(Description.class);
        return new CompositeType(composite.getTypeName(), whole == null ? composite.getDescription() : whole.value(),
                names, descriptions, types);
    }
}
