package org.hanedge.fleet.ingest;

/** Dead-letter reasons found by the ingest itself (beyond the SenML decoder's {@code DeadLetterReason}). */
public enum IngestReason {
    /** the topic's gateway is not in the registry */
    UNKNOWN_GATEWAY,
    /** a topic outside the contract ({@link org.hanedge.contract.mqtt.Topics#parse} refuses it) */
    BAD_TOPIC,
    /** an alarm, event, state, stats or config/reported message that is not the JSON the contract describes */
    BAD_EVENT,
    /** a record of a device and channel that would be a new series beyond the gateway's limit */
    TOO_MANY_SERIES,
    /** a birth announcing more devices than allowed (or a device id that is blank or too long) */
    TOO_MANY_DEVICES,
    /** a handler failed on the message (a bug); the message is kept */
    HANDLER_FAILED,
    /** the database refused to store the message while others were stored (a poison message) */
    STORE_FAILED
}
