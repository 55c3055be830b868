package org.hanedge.gateway.api.outbox;

import java.time.Instant;
import java.util.Objects;

import org.hanedge.gateway.api.Reading;

/** What an outbox entry carries: a reading (sent as SenML telemetry) or an event document (sent as JSON). */
public sealed interface Payload permits Payload.OfReading, Payload.OfEvent {

    /** A reading, sent on the {@code telemetry} topic. */
    record OfReading(Reading reading) implements Payload {
        public OfReading {
            Objects.requireNonNull(reading, "reading");
        }
    }

    /**
     * An event document.
     *
     * @param topic topic suffix under the gateway's root, for example {@code alarm}
     * @param time  when the event happened
     * @param json  the JSON document, as specified for that topic
     */
    record OfEvent(String topic, Instant time, String json) implements Payload {
        public OfEvent {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(json, "json");
        }
    }
}
