package org.hanedge.contract.senml;

import java.util.Objects;

/**
 * One reading as the contract carries it: what the encoder takes and the decoder gives.
 *
 * <p>To the encoder, {@code unit} is the profile's field unit (the encoder maps it to a registered SenML unit with
 * {@link SenmlUnits}); from the decoder, it is the unit as received on the wire ({@code u} or {@code bu}, null when
 * absent): convert back with {@link SenmlUnits#convert}.
 *
 * @param device     device id
 * @param channel    channel name (without the {@code :q} suffix of a quality record)
 * @param unit       see above; null for none
 * @param type       which value
 * @param number     the number for {@link ValueType#NUMBER}, else NaN
 * @param bool       for {@link ValueType#BOOLEAN}, else null
 * @param text       for {@link ValueType#TEXT} (and DATA: base64url), else null
 * @param sum        {@code s} (plus {@code bs}), NaN when absent
 * @param timeMillis absolute time, epoch milliseconds
 * @param quality    the quality name, null for GOOD; a {@link ValueType#NONE} sample without a sum has one
 * @param seq        the outbox sequence number, {@code >= 0}
 */
public record Sample(String device, String channel, String unit, ValueType type, double number, Boolean bool,
        String text, double sum, long timeMillis, String quality, long seq) {

    public Sample {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(type, "type");
    }

    /** A numeric reading ({@code quality} null for GOOD, or e.g. UNCERTAIN). */
    public static Sample number(String device, String channel, String unit, double value, long timeMillis,
            String quality, long seq) {
        return new Sample(device, channel, unit, ValueType.NUMBER, value, null, null, Double.NaN, timeMillis, quality,
                seq);
    }

    public static Sample bool(String device, String channel, boolean value, long timeMillis, String quality, long seq) {
        return new Sample(device, channel, null, ValueType.BOOLEAN, Double.NaN, value, null, Double.NaN, timeMillis,
                quality, seq);
    }

    public static Sample text(String device, String channel, String value, long timeMillis, String quality, long seq) {
        return new Sample(device, channel, null, ValueType.TEXT, Double.NaN, null, Objects.requireNonNull(value),
                Double.NaN, timeMillis, quality, seq);
    }

    /** A reading without a value; {@code quality} (e.g. BAD_COMM) says why. */
    public static Sample noValue(String device, String channel, long timeMillis, String quality, long seq) {
        return new Sample(device, channel, null, ValueType.NONE, Double.NaN, null, null, Double.NaN, timeMillis,
                Objects.requireNonNull(quality, "quality"), seq);
    }

    /** The value as a number for storage: the number, or 1/0 for a boolean; NaN otherwise. */
    public double numeric() {
        return switch (type) {
            case NUMBER -> number;
            case BOOLEAN -> bool ? 1 : 0;
            default -> Double.NaN;
        };
    }

    /** Short form for logs and dead-letter details. */
    public String describe() {
        String value = switch (type) {
            case NUMBER -> "v=" + number;
            case BOOLEAN -> "vb=" + bool;
            case TEXT -> "vs=\"" + Texts.clip(text, 40) + "\"";
            case DATA -> "vd=" + Texts.clip(text, 40);
            case NONE -> Double.isNaN(sum) ? "no value" : "s=" + sum;
        };
        return Texts.clip(device, 64) + "/" + Texts.clip(channel, 64) + " " + value
                + (unit != null ? " u=" + Texts.clip(unit, 32) : "") + " t=" + timeMillis + "ms"
                + (quality != null ? " q=" + quality : "") + " seq=" + seq;
    }
}
