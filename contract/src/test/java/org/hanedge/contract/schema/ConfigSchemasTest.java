package org.hanedge.contract.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hanedge.contract.config.ConfigDocuments;
import org.hanedge.contract.config.ConfigError;
import org.hanedge.contract.config.ConfigStatus;
import org.hanedge.contract.config.DesiredConfig;
import org.hanedge.contract.config.ReportedConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;

/** The configuration documents as the codec writes them validate; broken ones and pushed secrets do not. */
class ConfigSchemasTest {
    private static final String SITE = """
            {"gateway":{"id":"gw-ps-hoa-xuan"},"profiles":"profiles",
             "devices":[
               {"id":"ps-plc","profile":"pump-station","modbus":{"transport":"rtu","serialPort":"/dev/ttyUSB0",
                "baud":9600,"parity":"none","unitId":1,"timeout":"1s","offlinePoll":"30s"}},
               {"id":"lake-sonde","profile":"lake","modbus":{"transport":"tcp","host":"192.168.10.20","port":502}},
               {"id":"truck-gps","profile":"waste-truck","serial":{"port":"/dev/ttyUSB1","protocol":"nmea"}},
               {"id":"truck-io","profile":"waste-truck","gpio":{"provider":"sim","simAddress":"127.0.0.1:5030","simSpeed":10}}],
             "uplink":{"broker":"ssl://fleet.danang.example:8883","format":"senml+cbor-thin","gather":"30s",
                       "maxMessageBytes":"16KiB","rate":150,"keepalive":"30s"},
             "outbox":{"maxSize":"256MiB","policy":"drop-oldest","commitDelay":"200ms"},
             "rules":{"deadbands":{"lake-sonde/ph":0.05}},
             "remoteConfig":{"healthWindow":"60s"}}
            """;

    private static Set<ValidationMessage> validate(String schema, byte[] json) throws Exception {
        JsonSchema s = SchemasTest.schema(schema);
        return s.validate(SchemasTest.JSON.readTree(json));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> site(String json) throws Exception {
        return (Map<String, Object>) ConfigDocuments.fromJson(json.getBytes());
    }

    @Test
    void aFullDesiredDocumentIsValid() throws Exception {
        DesiredConfig d = new DesiredConfig(7, site(SITE), Map.of("lake", "1.0.0"), "ops", "deadband",
                Instant.parse("2026-11-27T04:00:00Z"));
        assertEquals(Set.of(), validate("config-desired", ConfigDocuments.write(d)));
    }

    @Test
    void aDesiredDocumentCarryingAProfileIsValidAndABadOneIsNot() throws Exception {
        DesiredConfig d = new DesiredConfig(8, site(SITE), Map.of("lake", "1.2.0"),
                Map.of("lake", new org.hanedge.contract.config.ProfileDocument("1.2.0", "0123456789abcdef".repeat(4),
                        "profile: lake\nversion: 1.2.0\n")), "ops", "new lake scale", null);
        assertEquals(Set.of(), validate("config-desired", ConfigDocuments.write(d)));
        String bad = new String(ConfigDocuments.write(d)).replace("\"sha256\":\"0123", "\"sha256\":\"XY23");
        assertFalse(validate("config-desired", bad.getBytes()).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // the credential never travels
        "{\"gateway\":{\"id\":\"gw1\"},\"uplink\":{\"broker\":\"tcp://h:1883\",\"password\":\"x\"}}",
        "{\"gateway\":{\"id\":\"gw1\"},\"uplink\":{\"broker\":\"tcp://h:1883\",\"username\":\"gw1\"}}",
        "{\"gateway\":{\"id\":\"gw1\"},\"uplink\":{\"broker\":\"tcp://h:1883\",\"tls\":{\"ca\":\"ca.pem\"}}}",
        // a pushed configuration keeps the uplink
        "{\"gateway\":{\"id\":\"gw1\"}}",
        "{\"gateway\":{\"id\":\"gw/1\"},\"uplink\":{\"broker\":\"tcp://h:1883\"}}",
        "{\"gateway\":{\"id\":\"gw1\"},\"uplink\":{\"broker\":\"tcp://h:1883\"},\"devices\":[{\"id\":\"a\",\"profile\":\"lake\"}]}",
        "{\"gateway\":{\"id\":\"gw1\"},\"uplink\":{\"broker\":\"tcp://h:1883\"},\"devices\":[{\"id\":\"a\",\"profile\":\"lake\",\"modbus\":{\"transport\":\"tcp\",\"unitId\":300}}]}",
        "{\"gateway\":{\"id\":\"gw1\"},\"uplink\":{\"broker\":\"tcp://h:1883\"},\"rules\":{\"deadbands\":{\"ph\":0.1}}}",
        "{\"gateway\":{\"id\":\"gw1\"},\"uplink\":{\"broker\":\"tcp://h:1883\"},\"colour\":\"blue\"}",
    })
    void brokenSitesAreRefused(String site) throws Exception {
        assertFalse(validate("config-desired", ConfigDocuments.write(DesiredConfig.of(3, site(site)))).isEmpty());
    }

    @Test
    void reportedDocumentsAreValid() throws Exception {
        Instant t = Instant.parse("2026-11-27T04:01:00Z");
        for (ReportedConfig r : List.of(
                new ReportedConfig("gw1", 8, ConfigStatus.APPLYING, List.of(), 7, t),
                new ReportedConfig("gw1", 8, ConfigStatus.APPLIED, List.of(), 8, t),
                new ReportedConfig("gw1", 9, ConfigStatus.ROLLED_BACK,
                        List.of(new ConfigError("devices[0]", "lake-1: 5 of 5 requests failed")), 8, t),
                new ReportedConfig("gw1", 10, ConfigStatus.REJECTED,
                        List.of(new ConfigError("devices[0].modbus.port", "must be an integer")), 8, t),
                new ReportedConfig("gw1", 8, ConfigStatus.DRIFT,
                        List.of(new ConfigError("devices[0].modbus.unitId", "edited locally")), 8, t))) {
            assertEquals(Set.of(), validate("config-reported", ConfigDocuments.write(r)), r.toString());
        }
        assertFalse(validate("config-reported", "{\"gateway\":\"gw1\",\"version\":9,\"status\":\"REJECTED\",\"errors\":[],\"lastGood\":8,\"time\":\"2026-11-27T04:01:00Z\"}".getBytes()).isEmpty());
        assertFalse(validate("config-reported", "{\"gateway\":\"gw1\",\"version\":9,\"status\":\"FINE\",\"errors\":[],\"lastGood\":8,\"time\":\"2026-11-27T04:01:00Z\"}".getBytes()).isEmpty());
    }
}
