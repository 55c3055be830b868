package org.hanedge.contract.senml;

import java.io.ByteArrayOutputStream;

/** Definite-length CBOR array headers (major type 4). */
final class CborArrays {
    private CborArrays() {
    }

    static int headerSize(int n) {
        return n < 24 ? 1 : n < 256 ? 2 : n < 65536 ? 3 : 5;
    }

    static void writeHeader(ByteArrayOutputStream out, int n) {
        int major = 4 << 5;
        if (n < 24) {
            out.write(major | n);
        } else if (n < 256) {
            out.write(major | 24);
            out.write(n);
        } else if (n < 65536) {
            out.write(major | 25);
            out.write(n >>> 8);
            out.write(n);
        } else {
            out.write(major | 26);
            out.write(n >>> 24);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
        }
    }
}
