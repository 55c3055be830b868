package org.hanedge.contract.mqtt;

/**
 * The sequence numbers a message announces in its user properties.
 *
 * <p>The rules: every outbox entry (each reading, alarm and event) gets a gateway-wide sequence number when it is
 * appended; numbers are never reused, also across restarts, and grow with append order. They are
 * {@code 0 <= seq <= }{@value #MAX_SEQ} (a signed 64-bit integer, and exactly representable where a JSON reader
 * turns numbers into doubles). Within one telemetry message the records' numbers increase but need not be
 * contiguous (alarms and events take numbers in between). The receiver deduplicates by (gateway, seq) per record,
 * so the same entry sent twice in differently cut packs is stored once. How each record names its number is the
 * SenML decoder's business (explicit {@code seq}, compact offsets, or implicit; see
 * {@code org.hanedge.contract.senml.SenmlDecoder}).
 *
 * @param first the first sequence number of the message
 * @param count the number of records; 1 for an event or alarm
 */
public record SeqRange(long first, int count) {
    /** Largest sequence number: 2^53 - 1. */
    public static final long MAX_SEQ = (1L << 53) - 1;
    /** Most records in one message. */
    public static final int MAX_COUNT = 1 << 20;

    public SeqRange {
        if (!isValidSeq(first)) {
            throw new IllegalArgumentException("seq " + first + " must be between 0 and " + MAX_SEQ);
        }
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("seq-count " + count + " must be between 1 and " + MAX_COUNT);
        }
    }

    /** Whether {@code seq} is a sequence number the contract allows. */
    public static boolean isValidSeq(long seq) {
        return seq >= 0 && seq <= MAX_SEQ;
    }

    /**
     * Reads the user properties of a message.
     *
     * @param seq      the {@value UserProperties#SEQ} property, or null when absent
     * @param seqCount the {@value UserProperties#SEQ_COUNT} property, or null when absent (then the count is 1)
     * @return the range, or null when {@code seq} is absent
     * @throws IllegalArgumentException naming the property and its value when one is not a valid decimal in range
     */
    public static SeqRange fromProperties(String seq, String seqCount) {
        if (seq == null) {
            if (seqCount != null) {
                throw new IllegalArgumentException("user property seq-count \"" + seqCount + "\" without seq");
            }
            return null;
        }
        long first = parse(UserProperties.SEQ, seq, MAX_SEQ, 0);
        int count = seqCount == null ? 1 : (int) parse(UserProperties.SEQ_COUNT, seqCount, MAX_COUNT, 1);
        return new SeqRange(first, count);
    }

    private static long parse(String name, String text, long max, long min) {
        if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("user property " + name + " \"" + clip(text)
                    + "\" is not a decimal integer");
        }
        long v = Long.parseLong(text);
        if (v < min || v > max) {
            throw new IllegalArgumentException("user property " + name + " " + v + " is outside " + min + ".." + max);
        }
        return v;
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** The property values: {@code seq} and {@code seq-count}. */
    public String seqProperty() {
        return Long.toString(first);
    }

    public String seqCountProperty() {
        return Integer.toString(count);
    }
}
