package io.clustersync.core.api;

/** One requirement of Synchronize All, checked across the cluster: passed or not, with the values that differ. */
public record RequirementResult(String check, boolean passed, String detail) {
}
