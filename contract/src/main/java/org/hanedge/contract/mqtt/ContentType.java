package org.hanedge.contract.mqtt;

import java.util.Locale;
import java.util.Optional;

/** The MQTT 5 content types of the contract. */
public enum ContentType {
    /** SenML JSON pack (RFC 8428 §5), telemetry. */
    SENML_JSON("application/senml+json", true),
    /** SenML CBOR pack (RFC 8428 §6), telemetry, the CBOR and the thin form alike. */
    SENML_CBOR("application/senml+cbor", false),
    /** Alarm, event, state, stats documents and command / time requests and responses. */
    JSON("application/json", true);

    private final String mime;
    private final boolean utf8;

    ContentType(String mime, boolean utf8) {
        this.mime = mime;
        this.utf8 = utf8;
    }

    /** The MIME type as sent in the MQTT 5 Content Type property. */
    public String mime() {
        return mime;
    }

    /** Whether the payload is UTF-8 text: such messages also set the Payload Format Indicator to 1. */
    public boolean utf8() {
        return utf8;
    }

    /** The content type of an MQTT 5 Content Type property; parameters after {@code ;} and case are ignored. */
    public static Optional<ContentType> of(String property) {
        if (property == null) {
            return Optional.empty();
        }
        int semi = property.indexOf(';');
        String type = (semi < 0 ? property : property.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        for (ContentType c : values()) {
            if (c.mime.equals(type)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
