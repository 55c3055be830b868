package org.hanedge.gateway.uplink.mqtt.internal;

/** The two SenML representations the uplink can send (RFC 8428 §5 JSON, §6 CBOR). */
public enum SenmlFormat {
    JSON("senml+json", "application/senml+json"),
    CBOR("senml+cbor", "application/senml+cbor");

    private final String configName;
    private final String contentType;

    SenmlFormat(String configName, String contentType) {
        this.configName = configName;
        this.contentType = contentType;
    }

    /** The value of the {@code format} configuration property. */
    public String configName() {
        return configName;
    }

    /** The MQTT 5 content type of a telemetry message in this format. */
    public String contentType() {
        return contentType;
    }

    public static SenmlFormat fromConfig(String value) {
        if (value == null || value.isBlank()) {
            return JSON;
        }
        for (SenmlFormat f : values()) {
            if (f.configName.equalsIgnoreCase(value.trim()) || f.name().equalsIgnoreCase(value.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("format must be senml+json or senml+cbor, got '" + value + "'");
    }
}
