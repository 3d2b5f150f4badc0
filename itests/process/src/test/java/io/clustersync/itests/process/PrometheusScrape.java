package io.clustersync.itests.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A scrape of a node's Prometheus endpoint, parsed by the Prometheus client's own parser (Python's
 * {@code prometheus_client}, Debian's python3-prometheus-client, installed when missing and the tests run as root),
 * so that what the node writes is read as Prometheus reads it, not as the node meant it.
 */
record PrometheusScrape(int status, String contentType, String text, List<Sample> samples) {

    /** One sample as the parser returns it: its full name (with _total or _info), labels and value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** Debian's Python, which Debian's python3-prometheus-client is installed for (not whatever python3 the PATH finds). */
    private static final String PYTHON = "/usr/bin/python3";

    private static final String PARSER = String.join("\n",
            "import sys",
            "from prometheus_client.parser import text_string_to_metric_families",
            "for family in text_string_to_metric_families(open(sys.argv[1]).read()):",
            "    for s in family.samples:",
            "        labels = '\\x1f'.join(k + '\\x1e' + v for k, v in sorted(s.labels.items()))",
            "        print(s.name + '\\t' + labels + '\\t' + repr(float(s.value)))");

    static PrometheusScrape of(String address, int port, String path, Path scratch) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://" + address + ":" + port + path))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
        String type = response.headers().firstValue("content-type").orElse("");
        if (response.statusCode() != 200) {
            return new PrometheusScrape(response.statusCode(), type, response.body(), List.of());
        }
        Files.createDirectories(scratch);
        Path file = Files.createTempFile(scratch, "scrape", ".txt");
        Files.writeString(file, response.body());
        ensureParser();
        NodeProcess.Result parsed = NodeProcess.exec(List.of(PYTHON, "-c", PARSER, file.toString()));
        if (parsed.exitCode() != 0) {
            throw new IllegalStateException("the Prometheus parser refused the scrape: " + parsed + "\n" + response.body());
        }
        List<Sample> samples = new ArrayList<>();
        for (String line : parsed.out().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            Map<String, String> labels = new TreeMap<>();
            if (!cells[1].isEmpty()) {
                for (String pair : cells[1].split("\u001f")) {
                    String[] kv = pair.split("\u001e", 2);
                    labels.put(kv[0], kv[1]);
                }
            }
            samples.add(new Sample(cells[0], labels, Double.parseDouble(cells[2])));
        }
        return new PrometheusScrape(response.statusCode(), type, response.body(), samples);
    }

    /** The samples of one name whose labels include all of {@code labels}. */
    List<Sample> find(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name)
                && labels.entrySet().stream().allMatch(e -> e.getValue().equals(s.labels().get(e.getKey())))).toList();
    }

    /** The value of the one sample of that name and labels. */
    double value(String name, Map<String, String> labels) {
        List<Sample> found = find(name, labels);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples " + name + labels + " in\n" + text);
        }
        return found.get(0).value();
    }

    private static void ensureParser() {
        if (NodeProcess.exec(List.of(PYTHON, "-c", "import prometheus_client")).exitCode() == 0) {
            return;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("python3-prometheus-client is not installed and the tests do not run as root"
                    + " to install it: run 'apt-get install -y python3-prometheus-client' first");
        }
        NodeProcess.Result installed = NodeProcess.installDebianPackages("python3-prometheus-client");
        if (NodeProcess.exec(List.of(PYTHON, "-c", "import prometheus_client")).exitCode() != 0) {
            throw new IllegalStateException("installing python3-prometheus-client from Debian's packages failed: " + installed);
        }
    }
}
