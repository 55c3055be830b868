package org.hanedge.contract.senml;

/**
 * Why a pack or one of its records was refused. Pack-level problems come as a {@link SenmlException}; record-level
 * ones as a {@link RecordProblem} while the pack's other records still decode. {@link #category()} is the server's
 * dead-letter reason (the names of {@code DeadLetterReason} constants).
 */
public enum SenmlProblem {
    /** Pack: not JSON/CBOR, not an array, an element that is not a map, or content after the pack. */
    NOT_SENML(Category.NOT_SENML, true),
    /** Pack: the payload ends inside the pack. */
    TRUNCATED(Category.TRUNCATED, true),
    /** Pack: larger than the decoder's limit, not read. */
    OVERSIZED(Category.OVERSIZED, true),
    /** A field has the wrong type (e.g. {@code "t"} is a string, {@code "vb"} a number). */
    WRONG_TYPE(Category.BAD_RECORD, false),
    /** A field appears twice in one record. */
    DUPLICATE_FIELD(Category.BAD_RECORD, false),
    /** More than one of {@code v vs vb vd} (RFC 8428 §4.2: at most one value). */
    TWO_VALUES(Category.BAD_RECORD, false),
    /** None of {@code v vs vb vd s} (RFC 8428 §4.2: a value or a sum). */
    NO_VALUE(Category.BAD_RECORD, false),
    /** A number that is not finite, or a time or sum that is not representable. */
    NON_FINITE(Category.BAD_RECORD, false),
    /** The resolved name is empty or has characters RFC 8428 §4.5.1 forbids, or it lacks a device or channel. */
    BAD_NAME(Category.BAD_RECORD, false),
    /** A field whose label ends with {@code _} that this decoder does not know (RFC 8428 §4.4: must understand). */
    MUST_UNDERSTAND(Category.BAD_RECORD, false),
    /** {@code bver} higher than {@link SenmlDecoder#SUPPORTED_VERSION}, or not a positive integer. */
    UNSUPPORTED_VERSION(Category.BAD_RECORD, false),
    /** {@code q}, or the {@code vs} of a quality record, is not a quality name ({@code [A-Z][A-Z0-9_]*}). */
    BAD_QUALITY(Category.BAD_RECORD, false),
    /** {@code vs} longer than {@link SenmlDecoder#MAX_TEXT} characters. */
    TEXT_TOO_LONG(Category.BAD_RECORD, false),
    /** The name does not start with {@code {gatewayId}/}: it is not the sending gateway's. */
    FOREIGN_NAME(Category.FOREIGN_NAME, false),
    /**
     * No sequence number: no {@code seq}, no {@code so} offset, no first {@code seq} for {@code sr}, nothing to
     * count on from.
     */
    MISSING_SEQ(Category.MISSING_SEQ, false),
    /** {@code seq} negative, above {@code SeqRange.MAX_SEQ}, not an integer, or a bad {@code so} or {@code sr}. */
    BAD_SEQ(Category.MISSING_SEQ, false);

    /** The server's dead-letter reasons these map onto (same constant names). */
    public enum Category {
        NOT_SENML, TRUNCATED, OVERSIZED, BAD_RECORD, FOREIGN_NAME, MISSING_SEQ
    }

    private final Category category;
    private final boolean wholePack;

    SenmlProblem(Category category, boolean wholePack) {
        this.category = category;
        this.wholePack = wholePack;
    }

    public Category category() {
        return category;
    }

    /** Whether this problem refuses the whole pack (else only the record). */
    public boolean wholePack() {
        return wholePack;
    }
}
