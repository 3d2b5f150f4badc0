package io.clustersync.admin.api;

import javax.management.ConstructorParameters;

/** A server parameter; a local one belongs to its node and is never synchronized. */
public final class ParameterRow {
    private final String name;
    private final String value;
    private final boolean local;

    @ConstructorParameters({"name", "value", "local"})
    public ParameterRow(String name, String value, boolean local) {
        this.name = name;
        this.value = value;
        this.local = local;
    }

    public String getName() { return name; }

    public String getValue() { return value; }

    public boolean isLocal() { return local; }
}
