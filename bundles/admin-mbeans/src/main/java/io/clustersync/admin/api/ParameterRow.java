package io.clustersync.admin.api;

/** A server parameter; a local one belongs to its node and is never synchronized. */
@Description("A server parameter; a local one belongs to its node and is never synchronized")
public record ParameterRow(
        @Description("The parameter's name") String name,
        @Description("Its value") String value,
        @Description("Whether it belongs to this node only") boolean local) {
}
