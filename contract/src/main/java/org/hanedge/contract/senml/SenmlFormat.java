package org.hanedge.contract.senml;

import org.hanedge.contract.mqtt.ContentType;

/** The two SenML representations (RFC 8428 §5 JSON, §6 CBOR). The thin form is {@link #CBOR}. */
public enum SenmlFormat {
    JSON(ContentType.SENML_JSON),
    CBOR(ContentType.SENML_CBOR);

    private final ContentType contentType;

    SenmlFormat(ContentType contentType) {
        this.contentType = contentType;
    }

    public ContentType contentType() {
        return contentType;
    }

    /**
     * The format of a telemetry payload: from the MQTT 5 content type when it names SenML, otherwise sniffed (the
     * first non-blank byte {@code [} is JSON, a CBOR array header is CBOR).
     *
     * @throws SenmlException {@link SenmlProblem#NOT_SENML} when neither tells
     */
    public static SenmlFormat detect(String contentType, byte[] payload) throws SenmlException {
        ContentType declared = ContentType.of(contentType).orElse(null);
        if (declared == ContentType.SENML_JSON) {
            return JSON;
        }
        if (declared == ContentType.SENML_CBOR) {
            return CBOR;
        }
        if (payload != null) {
            int i = payload.length >= 3 && (payload[0] & 0xff) == 0xef && (payload[1] & 0xff) == 0xbb
                    && (payload[2] & 0xff) == 0xbf ? 3 : 0;
            while (i < payload.length && (payload[i] == ' ' || payload[i] == '\t' || payload[i] == '\n'
                    || payload[i] == '\r')) {
                i++;
            }
            if (i < payload.length && payload[i] == '[') {
                return JSON;
            }
            if (payload.length > 0 && (payload[0] & 0xe0) == 0x80) {
                return CBOR;
            }
        }
        throw new SenmlException(SenmlProblem.NOT_SENML, (contentType == null ? "no content type"
                : "content type \"" + Texts.clip(contentType) + "\"")
                + " and the payload starts neither with '[' (SenML JSON) nor with a CBOR array (SenML CBOR)");
    }
}
