package io.clustersync.core.internal.shards;

import io.clustersync.core.api.ModelException;

import java.util.Locale;

/** A size as operators write it: {@code 1048576}, {@code 512kb}, {@code 16mb}, {@code 1gb}. */
final class ByteSize {

    private ByteSize() {
    }

    static long parse(String name, String text) {
        String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        for (String[] suffix : new String[][] {{"gb", "1073741824"}, {"mb", "1048576"}, {"kb", "1024"}, {"b", "1"}}) {
            if (value.endsWith(suffix[0])) {
                unit = Long.parseLong(suffix[1]);
                value = value.substring(0, value.length() - suffix[0].length()).trim();
                break;
            }
        }
        try {
            long number = Long.parseLong(value);
            if (number < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(number, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ModelException("parameter " + name + ": '" + text + "' is not a size; write it like 1048576, 512kb,"
                    + " 16mb or 1gb");
        }
    }
}
