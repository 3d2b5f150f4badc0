package io.clustersync.core.internal.files;

import java.util.List;
import java.util.function.Predicate;

/**
 * Which files of a home synchronize: the test of a path relative to the home ('/'-separated), and the patterns
 * it was made of, which tell two selections apart (a listing of the files is kept for one selection).
 */
public final class FileSelection implements Predicate<String> {

    /** Nothing synchronizes: the rules are malformed, or none was read yet. */
    public static final FileSelection NONE = new FileSelection(List.of("none"), relative -> false);

    private final List<?> made;
    private final Predicate<String> test;

    public FileSelection(List<?> madeOf, Predicate<String> test) {
        this.made = List.copyOf(madeOf);
        this.test = test;
    }

    @Override
    public boolean test(String relative) {
        return test.test(relative);
    }

    /** True when the other selection was made of the same patterns, so takes the same files. */
    public boolean sameAs(FileSelection other) {
        return made.equals(other.made);
    }

    @Override
    public String toString() {
        return "files " + made;
    }
}
