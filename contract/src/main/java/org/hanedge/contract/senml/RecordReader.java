package org.hanedge.contract.senml;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;

import org.hanedge.contract.mqtt.SeqRange;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;

/** Reads the records of one pack, one at a time, keeping the base fields and the sequence state between them. */
final class RecordReader {
    private static final double RELATIVE_LIMIT = 1 << 28;

    private final String prefix;
    private final SenmlFormat format;
    private final byte[] payload;
    private final long nowMillis;

    // base fields: persist across records
    private String baseName = "";
    private double baseTime, baseValue, baseSum;
    private String baseUnit;
    private int version = SenmlDecoder.SUPPORTED_VERSION;
    private String baseBroken; // a base field of the wrong type: later records cannot be resolved
    // sequence state
    private long previousSeq;
    private long firstSeq = -1;
    private long[] offsets;
    private boolean offsetsBroken; // an "so" that could not be read: no record after the first gets a seq from it
    private RankedRecords ranked; // "sr" of the first record: seqs follow from all records' times
    private boolean ranksBroken; // "sr" with "so", or a time that could not be read: no seq from the times

    // per record
    private int index;
    private long seen; // bit per label + 20
    private String n, u, vs, vd, q, problemDetail;
    private double t, v, s;
    private Boolean vb;
    private long seq;
    private long timeMillis;
    private SenmlProblem problem;

    RecordReader(String gatewayId, SenmlFormat format, byte[] payload, long nowMillis, long userFirstSeq) {
        this.prefix = gatewayId + "/";
        this.format = format;
        this.payload = payload;
        this.nowMillis = nowMillis;
        this.previousSeq = userFirstSeq < 0 ? -1 : userFirstSeq - 1;
    }

    void read(JsonParser p, int index, List<DecodedPack.Decoded> records, List<RecordProblem> problems)
            throws IOException {
        long start = p.currentTokenLocation().getByteOffset();
        reset(index);
        JsonToken tok;
        while ((tok = p.nextToken()) == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            if (value == null) {
                throw new JsonEOFException(p, null, "end-of-input after field name");
            }
            field(p, key, value);
            if (value.isStructStart()) {
                p.skipChildren();
            }
        }
        if (tok != JsonToken.END_OBJECT) {
            throw new JsonEOFException(p, tok, "end-of-input inside a record");
        }
        Sample sample = finish();
        long end = p.currentLocation().getByteOffset();
        if (ranked != null) {
            ranked.add(index, timeMillis, start, end);
        }
        if (sample != null) {
            records.add(new DecodedPack.Decoded(index, sample));
        } else {
            problems.add(new RecordProblem(index, problem, problemDetail,
                    RecordText.render(format, payload, start, end)));
        }
    }

    /**
     * After the last record: in an {@code sr} pack, gives each record without its own {@code seq} the number its
     * time and rank tell, or refuses it ({@link RankedRecords}). Other packs: nothing to do.
     */
    void complete(int count, List<DecodedPack.Decoded> records, List<RecordProblem> problems) {
        if (ranked != null) {
            ranked.complete(count, firstSeq, ranksBroken, records, problems);
        }
    }

    private void reset(int index) {
        this.index = index;
        seen = 0;
        n = u = vs = vd = q = problemDetail = null;
        t = 0;
        v = s = Double.NaN;
        vb = null;
        seq = -1;
        problem = null;
    }

    private void field(JsonParser p, String key, JsonToken value) throws IOException {
        int label = format == SenmlFormat.JSON ? Labels.ofJson(key) : Labels.ofCbor(key);
        if (label == Integer.MIN_VALUE && format == SenmlFormat.CBOR) {
            label = Labels.ofJson(key); // a CBOR encoder may use the JSON names as text keys
        }
        String name = label > Integer.MIN_VALUE + 1 ? Labels.jsonName(label) : Texts.clip(key, 40);
        if (label <= Integer.MIN_VALUE + 1) {
            extension(p, key, name, value);
            return;
        }
        long bit = 1L << (label + 20);
        if ((seen & bit) != 0) {
            fail(SenmlProblem.DUPLICATE_FIELD, "\"" + name + "\" appears twice");
            return;
        }
        seen |= bit;
        switch (label) {
            case Labels.BN -> {
                String bn = string(p, value, name);
                if (bn == null) {
                    baseBroken = "the \"bn\" of record " + index + " was not a string";
                } else {
                    baseName = bn;
                    baseBroken = null;
                }
            }
            case Labels.BT -> {
                double bt = number(p, value, name, Double.NaN);
                if (Double.isNaN(bt)) {
                    ranksBroken = true; // later times unknown
                } else {
                    baseTime = bt;
                }
            }
            case Labels.BU -> baseUnit = string(p, value, name);
            case Labels.BV -> baseValue = number(p, value, name, baseValue);
            case Labels.BS -> baseSum = number(p, value, name, baseSum);
            case Labels.BVER -> {
                if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        || p.getLongValue() < 1) {
                    fail(SenmlProblem.UNSUPPORTED_VERSION, "\"bver\" is " + describe(value) + " " + Texts.clip(p.getText(),
                            20) + ", expected a positive integer");
                } else if (p.getLongValue() > SenmlDecoder.SUPPORTED_VERSION) {
                    version = Integer.MAX_VALUE;
                } else {
                    version = p.getIntValue();
                }
            }
            case Labels.N -> n = string(p, value, name);
            case Labels.U -> u = string(p, value, name);
            case Labels.V -> v = number(p, value, name, Double.NaN);
            case Labels.S -> s = number(p, value, name, Double.NaN);
            case Labels.T -> {
                t = number(p, value, name, Double.NaN);
                if (Double.isNaN(t)) {
                    ranksBroken = true; // this record's time unknown
                    t = 0;
                }
            }
            case Labels.UT -> number(p, value, name, 0);
            case Labels.VS -> vs = string(p, value, name);
            case Labels.VB -> {
                if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
                    vb = value == JsonToken.VALUE_TRUE;
                } else {
                    wrongType(name, value, "a boolean");
                }
            }
            case Labels.VD -> vd = data(p, value);
            default -> throw new IllegalStateException("label " + label);
        }
    }

    private void extension(JsonParser p, String key, String name, JsonToken value) throws IOException {
        switch (key) {
            case Labels.Q -> {
                q = string(p, value, name);
                if (q != null && !isQualityName(q)) {
                    fail(SenmlProblem.BAD_QUALITY, "\"q\" is \"" + Texts.clip(q, 40) + "\", not a quality name");
                }
            }
            case Labels.SEQ -> seq(p, value);
            case Labels.SEQ_OFFSETS -> offsets(p, value);
            case Labels.SEQ_RANKS -> ranks(p, value);
            default -> {
                if (key.endsWith("_")) {
                    fail(SenmlProblem.MUST_UNDERSTAND, "\"" + name + "\" is a must-understand field this decoder does "
                            + "not know");
                }
            }
        }
    }

    static boolean isQualityName(String q) {
        if (q.isEmpty() || q.length() > 40 || q.charAt(0) < 'A' || q.charAt(0) > 'Z') {
            return false;
        }
        return q.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_');
    }

    private String string(JsonParser p, JsonToken value, String name) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        wrongType(name, value, "a string");
        return null;
    }

    private double number(JsonParser p, JsonToken value, String name, double fallback) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_FLOAT || value == JsonToken.VALUE_NUMBER_INT) {
            double d = p.getNumberType() == JsonParser.NumberType.FLOAT
                    ? new BigDecimal(Float.toString(p.getFloatValue())).doubleValue() // float32/16: its shortest decimal
                    : p.getDoubleValue();
            if (!Double.isFinite(d)) {
                fail(SenmlProblem.NON_FINITE, "\"" + name + "\" is " + d + ", expected a finite number");
                return fallback;
            }
            return d;
        }
        wrongType(name, value, "a number");
        return fallback;
    }

    private String data(JsonParser p, JsonToken value) throws IOException {
        if (format == SenmlFormat.CBOR && value == JsonToken.VALUE_EMBEDDED_OBJECT) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(p.getBinaryValue());
        }
        if (format == SenmlFormat.JSON && value == JsonToken.VALUE_STRING) {
            String text = p.getText();
            try {
                Base64.getUrlDecoder().decode(text);
                return text;
            } catch (IllegalArgumentException e) {
                fail(SenmlProblem.WRONG_TYPE, "\"vd\" is not base64url: " + Texts.clip(e.getMessage(), 60));
                return null;
            }
        }
        wrongType("vd", value, format == SenmlFormat.CBOR ? "a byte string" : "a base64url string");
        return null;
    }

    private void seq(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            fail(SenmlProblem.BAD_SEQ, "\"seq\" is " + describe(value) + ", expected a non-negative integer");
        } else if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER || !SeqRange.isValidSeq(p.getLongValue())) {
            fail(SenmlProblem.BAD_SEQ, "\"seq\" " + Texts.clip(p.getText(), 40) + " is outside 0.." + SeqRange.MAX_SEQ);
        } else {
            seq = p.getLongValue();
        }
    }

    private void ranks(JsonParser p, JsonToken value) throws IOException {
        if (index != 0 || value != JsonToken.VALUE_EMBEDDED_OBJECT) {
            fail(SenmlProblem.BAD_SEQ, "\"sr\" must be a byte string on the first record");
            return;
        }
        ranked = new RankedRecords(p.getBinaryValue(), format, payload);
        if (offsets != null) {
            bothSeqRules();
        }
    }

    private void bothSeqRules() {
        fail(SenmlProblem.BAD_SEQ, "\"so\" and \"sr\" on one record");
        ranksBroken = true;
    }

    private void offsets(JsonParser p, JsonToken value) throws IOException {
        if (index != 0 || value != JsonToken.VALUE_EMBEDDED_OBJECT) {
            fail(SenmlProblem.BAD_SEQ, "\"so\" must be a byte string on the first record");
            return;
        }
        if (ranked != null) {
            bothSeqRules();
        }
        byte[] b = p.getBinaryValue();
        long[] out = new long[b.length];
        int count = 0;
        long acc = 0;
        int shift = 0;
        for (byte x : b) {
            if (shift > 56) {
                fail(SenmlProblem.BAD_SEQ, "\"so\" has a varint longer than 9 bytes");
                offsetsBroken = true;
                return;
            }
            acc |= (long) (x & 0x7F) << shift;
            shift += 7;
            if ((x & 0x80) == 0) {
                out[count++] = (acc >>> 1) ^ -(acc & 1);
                acc = 0;
                shift = 0;
            }
        }
        if (shift != 0) {
            fail(SenmlProblem.BAD_SEQ, "\"so\" ends inside a varint");
            offsetsBroken = true;
            return;
        }
        offsets = java.util.Arrays.copyOf(out, count);
    }

    private void wrongType(String name, JsonToken value, String expected) {
        fail(SenmlProblem.WRONG_TYPE, "\"" + name + "\" is " + describe(value) + ", expected " + expected);
    }

    private void fail(SenmlProblem why, String what) {
        if (problem == null) {
            problem = why;
            problemDetail = "record " + index + ": " + what;
        }
    }

    /** The sample, or null when the record has a problem. */
    private Sample finish() {
        double time = baseTime + t;
        timeMillis = Math.round(time * 1000);
        if (time < RELATIVE_LIMIT) {
            timeMillis = nowMillis + timeMillis;
        }
        long resolvedSeq = resolveSeq();
        if (problem != null) {
            return null;
        }
        if (version > SenmlDecoder.SUPPORTED_VERSION) {
            fail(SenmlProblem.UNSUPPORTED_VERSION, "\"bver\" is above " + SenmlDecoder.SUPPORTED_VERSION
                    + ", the version this decoder understands");
            return null;
        }
        if (baseBroken != null) {
            fail(SenmlProblem.WRONG_TYPE, "no usable base name (" + baseBroken + ")");
            return null;
        }
        int values = (Double.isNaN(v) && (seen & bitOf(Labels.V)) == 0 ? 0 : 1) + (vb != null ? 1 : 0)
                + (vs != null ? 1 : 0) + (vd != null ? 1 : 0);
        if (values > 1) {
            fail(SenmlProblem.TWO_VALUES, "more than one value field (v, vs, vb, vd)");
            return null;
        }
        boolean hasSum = (seen & bitOf(Labels.S)) != 0;
        if (values == 0 && !hasSum) {
            fail(SenmlProblem.NO_VALUE, "no value (\"v\", \"vs\", \"vb\", \"vd\") and no sum (\"s\")");
            return null;
        }
        String name = baseName + (n == null ? "" : n);
        if (!SenmlNames.isValid(name)) {
            fail(SenmlProblem.BAD_NAME, "name \"" + Texts.clip(name) + "\" is empty or has characters RFC 8428 "
                    + "§4.5.1 forbids");
            return null;
        }
        int slashes = (int) name.chars().filter(ch -> ch == '/').count();
        String rest;
        if (slashes == 1) {
            rest = name; // {device}/{channel}: the gateway is the one the message came from (its topic)
        } else if (!name.startsWith(prefix)) {
            fail(SenmlProblem.FOREIGN_NAME, "name \"" + Texts.clip(name) + "\" does not start with \""
                    + Texts.clip(prefix) + "\", it is not this gateway's");
            return null;
        } else {
            rest = name.substring(prefix.length());
        }
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1 || rest.indexOf('/', slash + 1) >= 0) {
            fail(SenmlProblem.BAD_NAME, "name \"" + Texts.clip(name) + "\" is neither {gateway}/{device}/{channel} "
                    + "nor {device}/{channel}");
            return null;
        }
        String device = rest.substring(0, slash);
        String channel = rest.substring(slash + 1);
        if (vs != null && vs.length() > SenmlDecoder.MAX_TEXT) {
            fail(SenmlProblem.TEXT_TOO_LONG, "\"vs\" is " + vs.length() + " characters long, at most "
                    + SenmlDecoder.MAX_TEXT);
            return null;
        }
        String unit = u != null ? u : baseUnit;
        double sum = hasSum ? baseSum + s : Double.NaN;
        if (channel.endsWith(Labels.QUALITY_SUFFIX)) {
            if (vs == null || !isQualityName(vs)) {
                fail(SenmlProblem.BAD_QUALITY, "quality record \"" + Texts.clip(channel) + "\" needs \"vs\" = a "
                        + "quality name, got " + (vs == null ? "no vs" : "\"" + Texts.clip(vs, 40) + "\""));
                return null;
            }
            channel = channel.substring(0, channel.length() - Labels.QUALITY_SUFFIX.length());
            return new Sample(device, channel, null, ValueType.NONE, Double.NaN, null, null, Double.NaN, timeMillis,
                    vs, resolvedSeq);
        }
        if (values == 1 && !Double.isNaN(v)) {
            double value = baseValue + v;
            return new Sample(device, channel, unit, ValueType.NUMBER, value, null, null, sum, timeMillis, q,
                    resolvedSeq);
        }
        ValueType type = vb != null ? ValueType.BOOLEAN : vs != null ? ValueType.TEXT : vd != null ? ValueType.DATA
                : ValueType.NONE;
        return new Sample(device, channel, unit, type, Double.NaN, vb, type == ValueType.DATA ? vd : vs, sum,
                timeMillis, q, resolvedSeq);
    }

    private static long bitOf(int label) {
        return 1L << (label + 20);
    }

    private long resolveSeq() {
        long resolved = -1;
        if (seq >= 0) {
            resolved = seq;
        } else if (ranked != null && index >= 1) {
            return -1; // from all the records' times, after the last one (complete)
        } else if (index >= 1 && (offsetsBroken || offsets != null && index - 1 >= offsets.length)) {
            // never counted on from the previous record: that would give the record a number it may not have
            fail(SenmlProblem.BAD_SEQ, offsetsBroken ? "the first record's \"so\" could not be read"
                    : "\"so\" has " + offsets.length + " offsets, none for record " + index);
            previousSeq = -1;
            return -1;
        } else if (offsets != null && firstSeq >= 0 && index >= 1) {
            resolved = firstSeq + offsets[index - 1];
            if (!SeqRange.isValidSeq(resolved)) {
                fail(SenmlProblem.BAD_SEQ, "\"so\" offset " + offsets[index - 1] + " gives seq " + resolved);
                resolved = -1;
            }
        } else if (previousSeq >= 0 && previousSeq < SeqRange.MAX_SEQ) {
            resolved = previousSeq + 1;
        }
        if (index == 0) {
            firstSeq = resolved;
        }
        previousSeq = resolved;
        if (resolved < 0) {
            fail(SenmlProblem.MISSING_SEQ, "no \"seq\", no \"so\" offset and no sequence number to count on from");
        }
        return resolved;
    }

    static String describe(JsonToken token) {
        if (token == null) {
            return "nothing (end of input)";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a decimal number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case VALUE_EMBEDDED_OBJECT -> "binary data";
            default -> token.name();
        };
    }
}
