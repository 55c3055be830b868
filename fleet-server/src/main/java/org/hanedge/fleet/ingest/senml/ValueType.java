package org.hanedge.fleet.ingest.senml;

/** Which SenML value field a record carried. */
public enum ValueType {
    /** {@code v}. */
    NUMBER,
    /** {@code vb}. */
    BOOLEAN,
    /** {@code vs}. */
    TEXT,
    /** No value: the quality says why (a {@code BAD_*} quality or {@code NON_FINITE}). */
    NONE
}
