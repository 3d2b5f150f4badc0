package io.clustersync.proxy.internal.resp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Splits an inline command line into words as Redis does: blanks separate, "double" and 'single' quotes group. */
final class InlineSplitter {

    private InlineSplitter() {
    }

    static List<byte[]> split(byte[] line) {
        List<byte[]> words = new ArrayList<>();
        int i = 0;
        while (true) {
            while (i < line.length && isSpace(line[i])) {
                i++;
            }
            if (i >= line.length) {
                return words;
            }
            ByteArrayOutputStream word = new ByteArrayOutputStream();
            boolean inDouble = false;
            boolean inSingle = false;
            boolean done = false;
            while (!done) {
                if (inDouble) {
                    if (i >= line.length) {
                        throw new ProtocolException("unbalanced quotes in request");
                    }
                    if (line[i] == '\\' && i + 3 < line.length && line[i + 1] == 'x' && isHex(line[i + 2]) && isHex(line[i + 3])) {
                        word.write(Integer.parseInt(new String(line, i + 2, 2, StandardCharsets.US_ASCII), 16));
                        i += 3;
                    } else if (line[i] == '\\' && i + 1 < line.length) {
                        i++;
                        word.write(switch (line[i]) {
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            case 't' -> '\t';
                            case 'b' -> '\b';
                            case 'a' -> 7;
                            default -> line[i];
                        });
                    } else if (line[i] == '"') {
                        if (i + 1 < line.length && !isSpace(line[i + 1])) {
                            throw new ProtocolException("unbalanced quotes in request");
                        }
                        done = true;
                    } else {
                        word.write(line[i]);
                    }
                } else if (inSingle) {
                    if (i >= line.length) {
                        throw new ProtocolException("unbalanced quotes in request");
                    }
                    if (line[i] == '\\' && i + 1 < line.length && line[i + 1] == '\'') {
                        i++;
                        word.write('\'');
                    } else if (line[i] == '\'') {
                        if (i + 1 < line.length && !isSpace(line[i + 1])) {
                            throw new ProtocolException("unbalanced quotes in request");
                        }
                        done = true;
                    } else {
                        word.write(line[i]);
                    }
                } else if (i >= line.length || isSpace(line[i])) {
                    done = true;
                } else if (line[i] == '"') {
                    inDouble = true;
                } else if (line[i] == '\'') {
                    inSingle = true;
                } else {
                    word.write(line[i]);
                }
                if (i < line.length) {
                    i++;
                }
            }
            words.add(word.toByteArray());
        }
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0B || b == 0x0C;
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }
}
