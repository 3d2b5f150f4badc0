package io.clustersync.admin.cli;

import java.util.List;

/** The {@code keyword value} pairs of an rladmin-style command line. */
final class Arguments {

    private final List<String> words;
    private final String usage;

    Arguments(List<String> words, String usage) {
        this.words = words;
        this.usage = usage;
    }

    boolean has(String keyword) {
        return words.subList(1, words.size()).stream().anyMatch(keyword::equalsIgnoreCase);
    }

    String after(String keyword) {
        for (int i = 1; i < words.size() - 1; i++) {
            if (words.get(i).equalsIgnoreCase(keyword)) {
                return words.get(i + 1);
            }
        }
        throw new CliException(2, "missing '" + keyword + " <value>'; usage: " + usage);
    }

    int intAfter(String keyword) {
        String value = after(keyword);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new CliException(2, "'" + keyword + "' takes a number, got '" + value + "'; usage: " + usage);
        }
    }
}
