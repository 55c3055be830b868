package org.hanedge.fleet.ingest;

/** Dead-letter reasons found by the ingest itself (beyond the SenML decoder's). */
public enum IngestReason {
    /** the topic's gateway is not in the registry */
    UNKNOWN_GATEWAY,
    /** a topic outside the contract (hanedge/v1/{gateway}/{kind}) */
    BAD_TOPIC,
    /** an alarm, event, state or stats message that is not the JSON the contract describes */
    BAD_EVENT
}
