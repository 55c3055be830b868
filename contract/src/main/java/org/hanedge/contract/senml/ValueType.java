package org.hanedge.contract.senml;

/** Which SenML value a record carried. */
public enum ValueType {
    /** {@code v} (plus {@code bv}). */
    NUMBER,
    /** {@code vb}. */
    BOOLEAN,
    /** {@code vs}. */
    TEXT,
    /** {@code vd}: binary data (base64url in JSON, a byte string in CBOR). */
    DATA,
    /**
     * No value: a quality record ({@code {channel}:q}, the quality says why there is none) or a record with only a
     * sum {@code s}.
     */
    NONE
}
