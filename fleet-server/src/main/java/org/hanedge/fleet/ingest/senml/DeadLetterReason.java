package org.hanedge.fleet.ingest.senml;

import org.hanedge.contract.senml.SenmlProblem;

/**
 * Why a telemetry message or one of its records was not ingested (the {@code dead_letter.reason} column). The
 * contract's decoder problems map onto the first six ({@link #of(SenmlProblem)}); the rest come from the server's
 * own checks.
 */
public enum DeadLetterReason {
    NOT_SENML("not a SenML pack (not JSON/CBOR, or not an array of records)"),
    TRUNCATED("the message ends in the middle of the pack"),
    OVERSIZED("the message is larger than the configured maximum and was not read"),
    BAD_RECORD("a record is malformed (a field of the wrong type or repeated, no value or two, a bad name or quality, an unsupported version)"),
    FOREIGN_NAME("a record's name does not belong to the gateway that sent it"),
    MISSING_SEQ("a record has no valid sequence number, so it cannot be deduplicated"),
    UNKNOWN_DEVICE("the gateway has not announced this device (no profile for it)"),
    UNKNOWN_PROFILE("the device's profile is not known to the server"),
    UNKNOWN_CHANNEL("the device's profile has no such channel"),
    WRONG_UNIT("the record's unit is neither the profile's nor a SenML unit that converts to it"),
    WRONG_TYPE("the record's value type does not match the channel's kind"),
    ABSURD_TIME("the record's time is before the oldest accepted time or too far in the future");

    private final String description;

    /** The reason a problem of the contract's decoder is kept under (its {@link SenmlProblem#category()}). */
    public static DeadLetterReason of(SenmlProblem problem) {
        return valueOf(problem.category().name());
    }

    DeadLetterReason(String description) {
        this.description = description;
    }

    /** A short human description, for the UI and logs. */
    public String description() {
        return description;
    }
}
