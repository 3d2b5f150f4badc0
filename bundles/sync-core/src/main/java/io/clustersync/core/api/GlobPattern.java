package io.clustersync.core.api;

/** Redis's glob-style patterns of KEYS, SCAN MATCH and PSUBSCRIBE: {@code *}, {@code ?}, {@code [a-z]}, {@code [^x]}, {@code \x}. */
public final class GlobPattern {

    private GlobPattern() {
    }

    public static boolean matches(byte[] pattern, byte[] text) {
        return matches(pattern, 0, text, 0, 0);
    }

    private static boolean matches(byte[] p, int pi, byte[] s, int si, int depth) {
        if (depth > 1000) {
            return false;
        }
        while (pi < p.length) {
            switch (p[pi]) {
                case '*' -> {
                    while (pi + 1 < p.length && p[pi + 1] == '*') {
                        pi++;
                    }
                    if (pi + 1 == p.length) {
                        return true;
                    }
                    for (int k = si; k <= s.length; k++) {
                        if (matches(p, pi + 1, s, k, depth + 1)) {
                            return true;
                        }
                    }
                    return false;
                }
                case '?' -> {
                    if (si >= s.length) {
                        return false;
                    }
                    si++;
                }
                case '[' -> {
                    if (si >= s.length) {
                        return false;
                    }
                    pi++;
                    boolean not = pi < p.length && p[pi] == '^';
                    if (not) {
                        pi++;
                    }
                    boolean match = false;
                    while (pi < p.length && p[pi] != ']') {
                        if (p[pi] == '\\' && pi + 1 < p.length) {
                            pi++;
                            match |= p[pi] == s[si];
                        } else if (pi + 2 < p.length && p[pi + 1] == '-') {
                            int lo = p[pi] & 0xFF;
                            int hi = p[pi + 2] & 0xFF;
                            int c = s[si] & 0xFF;
                            match |= c >= Math.min(lo, hi) && c <= Math.max(lo, hi);
                            pi += 2;
                        } else {
                            match |= p[pi] == s[si];
                        }
                        pi++;
                    }
                    if (match == not) {
                        return false;
                    }
                    si++;
                }
                case '\\' -> {
                    if (pi + 1 < p.length) {
                        pi++;
                    }
                    if (si >= s.length || p[pi] != s[si]) {
                        return false;
                    }
                    si++;
                }
                default -> {
                    if (si >= s.length || p[pi] != s[si]) {
                        return false;
                    }
                    si++;
                }
            }
            pi++;
        }
        return si == s.length;
    }
}
