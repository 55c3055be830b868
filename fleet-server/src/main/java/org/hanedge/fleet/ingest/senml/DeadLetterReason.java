package org.hanedge.fleet.ingest.senml;

/** Why a telemetry message or one of its records was not ingested (the {@code dead_letter.reason} column). */
public enum DeadLetterReason {
    NOT_SENML("not a SenML pack (not JSON/CBOR, or not an array of records)"),
    TRUNCATED("the message ends in the middle of the pack"),
    OVERSIZED("the message is larger than the configured maximum and was not read"),
    BAD_RECORD("a record is malformed (a field missing, of the wrong type or repeated)"),
    FOREIGN_NAME("a record's name does not belong to the gateway that sent it"),
    MISSING_SEQ("a record has no valid sequence number, so it cannot be deduplicated"),
    UNKNOWN_DEVICE("the gateway has not announced this device (no profile for it)"),
    UNKNOWN_PROFILE("the device's profile is not known to the server"),
    UNKNOWN_CHANNEL("the device's profile has no such channel"),
    WRONG_UNIT("the record's unit differs from the profile's"),
    WRONG_TYPE("the record's value type does not match the channel's kind"),
    ABSURD_TIME("the record's time is before the oldest accepted time or too far in the future");

    private final String description;

    DeadLetterReason(String description) {
        this.description = description;
    }

    /** A short human description, for the UI and logs. */
    public String description() {
        return description;
    }
}
