package org.hanedge.fleet.ingest.senml;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.hanedge.gateway.api.Quality;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;

/**
 * Reads the records of one pack, one at a time, keeping the base name between them. One instance per decode call;
 * the per-record fields are reused, so a good record costs little more than its {@link SenmlRecord}.
 */
final class RecordReader {
    /** Longest {@code vs} accepted (the {@code reading.text} column). */
    static final int MAX_TEXT = 1024;
    /** The quality of a record whose number had no SenML representation (gateway's SenmlEncoder). */
    static final String NON_FINITE = "NON_FINITE";
    private static final double RELATIVE_LIMIT = 1 << 28;

    private static final int BN = 1, N = 2, U = 4, T = 8, V = 16, VB = 32, VS = 64, Q = 128, SEQ = 256,
            UNSUPPORTED = 512, IGNORED = 1024, MUST_UNDERSTAND = 2048;
    private static final int VALUES = V | VB | VS;

    /** Known quality names (canonical instances) and whether a record of that quality carries a value. */
    private static final Map<String, String> QUALITY_NAMES = new HashMap<>();
    private static final Map<String, Boolean> QUALITY_HAS_VALUE = new HashMap<>();

    static {
        for (Quality q : Quality.values()) {
            QUALITY_NAMES.put(q.name(), q.name());
            QUALITY_HAS_VALUE.put(q.name(), q.hasValue());
        }
        QUALITY_NAMES.put(NON_FINITE, NON_FINITE);
        QUALITY_HAS_VALUE.put(NON_FINITE, false);
    }

    private final String prefix;
    private final SenmlFormat format;
    private final byte[] payload;
    private final long nowMillis;

    private String baseName; // the last bn seen (even a foreign one: it still names the records after it)
    private String baseDevice; // device of baseName when it is exactly "{gatewayId}/{device}/"
    private int unusableBaseAt = -1; // record whose bn had the wrong type; records after it without bn are refused

    private int index;
    private int seen;
    private String bn, n, u, vs, q;
    private double t, v;
    private boolean vb;
    private long seq;
    private DeadLetterReason reason;
    private String detail;
    private String device, channel; // resolved name

    RecordReader(String gatewayId, SenmlFormat format, byte[] payload, long nowMillis) {
        this.prefix = gatewayId + "/";
        this.format = format;
        this.payload = payload;
        this.nowMillis = nowMillis;
    }

    /** Reads the record whose START_OBJECT is the current token, up to and including its END_OBJECT. */
    void read(JsonParser p, int index, List<SenmlRecord> records, List<RecordProblem> problems) throws IOException {
        long start = p.currentTokenLocation().getByteOffset();
        reset(index);
        JsonToken tok;
        while ((tok = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (value == null) {
                throw new JsonEOFException(p, null, "end-of-input after field name");
            }
            field(p, name, value);
            if (value.isStructStart()) {
                p.skipChildren();
            }
        }
        if (tok != JsonToken.END_OBJECT) {
            throw new JsonEOFException(p, tok, "end-of-input inside a record");
        }
        SenmlRecord record = finish();
        if (record != null) {
            records.add(record);
        } else {
            long end = p.currentLocation().getByteOffset();
            problems.add(new RecordProblem(index, reason, detail, RecordText.render(format, payload, start, end)));
        }
    }

    private void reset(int index) {
        this.index = index;
        seen = 0;
        bn = n = u = vs = q = null;
        t = v = Double.NaN;
        vb = false;
        seq = -1;
        reason = null;
        detail = null;
        device = channel = null;
    }

    private void field(JsonParser p, String name, JsonToken value) throws IOException {
        int id = format == SenmlFormat.JSON ? jsonField(name) : cborField(name);
        if (id == IGNORED) {
            return;
        }
        String label = labelOf(id, name);
        if (id == UNSUPPORTED) {
            fail(DeadLetterReason.BAD_RECORD, "\"" + label + "\" is not supported (the gateway never sends it)");
            return;
        }
        if (id == MUST_UNDERSTAND) {
            fail(DeadLetterReason.BAD_RECORD, "\"" + label + "\" is a must-understand field this server does not know");
            return;
        }
        if ((seen & id) != 0) {
            fail(DeadLetterReason.BAD_RECORD, "\"" + label + "\" appears twice");
        } else if ((id & VALUES) != 0 && (seen & VALUES) != 0) {
            fail(DeadLetterReason.BAD_RECORD, "more than one value field (\"" + labelOf(Integer.lowestOneBit(seen & VALUES), "")
                    + "\" and \"" + label + "\")");
        }
        seen |= id;
        switch (id) {
            case BN -> bn = string(p, value, label);
            case N -> n = string(p, value, label);
            case U -> u = string(p, value, label);
            case VS -> vs = string(p, value, label);
            case Q -> q = string(p, value, label);
            case T -> t = number(p, value, label);
            case V -> v = number(p, value, label);
            case VB -> {
                if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
                    vb = value == JsonToken.VALUE_TRUE;
                } else {
                    wrongType(label, value, "a boolean");
                }
            }
            case SEQ -> seq(p, value);
            default -> throw new IllegalStateException("field id " + id);
        }
    }

    private static int jsonField(String name) {
        return switch (name) {
            case "bn" -> BN;
            case "n" -> N;
            case "u" -> U;
            case "t" -> T;
            case "v" -> V;
            case "vb" -> VB;
            case "vs" -> VS;
            case "q" -> Q;
            case "seq" -> SEQ;
            case "bt", "bu", "bv", "bs", "s", "vd" -> UNSUPPORTED;
            default -> name.endsWith("_") ? MUST_UNDERSTAND : IGNORED;
        };
    }

    /** CBOR: RFC 8428 §6 integer labels (reported by Jackson as their decimal text) or the JSON names. */
    private static int cborField(String name) {
        return switch (name) {
            case "-2" -> BN;
            case "0" -> N;
            case "1" -> U;
            case "6" -> T;
            case "2" -> V;
            case "4" -> VB;
            case "3" -> VS;
            case "-3", "-4", "-5", "-6", "5", "8" -> UNSUPPORTED;
            default -> jsonField(name);
        };
    }

    private static String labelOf(int id, String name) {
        return switch (id) {
            case BN -> "bn";
            case N -> "n";
            case U -> "u";
            case T -> "t";
            case V -> "v";
            case VB -> "vb";
            case VS -> "vs";
            case Q -> "q";
            case SEQ -> "seq";
            default -> switch (name) {
                case "-3" -> "bt";
                case "-4" -> "bu";
                case "-5" -> "bv";
                case "-6" -> "bs";
                case "5" -> "s";
                case "8" -> "vd";
                default -> Texts.clip(name, 40);
            };
        };
    }

    private String string(JsonParser p, JsonToken value, String label) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        wrongType(label, value, "a string");
        return null;
    }

    private double number(JsonParser p, JsonToken value, String label) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_FLOAT || value == JsonToken.VALUE_NUMBER_INT) {
            double d = p.getDoubleValue();
            if (!Double.isFinite(d)) {
                fail(DeadLetterReason.BAD_RECORD, "\"" + label + "\" is " + d + ", expected a finite number");
            }
            return d;
        }
        wrongType(label, value, "a number");
        return Double.NaN;
    }

    private void seq(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            fail(DeadLetterReason.MISSING_SEQ, "\"seq\" is " + describe(value) + ", expected a non-negative integer");
        } else if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            fail(DeadLetterReason.MISSING_SEQ, "\"seq\" " + Texts.clip(p.getText(), 40) + " is too large");
        } else if (p.getLongValue() < 0) {
            fail(DeadLetterReason.MISSING_SEQ, "\"seq\" is " + p.getLongValue() + ", expected a non-negative integer");
        } else {
            seq = p.getLongValue();
        }
    }

    private void wrongType(String label, JsonToken value, String expected) {
        fail(DeadLetterReason.BAD_RECORD, "\"" + label + "\" is " + describe(value) + ", expected " + expected);
    }

    private void fail(DeadLetterReason why, String what) {
        if (reason == null) {
            reason = why;
            detail = "record " + index + ": " + what;
        }
    }

    /** The record, or null when it has a problem ({@link #reason}, {@link #detail}). */
    private SenmlRecord finish() {
        boolean hasBn = (seen & BN) != 0;
        if (hasBn) {
            setBase(bn);
        }
        if (reason == null) {
            resolveName(hasBn);
        }
        ValueType type = (seen & V) != 0 ? ValueType.NUMBER : (seen & VB) != 0 ? ValueType.BOOLEAN
                : (seen & VS) != 0 ? ValueType.TEXT : ValueType.NONE;
        String quality = reason == null ? quality(type) : null;
        long time = reason == null ? time() : 0;
        if (reason == null && (seen & SEQ) == 0) {
            fail(DeadLetterReason.MISSING_SEQ, "no \"seq\"");
        }
        if (reason != null) {
            return null;
        }
        return new SenmlRecord(index, device, channel, u, type,
                type == ValueType.NUMBER ? v : Double.NaN, type == ValueType.BOOLEAN ? Boolean.valueOf(vb) : null,
                type == ValueType.TEXT ? vs : null, time, quality, seq);
    }

    private void setBase(String newBase) {
        baseName = newBase;
        baseDevice = null;
        if (newBase == null) { // "bn" of the wrong type: later records must not inherit an older base name
            unusableBaseAt = index;
            return;
        }
        unusableBaseAt = -1;
        int last = newBase.length() - 1;
        if (newBase.startsWith(prefix) && last > prefix.length() && newBase.charAt(last) == '/'
                && newBase.indexOf('/', prefix.length()) == last) {
            baseDevice = newBase.substring(prefix.length(), last);
        }
    }

    /** Sets {@link #device} and {@link #channel} from the base name and {@code n}, or {@link #fail}s. */
    private void resolveName(boolean hasBn) {
        if (!hasBn && unusableBaseAt >= 0) {
            fail(DeadLetterReason.BAD_RECORD, "no usable base name (the \"bn\" of record " + unusableBaseAt
                    + " was not a string)");
            return;
        }
        if (baseDevice != null && n != null && !n.isEmpty()) {
            device = baseDevice;
            channel = n;
            return;
        }
        String full = (baseName == null ? "" : baseName) + (n == null ? "" : n);
        if (!full.startsWith(prefix)) {
            boolean foreign = baseName != null || full.indexOf('/') > 0;
            fail(foreign ? DeadLetterReason.FOREIGN_NAME : DeadLetterReason.BAD_RECORD, "name \"" + Texts.clip(full)
                    + "\"" + (baseName == null ? " (no base name before it)" : "") + " does not start with \""
                    + Texts.clip(prefix) + "\"" + (foreign ? ", it is not this gateway's" : ""));
            return;
        }
        String rest = full.substring(prefix.length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            fail(DeadLetterReason.BAD_RECORD, "name \"" + Texts.clip(full) + "\" has no device part (expected \""
                    + Texts.clip(prefix) + "{device}/{channel}\")");
            return;
        }
        if (slash == rest.length() - 1) {
            fail(DeadLetterReason.BAD_RECORD, "name \"" + Texts.clip(full) + "\" has no channel (\"n\" missing or empty)");
            return;
        }
        device = rest.substring(0, slash);
        channel = rest.substring(slash + 1);
    }

    /** The canonical quality name, null for GOOD; checks that a value is present exactly when the quality has one. */
    private String quality(ValueType type) {
        String canonical = null;
        boolean hasValue = true;
        if (q != null) {
            canonical = QUALITY_NAMES.get(q);
            if (canonical == null) {
                fail(DeadLetterReason.BAD_RECORD, "\"q\" is \"" + Texts.clip(q, 40) + "\", not a known quality");
                return null;
            }
            hasValue = QUALITY_HAS_VALUE.get(canonical);
            if (canonical.equals(Quality.GOOD.name())) {
                canonical = null;
            }
        }
        String shown = canonical == null ? "GOOD" : canonical;
        if (type == ValueType.NONE && hasValue) {
            fail(DeadLetterReason.BAD_RECORD, "no value (\"v\", \"vb\" or \"vs\") although the quality is " + shown);
        } else if (type != ValueType.NONE && !hasValue) {
            fail(DeadLetterReason.BAD_RECORD, "has a value although quality " + shown + " carries none");
        } else if (type == ValueType.TEXT && vs.length() > MAX_TEXT) {
            fail(DeadLetterReason.BAD_RECORD, "\"vs\" is " + vs.length() + " characters long, at most " + MAX_TEXT);
        }
        return canonical;
    }

    /** Epoch milliseconds; RFC 8428: no {@code t} is now, a {@code t} below 2^28 is relative to now. */
    private long time() {
        if ((seen & T) == 0) {
            return nowMillis;
        }
        long millis = Math.round(t * 1000);
        return t < RELATIVE_LIMIT ? nowMillis + millis : millis;
    }

    /** A token as a phrase for details: "a string", "an object", "the end of input". */
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
