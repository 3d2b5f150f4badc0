/**
 * The management interface of clustersync: the MXBean interfaces in the JMX domain {@code io.clustersync}
 * and the row types of the tables they return. A JMX client needs only this package to build typed proxies.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.clustersync.admin.api;
