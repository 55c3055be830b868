package org.hanedge.systest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.eclipse.leshan.senml.SenMLDecoder;
import org.eclipse.leshan.senml.SenMLPack;
import org.eclipse.leshan.senml.SenMLRecord;
import org.eclipse.leshan.senml.cbor.upokecenter.SenMLCborUpokecenterEncoderDecoder;
import org.eclipse.leshan.senml.json.jackson.SenMLJsonJacksonEncoderDecoder;
import org.hanedge.contract.mqtt.GatewayTopic;
import org.hanedge.contract.mqtt.SeqRange;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.contract.senml.DecodedPack;
import org.hanedge.contract.senml.Sample;
import org.hanedge.contract.senml.SenmlDecoder;
import org.hanedge.contract.senml.SenmlFormat;
import org.hanedge.contract.senml.ValueType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Checks tapped messages against the wire contract with independent parts: every telemetry pack is decoded by
 * Eclipse Leshan's SenML JSON (Jackson) or CBOR (upokecenter) decoder and by ours, and both must see the same records
 * (name, value, time); every alarm, event, state and stats document must satisfy its published JSON Schema
 * ({@code /org/hanedge/contract/schema/{kind}.schema.json} of the contract module). Collects failures, does not throw.
 */
final class WireConformance {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SenmlDecoder OURS = new SenmlDecoder(1 << 20);
    private static final SenMLDecoder LESHAN_JSON = new SenMLJsonJacksonEncoderDecoder();
    private static final SenMLDecoder LESHAN_CBOR = new SenMLCborUpokecenterEncoderDecoder();

    /** Which telemetry form a pack has, told from the wire: JSON, CBOR, or thin (CBOR with a base time). */
    enum Form { JSON, CBOR, THIN }

    /** One record as either decoder sees it: full name, value (number, boolean, text), time in ms. */
    record Seen(String name, Object value, long timeMillis) {
    }

    private final Map<TopicKind, JsonSchema> schemas = new EnumMap<>(TopicKind.class);
    private final Map<Form, Integer> packs = new EnumMap<>(Form.class);
    private final Map<Form, Integer> records = new EnumMap<>(Form.class);
    private final Map<TopicKind, Integer> documents = new EnumMap<>(TopicKind.class);
    private final List<String> failures = new ArrayList<>();

    WireConformance() {
        for (TopicKind k : List.of(TopicKind.ALARM, TopicKind.EVENT, TopicKind.STATE, TopicKind.STATS)) {
            schemas.put(k, schema(k.path()));
        }
    }

    private static JsonSchema schema(String name) {
        String path = "/org/hanedge/contract/schema/" + name + ".schema.json";
        try (InputStream in = WireConformance.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("schema " + path + " is not on the class path");
            }
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks every message; an empty payload (a cleared retained message) is skipped. */
    WireConformance check(List<WireTap.Message> messages) {
        for (WireTap.Message m : messages) {
            if (m.payload().length == 0) {
                continue;
            }
            try {
                GatewayTopic topic = Topics.parse(m.topic());
                if (topic.kind() == TopicKind.TELEMETRY) {
                    telemetry(topic.gatewayId(), m);
                } else if (schemas.containsKey(topic.kind())) {
                    Set<ValidationMessage> errors = schemas.get(topic.kind()).validate(JSON.readTree(m.payload()));
                    documents.merge(topic.kind(), 1, Integer::sum);
                    if (!errors.isEmpty()) {
                        failures.add(m.topic() + ": " + errors + " in " + text(m));
                    }
                }
            } catch (Exception e) {
                failures.add(m.topic() + ": " + e + " in " + text(m));
            }
        }
        return this;
    }

    private void telemetry(String gateway, WireTap.Message m) throws Exception {
        SenmlFormat format = SenmlFormat.detect(m.contentType(), m.payload());
        SenMLPack theirs = (format == SenmlFormat.JSON ? LESHAN_JSON : LESHAN_CBOR).fromSenML(m.payload());
        DecodedPack ours = OURS.decode(gateway, m.payload(), format, System.currentTimeMillis(),
                SeqRange.fromProperties(m.seq(), m.seqCount()));
        Form form = format == SenmlFormat.JSON ? Form.JSON
                : theirs.getRecords().get(0).getBaseTime() != null ? Form.THIN : Form.CBOR;
        packs.merge(form, 1, Integer::sum);
        records.merge(form, theirs.getRecords().size(), Integer::sum);
        if (!ours.problems().isEmpty()) {
            failures.add(m.topic() + ": our decoder refused " + ours.problems());
        }
        List<Seen> a = leshanView(gateway, theirs);
        List<Seen> b = ourView(gateway, ours);
        if (!same(a, b)) {
            failures.add(m.topic() + " (" + form + "): Leshan sees " + a + ", we see " + b);
        }
    }

    /**
     * Leshan's names resolved by the contract's name rule (docs/uplink.md): a name with one {@code /} is
     * {@code {device}/{channel}} of the topic's gateway (the thin form leaves the gateway out).
     */
    private static List<Seen> leshanView(String gateway, SenMLPack pack) {
        List<Seen> out = new ArrayList<>();
        String bn = "";
        BigDecimal bt = BigDecimal.ZERO;
        for (SenMLRecord r : pack.getRecords()) {
            bn = r.getBaseName() != null ? r.getBaseName() : bn;
            bt = r.getBaseTime() != null ? r.getBaseTime() : bt;
            BigDecimal t = bt.add(r.getTime() == null ? BigDecimal.ZERO : r.getTime());
            Object v = r.getNumberValue() != null ? (Object) r.getNumberValue().doubleValue()
                    : r.getBooleanValue() != null ? r.getBooleanValue() : r.getStringValue();
            String name = bn + (r.getName() == null ? "" : r.getName());
            name = name.chars().filter(c -> c == '/').count() == 1 ? gateway + "/" + name : name;
            out.add(new Seen(name, v, t.movePointRight(3).longValue()));
        }
        return sorted(out);
    }

    private static List<Seen> ourView(String gateway, DecodedPack pack) {
        List<Seen> out = new ArrayList<>();
        for (Sample s : pack.samples()) {
            Object v = switch (s.type()) {
                case NUMBER -> s.number();
                case BOOLEAN -> s.bool();
                case TEXT -> s.text();
                default -> s.quality();
            };
            String channel = s.type() == ValueType.NONE ? s.channel() + ":q" : s.channel();
            out.add(new Seen(gateway + "/" + s.device() + "/" + channel, v, s.timeMillis()));
        }
        return sorted(out);
    }

    private static List<Seen> sorted(List<Seen> list) {
        list.sort(Comparator.comparing(Seen::name).thenComparing(Seen::timeMillis));
        return list;
    }

    /** Same names and times; numbers equal within half a float32 ulp (a float32 on the wire is a binary value). */
    private static boolean same(List<Seen> a, List<Seen> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            Seen x = a.get(i);
            Seen y = b.get(i);
            if (!x.name().equals(y.name()) || x.timeMillis() != y.timeMillis()) {
                return false;
            }
            if (x.value() instanceof Double d && y.value() instanceof Double e) {
                if (Math.abs(d - e) > Math.ulp((float) (double) d)) {
                    return false;
                }
            } else if (!java.util.Objects.equals(x.value(), y.value())) {
                return false;
            }
        }
        return true;
    }

    private static String text(WireTap.Message m) {
        String s = new String(m.payload(), java.nio.charset.StandardCharsets.UTF_8);
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    int packs(Form form) {
        return packs.getOrDefault(form, 0);
    }

    int documents(TopicKind kind) {
        return documents.getOrDefault(kind, 0);
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Counts for the test's output: packs and records per form, documents per kind. */
    String summary() {
        Map<String, Object> s = new TreeMap<>();
        for (Form f : Form.values()) {
            s.put("packs." + f, packs(f));
            s.put("records." + f, records.getOrDefault(f, 0));
        }
        documents.forEach((k, n) -> s.put("documents." + k, n));
        s.put("failures", failures.size());
        return s.toString();
    }
}
