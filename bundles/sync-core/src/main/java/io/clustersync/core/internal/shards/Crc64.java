package io.clustersync.core.internal.shards;

/**
 * Redis's CRC-64 (Jones polynomial, reflected, initial value 0, no final xor): the checksum at the end of a DUMP
 * payload. {@code crc64("123456789") == 0xe9c6d914c4b8d9caL}.
 */
final class Crc64 {

    private static final long POLY = 0x95ac9329ac4bc9b5L; // 0xad93d23594c935a9 reflected
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private Crc64() {
    }

    static long of(byte[] data, int offset, int length) {
        long crc = 0;
        for (int i = offset; i < offset + length; i++) {
            crc = TABLE[(int) ((crc ^ data[i]) & 0xff)] ^ (crc >>> 8);
        }
        return crc;
    }
}
