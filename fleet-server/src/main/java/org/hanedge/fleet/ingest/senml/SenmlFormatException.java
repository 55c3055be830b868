package org.hanedge.fleet.ingest.senml;

/** A whole telemetry message could not be read; nothing of it was decoded. The message is the detail. */
public class SenmlFormatException extends Exception {
    private final DeadLetterReason reason;

    public SenmlFormatException(DeadLetterReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public DeadLetterReason reason() {
        return reason;
    }

    /** One line naming what was wrong, for logs and the dead-letter table. */
    public String detail() {
        return getMessage();
    }
}
