package io.clustersync.core.internal.sync;

import org.junit.jupiter.api.Test;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The string tests that stand for the common glob shapes say exactly what the JDK's glob says. */
class SyncRulesGlobTest {

    private static final List<String> PATTERNS = List.of("conf/apps/**", "conf/**", "**/*.tmp", "**/*~", "**/*.swp",
            "/**", "**/*", "conf/*.xml", "**/x/*.c", "conf/{a,b}/**", "co?f/**", "**/*.[ch]");

    private static final List<String> PATHS = List.of("conf/apps", "conf/apps/x", "conf/apps/a/b/c.conf", "conf/appsx/y",
            "conf/apps.tmp", "x.tmp", "a/x.tmp", "a/.tmp", "a.tmp/b", "a/b~", "~", "a/~", "conf/apps/a/b/c.tmp",
            "conf/a.xml", "conf/a/b.xml", "q/x/y.c", "x/y.c", "conf/a/z", "conf/c/z", "cobf/z", "a/b.h", "a/b.swp.x",
            "tmp", "a/tmp", "conf", "conf/x");

    @Test
    void everyCommonShapeMatchesWhatTheJdkGlobMatches() {
        for (String pattern : PATTERNS) {
            PathMatcher jdk = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            SyncRules.Glob ours = SyncRules.compile(pattern);
            for (String text : PATHS) {
                Path path = Path.of(text);
                assertEquals(jdk.matches(path), ours.matches(text), pattern + " on " + text);
            }
        }
    }

    @Test
    void syncConfAndExclusionsTogether() {
        SyncRules rules = new SyncRules(List.of("conf/apps/**"), List.of("**/*.tmp", "**/*~"), List.of());
        assertEquals(true, rules.isSynchronizedFile("conf/apps/t/a.conf"));
        assertEquals(false, rules.isSynchronizedFile("conf/apps/t/a.conf.tmp"));
        assertEquals(false, rules.isSynchronizedFile("conf/apps/t/a.conf~"));
        assertEquals(false, rules.isSynchronizedFile("conf/other/a.conf"));
        assertEquals(false, rules.isSynchronizedFile("etc/apps/a.conf"));
    }
}
