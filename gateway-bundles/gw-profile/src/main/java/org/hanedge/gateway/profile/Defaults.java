package org.hanedge.gateway.profile;

import java.time.Duration;
import java.util.Map;

import org.hanedge.gateway.api.profile.Endian;

/** The profile's {@code defaults} block: values for channels that omit them. {@code heartbeat} null: none. */
record Defaults(Duration poll, Duration heartbeat, Endian byteOrder, Endian wordOrder) {
    /** Byte and word orders by their names in profiles. */
    static final Map<String, Endian> ENDIANS = Text.lowerNames(Endian.values());

    /** The defaults of a profile without a {@code defaults} block. */
    static final Defaults STANDARD = new Defaults(Durations.DEFAULT_POLL, null, Endian.BIG, Endian.BIG);
}
