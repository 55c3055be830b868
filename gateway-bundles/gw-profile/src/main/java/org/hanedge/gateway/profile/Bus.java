package org.hanedge.gateway.profile;

import java.util.List;

/** The buses a channel source can be on, each with the keys its source mapping allows. */
enum Bus {
    MODBUS("bus", "table", "address", "type", "scale", "offset", "bit", "byteOrder", "wordOrder"),
    NMEA("bus", "sentence", "field"),
    ASCII("bus", "request", "pattern", "group", "scale"),
    GPIO("bus", "pin", "mode", "debounce", "activeLow", "perPulse");

    private final List<String> keys;

    Bus(String... keys) {
        this.keys = List.of(keys);
    }

    /** The keys allowed in a source on this bus. */
    List<String> keys() {
        return keys;
    }

    /** The bus written as {@code name} ({@code modbus}, ...), or null if there is none. */
    static Bus byName(String name) {
        for (Bus bus : values()) {
            if (Text.lower(bus).equals(name)) {
                return bus;
            }
        }
        return null;
    }

    /** The bus names in declaration order, for messages. */
    static String names() {
        return String.join(", ", Text.lowerNames(values()).keySet());
    }
}
