package org.hanedge.fleet.ingest.senml;

import java.util.Locale;

/** The two SenML representations a gateway may send (RFC 8428 §5 JSON, §6 CBOR). */
public enum SenmlFormat {
    JSON("application/senml+json"),
    CBOR("application/senml+cbor");

    private final String contentType;

    SenmlFormat(String contentType) {
        this.contentType = contentType;
    }

    /** The MQTT 5 content type of a telemetry message in this format. */
    public String contentType() {
        return contentType;
    }

    /**
     * The format of a telemetry payload: from the MQTT 5 content type when it names SenML (parameters after
     * {@code ;} are ignored), otherwise sniffed: the first non-blank byte {@code [} means JSON, a CBOR array header
     * (major type 4) means CBOR.
     *
     * @throws SenmlFormatException {@link DeadLetterReason#NOT_SENML} when neither tells
     */
    public static SenmlFormat detect(String contentType, byte[] payload) throws SenmlFormatException {
        if (contentType != null) {
            int semi = contentType.indexOf(';');
            String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
            for (SenmlFormat f : values()) {
                if (f.contentType.equals(type)) {
                    return f;
                }
            }
        }
        if (payload != null) {
            int i = payload.length >= 3 && (payload[0] & 0xff) == 0xef && (payload[1] & 0xff) == 0xbb
                    && (payload[2] & 0xff) == 0xbf ? 3 : 0; // UTF-8 byte order mark
            while (i < payload.length && isJsonBlank(payload[i])) {
                i++;
            }
            if (i < payload.length && payload[i] == '[') {
                return JSON;
            }
            if (payload.length > 0 && (payload[0] & 0xe0) == 0x80) {
                return CBOR;
            }
        }
        String declared = contentType == null ? "no content type" : "content type \"" + Texts.clip(contentType) + "\"";
        throw new SenmlFormatException(DeadLetterReason.NOT_SENML, declared
                + " and the payload starts neither with '[' (SenML JSON) nor with a CBOR array (SenML CBOR)");
    }

    private static boolean isJsonBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
