package org.hanedge.gateway.api.profile;

/** The kind of value a channel carries; maps to SenML {@code v}, {@code vb} and {@code vs}. */
public enum ValueKind {
    NUMBER, BOOLEAN, TEXT
}
