package org.hanedge.contract.mqtt;

import java.util.Locale;

/**
 * How a gateway encodes its telemetry; chosen per site ({@code format} of the uplink configuration). All three go to
 * {@link TopicKind#TELEMETRY} and every one is a valid RFC 8428 pack, so the receiver needs no setting: it reads
 * the {@link ContentType} (the thin form is SenML CBOR too, decoded by the same decoder).
 */
public enum TelemetryForm {
    /** SenML JSON, one record per reading in take order. */
    JSON("senml+json", ContentType.SENML_JSON),
    /** SenML CBOR with integer labels, one record per reading in take order. */
    CBOR("senml+cbor", ContentType.SENML_CBOR),
    /**
     * Thin links (cellular, satellite): SenML CBOR grouped by name with base name, base time, relative times, rounded
     * values and compact sequence numbers (docs/uplink.md, "Thin form").
     */
    THIN("senml+cbor-thin", ContentType.SENML_CBOR);

    private final String configName;
    private final ContentType contentType;

    TelemetryForm(String configName, ContentType contentType) {
        this.configName = configName;
        this.contentType = contentType;
    }

    /** The value of the {@code format} configuration property. */
    public String configName() {
        return configName;
    }

    public ContentType contentType() {
        return contentType;
    }

    /**
     * Whether a telemetry message of this form carries the {@value UserProperties#SEQ} and
     * {@value UserProperties#SEQ_COUNT} user properties. JSON and CBOR do; a thin pack numbers its records itself
     * (its first record's {@code seq} with {@code sr} or {@code so}) and goes without both, saving their 31 bytes.
     */
    public boolean carriesSeqProperties() {
        return this != THIN;
    }

    /**
     * The form a configuration value names ({@code senml+json}, {@code senml+cbor}, {@code senml+cbor-thin}, or the
     * constant's name); blank means {@link #JSON}.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static TelemetryForm fromConfig(String value) {
        if (value == null || value.isBlank()) {
            return JSON;
        }
        String v = value.trim();
        for (TelemetryForm f : values()) {
            if (f.configName.equalsIgnoreCase(v) || f.name().equalsIgnoreCase(v)) {
                return f;
            }
        }
        throw new IllegalArgumentException("format must be senml+json, senml+cbor or senml+cbor-thin, got '"
                + value + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
