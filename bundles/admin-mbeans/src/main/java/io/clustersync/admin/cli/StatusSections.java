package io.clustersync.admin.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Picks one section out of the node's status report, so that the read-only role can ask for one. */
final class StatusSections {

    static final Map<String, String> HEADERS = Map.of(
            "nodes", "CLUSTER NODES:",
            "databases", "DATABASES:",
            "endpoints", "ENDPOINTS:",
            "shards", "SHARDS:");

    private StatusSections() {
    }

    static String pick(String report, String section) {
        String header = HEADERS.get(section.toLowerCase(Locale.ROOT));
        if (header == null) {
            throw new CliException(2, "unknown status section '" + section + "'; sections are: "
                    + String.join(", ", List.of("nodes", "databases", "endpoints", "shards")));
        }
        int start = report.indexOf(header + "\n");
        if (start < 0) {
            throw new CliException(1, "the node's status report has no " + header + " section");
        }
        int end = report.indexOf("\n\n", start);
        return end < 0 ? report.substring(start) : report.substring(start, end + 1);
    }
}
