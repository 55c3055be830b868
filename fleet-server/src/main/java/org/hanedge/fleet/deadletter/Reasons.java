package org.hanedge.fleet.deadletter;

import java.util.LinkedHashMap;
import java.util.Map;

import org.hanedge.contract.mqtt.Topics;
import org.hanedge.fleet.ingest.IngestReason;
import org.hanedge.fleet.ingest.senml.DeadLetterReason;

/** Every dead-letter reason with its description, for the API and the UI's filter. */
final class Reasons {
    private static final Map<String, String> ALL = new LinkedHashMap<>();

    static {
        for (DeadLetterReason r : DeadLetterReason.values()) {
            ALL.put(r.name(), r.description());
        }
        ALL.put(IngestReason.UNKNOWN_GATEWAY.name(), "the topic's gateway is not in the registry");
        ALL.put(IngestReason.BAD_TOPIC.name(), "a topic outside the contract (" + Topics.ROOT + "{gateway}/{kind})");
        ALL.put(IngestReason.BAD_EVENT.name(), "an alarm, event, state, stats or config/reported message that is not the documented JSON");
        ALL.put(IngestReason.TOO_MANY_SERIES.name(), "the record would be a new series beyond the gateway's limit");
        ALL.put(IngestReason.TOO_MANY_DEVICES.name(),
                "a birth announcing too many devices, or a device id that is blank or too long");
        ALL.put(IngestReason.HANDLER_FAILED.name(), "the server failed on the message (a bug); it is kept");
        ALL.put(IngestReason.STORE_FAILED.name(), "the database refused to store it while other messages were stored");
    }

    private Reasons() {
    }

    static String describe(String reason) {
        return ALL.get(reason);
    }

    static Map<String, String> all() {
        return Map.copyOf(ALL);
    }

    static Map<String, String> ordered() {
        return java.util.Collections.unmodifiableMap(ALL);
    }
}
