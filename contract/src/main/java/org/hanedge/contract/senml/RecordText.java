package org.hanedge.contract.senml;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;

/** Renders one record of a pack for a {@link RecordProblem}: JSON as received, CBOR as JSON with label names. */
final class RecordText {
    private static final JsonFactory JSON = new JsonFactory();
    private static final CBORFactory CBOR = new CBORFactory();

    private RecordText() {
    }

    static String render(SenmlFormat format, byte[] payload, long start, long end) {
        int from = (int) Math.max(0, Math.min(start, payload.length));
        int to = (int) Math.max(from, Math.min(end, payload.length));
        if (format == SenmlFormat.JSON) {
            return Texts.clip(new String(payload, from, to - from, StandardCharsets.UTF_8),
                    RecordProblem.MAX_RECORD_TEXT);
        }
        try {
            return Texts.clip(cborAsJson(payload, from, to), RecordProblem.MAX_RECORD_TEXT);
        } catch (Exception e) {
            byte[] slice = Arrays.copyOfRange(payload, from, Math.min(to, from + RecordProblem.MAX_RECORD_TEXT / 2 - 4));
            return "h'" + HexFormat.of().formatHex(slice) + "'";
        }
    }

    private static String cborAsJson(byte[] payload, int from, int to) throws Exception {
        StringWriter out = new StringWriter();
        try (JsonParser p = CBOR.createParser(payload, from, to - from); JsonGenerator g = JSON.createGenerator(out)) {
            JsonToken t;
            while ((t = p.nextToken()) != null && out.getBuffer().length() <= RecordProblem.MAX_RECORD_TEXT) {
                if (t == JsonToken.FIELD_NAME) {
                    int label = Labels.ofCbor(p.currentName());
                    g.writeFieldName(label > Integer.MIN_VALUE + 1 ? Labels.jsonName(label) : p.currentName());
                } else if (t == JsonToken.VALUE_EMBEDDED_OBJECT) {
                    g.writeString("<binary>");
                } else {
                    g.copyCurrentEvent(p);
                }
            }
        }
        return out.toString();
    }
}
