package org.hanedge.fleet.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.leshan.senml.SenMLPack;
import org.eclipse.leshan.senml.SenMLRecord;
import org.eclipse.leshan.senml.cbor.upokecenter.SenMLCborUpokecenterEncoderDecoder;
import org.eclipse.leshan.senml.json.jackson.SenMLJsonJacksonEncoderDecoder;
import org.hanedge.contract.mqtt.ContentType;
import org.hanedge.contract.senml.Precisions;
import org.hanedge.contract.senml.Sample;
import org.hanedge.contract.senml.SenmlEncoder;
import org.hanedge.contract.senml.SenmlFormat;
import org.hanedge.contract.senml.ThinEncoder;
import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.TestGateway;
import org.hanedge.fleet.credential.MqttCredentialService;
import org.hanedge.fleet.registry.GatewayRegistry;
import org.hanedge.fleet.registry.Site;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Issue 13's done-when: packs written by an independent SenML implementation (Eclipse Leshan's SenML JSON and CBOR
 * encoders), with base name, base time, times relative to it and base units, are stored by the server exactly like
 * the same readings sent by our own encoder; so is the thin form. Real embedded broker, real MQTT clients, the H2 file
 * database; the stored rows are compared.
 */
class ForeignSenmlIngestTest extends FleetServerTest {
    private static final String SONDE = "{\"lake-sonde\":\"lake@1.0.0\"}";
    /** The readings every gateway sends, whole seconds apart from {@link #T}, in pack order, seqs 1..4. */
    private static final long T = (System.currentTimeMillis() / 1000 - 120) * 1000;
    private static final Precisions PRECISIONS = (device, channel) -> "conductivity".equals(channel)
            ? new BigDecimal("0.1") : null;

    @Autowired
    GatewayRegistry registry;
    @Autowired
    MqttCredentialService credentials;
    @Autowired
    JdbcClient jdbc;

    /** A stored reading, everything but its gateway. */
    record Row(String device, String channel, String unit, String kind, long ts, long seq, Double num, String text,
            String quality) {
    }

    private static List<Sample> samples() {
        return List.of(Sample.bool("lake-sonde", "wiper_fault", false, T, null, 1),
                Sample.number("lake-sonde", "water_temperature", "Cel", 28.5, T + 10_000, null, 2),
                Sample.number("lake-sonde", "water_temperature", "Cel", 28.7, T + 20_000, null, 3),
                Sample.number("lake-sonde", "conductivity", "uS/cm", 448.7, T + 30_000, null, 4));
    }

    /**
     * The same readings as Leshan writes them: {@code bn} and {@code bt} on the first record, {@code t} relative to
     * {@code bt}, no per-record {@code seq} (numbered from the message's {@code seq} user property), conductivity in
     * the registered unit S/m. Leshan's SenML model has no unit fields (LwM2M does not use them).
     */
    private static SenMLPack leshanPack(String gatewayId) {
        BigDecimal bt = BigDecimal.valueOf(T).movePointLeft(3);
        return new SenMLPack(List.of(
                new SenMLRecord(gatewayId + "/lake-sonde/", bt, "wiper_fault", BigDecimal.ZERO, null, false, null,
                        null, null),
                new SenMLRecord(null, null, "water_temperature", BigDecimal.TEN, 28.5, null, null, null, null),
                new SenMLRecord(null, null, "water_temperature", new BigDecimal("20"), 28.7, null, null, null, null),
                new SenMLRecord(null, null, "conductivity", new BigDecimal("30"), 0.04487, null, null, null, null)));
    }

    /**
     * Leshan's JSON with the base units a unit-aware producer adds: {@code bu} Cel from the second record on, S/m on
     * the last (after the boolean, since a base unit cannot be unset). Only the {@code bu} members are ours.
     */
    private static byte[] leshanJsonWithBaseUnits(String gatewayId) throws Exception {
        byte[] leshan = new SenMLJsonJacksonEncoderDecoder().toSenML(leshanPack(gatewayId));
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode records = (ArrayNode) mapper.readTree(leshan);
        ((ObjectNode) records.get(1)).put("bu", "Cel");
        ((ObjectNode) records.get(3)).put("bu", "S/m");
        return mapper.writeValueAsBytes(records);
    }

    /** Leshan's pack without units: conductivity then must be in the field unit, uS/cm (or be refused). */
    private static SenMLPack leshanPackInFieldUnits(String gatewayId) {
        List<SenMLRecord> records = new ArrayList<>(leshanPack(gatewayId).getRecords());
        records.set(3, new SenMLRecord(null, null, "conductivity", new BigDecimal("30"), 448.7, null, null, null,
                null));
        return new SenMLPack(records);
    }

    private TestGateway lakeGateway(String id) {
        registry.register(List.of(new Site(id, "lake", "Hồ " + id, "Hồ", "Thanh Khe", 16.06, 108.21, "lake", null,
                List.of(), List.of("lake"))));
        TestGateway gw = TestGateway.connect(id, credentials.issueForGateway(id).password(), MQTT_PORT);
        gw.birth(SONDE);
        await().untilAsserted(() -> assertThat(jdbc.sql("SELECT COUNT(*) FROM gateway_device WHERE gateway_id = ?")
                .param(id).query(Long.class).single()).isEqualTo(1));
        return gw;
    }

    /** Sends one pack and returns the gateway's stored readings once all four are stored. */
    private List<Row> storedAfterSending(String id, byte[] pack, ContentType contentType) {
        try (TestGateway gw = lakeGateway(id)) {
            gw.telemetryBytes(pack, contentType.mime(), 1, 4);
            await().untilAsserted(() -> assertThat(rows(id)).hasSize(4));
        }
        assertThat(deadLetters(id)).as("dead letters of " + id).isEmpty();
        return rows(id);
    }

    private List<Row> rows(String gatewayId) {
        return jdbc.sql("SELECT s.device_id, s.channel, s.unit, s.value_kind, r.ts, r.seq, r.num, r.text, r.quality"
                + " FROM reading r JOIN series s ON s.id = r.series_id WHERE s.gateway_id = ? ORDER BY r.seq")
                .param(gatewayId)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getLong(6), (Double) rs.getObject(7), rs.getString(8), rs.getString(9)))
                .list();
    }

    private List<String> deadLetters(String gatewayId) {
        return jdbc.sql("SELECT reason || ': ' || detail FROM dead_letter WHERE gateway_id = ?").param(gatewayId)
                .query(String.class).list();
    }

    @Test
    void packsWrittenByLeshanWithBaseFieldsAreStoredExactlyLikeOurOwn() throws Exception {
        List<Row> ours = storedAfterSending("FOREIGN-OURS",
                new SenmlEncoder(SenmlFormat.JSON).encodePack("FOREIGN-OURS", samples(), PRECISIONS),
                ContentType.SENML_JSON);
        assertThat(ours).containsExactly(
                new Row("lake-sonde", "wiper_fault", null, "BOOLEAN", T, 1, 0.0, null, null),
                new Row("lake-sonde", "water_temperature", "Cel", "NUMBER", T + 10_000, 2, 28.5, null, null),
                new Row("lake-sonde", "water_temperature", "Cel", "NUMBER", T + 20_000, 3, 28.7, null, null),
                new Row("lake-sonde", "conductivity", "uS/cm", "NUMBER", T + 30_000, 4, 448.7, null, null));

        assertThat(storedAfterSending("FOREIGN-LJSON", leshanJsonWithBaseUnits("FOREIGN-LJSON"),
                ContentType.SENML_JSON)).as("Leshan JSON with bn, bt, bu, relative t").isEqualTo(ours);
        assertThat(storedAfterSending("FOREIGN-LCBOR",
                new SenMLCborUpokecenterEncoderDecoder().toSenML(leshanPackInFieldUnits("FOREIGN-LCBOR")),
                ContentType.SENML_CBOR)).as("Leshan CBOR with bn, bt, relative t, no units").isEqualTo(ours);
    }

    @Test
    void theThinFormAndCborAreStoredExactlyLikeJson() {
        List<Row> json = storedAfterSending("FORM-JSON",
                new SenmlEncoder(SenmlFormat.JSON).encodePack("FORM-JSON", samples(), PRECISIONS),
                ContentType.SENML_JSON);
        assertThat(storedAfterSending("FORM-CBOR",
                new SenmlEncoder(SenmlFormat.CBOR).encodePack("FORM-CBOR", samples(), PRECISIONS),
                ContentType.SENML_CBOR)).isEqualTo(json);
        assertThat(storedAfterSending("FORM-THIN", new ThinEncoder(1000).encode("FORM-THIN", samples(), PRECISIONS),
                ContentType.SENML_CBOR)).isEqualTo(json);
    }

    @Test
    void aUnitThatDoesNotConvertToTheFieldUnitIsRefusedAndTheRestStored() throws Exception {
        byte[] leshan = new SenMLJsonJacksonEncoderDecoder().toSenML(leshanPack("FOREIGN-BADUNIT"));
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode records = (ArrayNode) mapper.readTree(leshan);
        ((ObjectNode) records.get(3)).put("u", "Pa"); // conductivity in pascals
        try (TestGateway gw = lakeGateway("FOREIGN-BADUNIT")) {
            gw.telemetryBytes(mapper.writeValueAsBytes(records), ContentType.SENML_JSON.mime(), 1, 4);
            await().untilAsserted(() -> assertThat(deadLetters("FOREIGN-BADUNIT")).singleElement().asString()
                    .startsWith("WRONG_UNIT: record 3: unit \"Pa\" of lake-sonde/conductivity is neither the "
                            + "profile's \"uS/cm\""));
        }
        await().untilAsserted(() -> assertThat(rows("FOREIGN-BADUNIT")).extracting(Row::seq)
                .containsExactly(1L, 2L, 3L));
    }
}
