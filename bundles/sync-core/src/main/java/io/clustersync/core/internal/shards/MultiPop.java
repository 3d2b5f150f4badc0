package io.clustersync.core.internal.shards;

import io.clustersync.core.api.Reply;

import java.util.Arrays;
import java.util.List;

import static io.clustersync.core.internal.shards.Arguments.integer;
import static io.clustersync.core.internal.shards.Arguments.is;

/**
 * The arguments of LMPOP, ZMPOP and their blocking forms: {@code numkeys key [key ...] <first>|<last> [COUNT n]},
 * read with Redis's checks and wording.
 *
 * @param keys  the keys, in the order given
 * @param first true for LEFT (lists) or MIN (sorted sets)
 * @param count how many to pop, 1 when not given
 */
record MultiPop(List<byte[]> keys, boolean first, long count) {

    static MultiPop parse(byte[][] args, int numkeysAt, String firstWord, String lastWord) {
        long numkeys = integer(args[numkeysAt], "ERR numkeys should be greater than 0");
        if (numkeys < 1) {
            throw new Arguments.Refused("ERR numkeys should be greater than 0");
        }
        if (numkeys >= args.length - numkeysAt - 1) {
            throw new Arguments.Refused(Reply.SYNTAX.message());
        }
        int whereAt = numkeysAt + (int) numkeys + 1;
        boolean first;
        if (is(args[whereAt], firstWord)) {
            first = true;
        } else if (is(args[whereAt], lastWord)) {
            first = false;
        } else {
            throw new Arguments.Refused(Reply.SYNTAX.message());
        }
        long count = -1;
        for (int j = whereAt + 1; j < args.length; j++) {
            if (count == -1 && is(args[j], "COUNT") && j + 1 < args.length) {
                count = integer(args[++j], "ERR count should be greater than 0");
                if (count < 1) {
                    throw new Arguments.Refused("ERR count should be greater than 0");
                }
            } else {
                throw new Arguments.Refused(Reply.SYNTAX.message());
            }
        }
        return new MultiPop(Arrays.asList(args).subList(numkeysAt + 1, whereAt), first, count == -1 ? 1 : count);
    }
}
