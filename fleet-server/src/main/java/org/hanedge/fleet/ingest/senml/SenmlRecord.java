package org.hanedge.fleet.ingest.senml;

/**
 * One decoded SenML record with the base name resolved.
 *
 * @param index      position in the pack, from 0
 * @param deviceId   device part of the name ({@code {gatewayId}/{deviceId}/{channel}})
 * @param channel    channel part of the name
 * @param unit       {@code u}, or null when absent
 * @param valueType  which value field was present
 * @param number     {@code v}; NaN unless {@link ValueType#NUMBER}
 * @param bool       {@code vb}; null unless {@link ValueType#BOOLEAN}
 * @param text       {@code vs}; null unless {@link ValueType#TEXT}
 * @param timeMillis absolute time, epoch milliseconds (relative SenML times resolved against the decode time)
 * @param quality    {@code q}: a {@code Quality} name or {@code NON_FINITE}; null means GOOD (as in the database)
 * @param seq        the gateway's outbox sequence number, {@code >= 0}
 */
public record SenmlRecord(int index, String deviceId, String channel, String unit, ValueType valueType, double number,
        Boolean bool, String text, long timeMillis, String quality, long seq) {

    /** The value as a number for storage: {@code v}, or 1/0 for {@code vb}; NaN for text and value-less records. */
    public double numeric() {
        return switch (valueType) {
            case NUMBER -> number;
            case BOOLEAN -> bool ? 1 : 0;
            default -> Double.NaN;
        };
    }

    /** Short form for logs and dead-letter details. */
    public String describe() {
        String value = switch (valueType) {
            case NUMBER -> "v=" + number;
            case BOOLEAN -> "vb=" + bool;
            case TEXT -> "vs=\"" + Texts.clip(text, 40) + "\"";
            case NONE -> "no value";
        };
        return Texts.clip(deviceId, 64) + "/" + Texts.clip(channel, 64) + " " + value
                + (unit != null ? " u=" + Texts.clip(unit, 32) : "") + " t=" + timeMillis + "ms"
                + (quality != null ? " q=" + quality : "") + " seq=" + seq;
    }
}
