package org.hanedge.contract.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.InputStream;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The published schemas accept the documents of docs/uplink.md (commands included), docs/rules.md and docs/gpio.md and
 * refuse broken ones.
 */
class SchemasTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonSchema schema(String name) throws Exception {
        try (InputStream in = SchemasTest.class.getResourceAsStream("/org/hanedge/contract/schema/" + name
                + ".schema.json")) {
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        }
    }

    @ParameterizedTest(name = "{0} ok: {1}")
    @CsvSource(delimiter = '|', value = {
        "alarm | {\"alarm\":\"ps-plc/wet_well_level/HIGH_HIGH\",\"device\":\"ps-plc\",\"channel\":\"wet_well_level\",\"kind\":\"HIGH_HIGH\",\"state\":\"raised\",\"severity\":\"CRITICAL\",\"value\":3.1,\"limit\":3,\"time\":\"2026-11-27T04:00:04Z\",\"since\":\"2026-11-27T04:00:00Z\",\"message\":\"wet_well_level 3.10 m >= high-high 3.00 m\"}",
        "event | {\"type\":\"rule-action\",\"rule\":\"standby_pump_on_high_level\",\"profile\":\"pump-station\",\"reason\":\"wet well above the high level for 10 s, start the standby pump\",\"device\":\"ps-plc\",\"channel\":\"wet_well_level\",\"value\":3.6,\"outputDevice\":\"ps-io\",\"output\":\"pump3_run\",\"set\":true,\"status\":\"DONE\",\"detail\":null,\"time\":\"2026-11-27T04:00:14Z\"}",
        "event | {\"type\":\"output-write\",\"device\":\"ps-io\",\"channel\":\"pump1_run\",\"value\":true,\"origin\":\"server:ops\",\"status\":\"REFUSED_INTERLOCK\",\"reason\":\"interlock\",\"time\":\"2026-11-27T04:20:00Z\"}",
        "state | {\"online\":true,\"gateway\":\"gw1\",\"firmware\":\"0.1.0\",\"started\":\"2026-11-27T04:00:00Z\",\"connected\":\"2026-11-27T04:00:01Z\",\"profiles\":{\"lake\":\"1.0.0\"},\"devices\":{\"lake-sonde\":\"lake@1.0.0\"},\"position\":{\"lat\":16.10,\"lon\":108.24,\"time\":\"2026-11-27T04:00:00Z\",\"device\":\"boat-gps\",\"fix\":true}}",
        "state | {\"online\":false,\"gateway\":\"gw1\"}",
        "command-write | {\"id\":\"5b0f7c2e-4a8d-4f61-9a43-2f3c8e1d9b70\",\"device\":\"ps-io\",\"channel\":\"pump1_run\",\"value\":true,\"origin\":\"server:operator\"}",
        "command-write | {\"device\":\"lake-io\",\"channel\":\"aerator_speed\",\"value\":42.5}",
        "command-response | {\"status\":\"REFUSED_INTERLOCK\",\"reason\":\"interlock 'dry-run protection' (pump1_run needs wet_well_level >= 0.8): wet_well_level is 0.62 m\",\"id\":\"5b0f7c2e\",\"device\":\"ps-io\",\"channel\":\"pump1_run\",\"value\":true,\"origin\":\"server:operator\",\"time\":\"2026-11-27T04:12:00.125Z\"}",
        "command-response | {\"status\":\"DONE\",\"reason\":null,\"device\":\"ps-io\",\"channel\":\"pump1_run\",\"value\":false,\"origin\":\"server\",\"time\":\"2026-11-27T04:12:00Z\"}",
        "command-response | {\"status\":\"BAD_REQUEST\",\"reason\":\"field 'device' must be a string, got a number\",\"device\":7,\"channel\":\"pump1_run\",\"value\":null,\"time\":\"2026-11-27T04:12:00Z\"}",
        "command-response | {\"status\":\"FAILED\",\"reason\":\"busy: too many commands pending\",\"device\":null,\"channel\":null,\"value\":null,\"time\":\"2026-11-27T04:12:00Z\"}",
        "state | {\"online\":false,\"gateway\":\"gw1\",\"firmware\":\"0.1.0\",\"time\":\"2026-11-27T04:00:00Z\",\"reason\":\"shutdown\"}",
        "stats | {\"gateway\":\"gw1\",\"time\":\"2026-11-27T04:00:00Z\",\"uptimeS\":3600,\"outbox\":{\"pending\":{\"ALARM\":0,\"EVENT\":0,\"TELEMETRY\":12},\"inFlight\":4,\"bytesOnDisk\":8192,\"capacityBytes\":1048576,\"lastSeq\":123456,\"drops\":{\"FULL_DROPPED_OLDEST\":0,\"FULL_REJECTED\":0,\"CORRUPT\":0,\"IO_ERROR\":0}},\"uplink\":{\"messagesSent\":100,\"readingsSent\":9000,\"eventsSent\":3,\"reconnects\":2,\"failedAttempts\":5,\"inFlightMessages\":1,\"lastError\":\"x\",\"lastErrorTime\":\"2026-11-27T03:00:00Z\"},\"clock\":{\"synchronised\":true,\"source\":\"SERVER\",\"correctionMs\":31536000012,\"lastOffsetMs\":31536000012,\"lastRttMs\":4,\"epochs\":2,\"uncorrected\":0},\"heap\":{\"used\":12345678,\"max\":67108864},\"disk\":{\"path\":\"/data\",\"freeBytes\":123456789}}",
    })
    void documentsFromTheDocsAreValid(String name, String document) throws Exception {
        Set<ValidationMessage> errors = schema(name).validate(JSON.readTree(document));
        assertEquals(Set.of(), errors);
    }

    @ParameterizedTest(name = "{0} refused: {1}")
    @CsvSource(delimiter = '|', value = {
        "alarm | {\"alarm\":\"a\",\"device\":\"d\",\"channel\":\"c\",\"kind\":\"HIGH\",\"state\":\"up\",\"severity\":\"WARNING\",\"time\":\"2026-11-27T04:00:04Z\"}",
        "alarm | {\"alarm\":\"a\",\"device\":\"d\",\"channel\":\"c\",\"kind\":\"HIGH\",\"state\":\"raised\",\"severity\":\"WARNING\",\"time\":\"yesterday\"}",
        "event | {\"type\":\"output-write\",\"device\":\"ps-io\",\"time\":\"2026-11-27T04:20:00Z\"}",
        "state | {\"online\":true,\"gateway\":\"gw1\"}",
        "command-write | {\"device\":\"ps-io\",\"channel\":\"pump1_run\",\"value\":\"on\"}",
        "command-write | {\"id\":\" \",\"device\":\"ps-io\",\"channel\":\"pump1_run\",\"value\":true}",
        "command-write | {\"device\":\"ps-io\",\"value\":true}",
        "command-response | {\"status\":\"DONE\",\"reason\":null,\"device\":\"ps-io\",\"channel\":\"pump1_run\",\"value\":true,\"time\":\"2026-11-27T04:12:00Z\"}",
        "command-response | {\"status\":\"TIMED_OUT\",\"reason\":null,\"device\":\"ps-io\",\"channel\":\"pump1_run\",\"value\":true,\"origin\":\"server\",\"time\":\"2026-11-27T04:12:00Z\"}",
        "state | {\"online\":false,\"gateway\":\"gw/1\"}",
        "stats | {\"gateway\":\"gw1\",\"time\":\"2026-11-27T04:00:00Z\",\"uptimeS\":-1,\"outbox\":{},\"uplink\":{}}",
    })
    void brokenDocumentsAreRefused(String name, String document) throws Exception {
        assertFalse(schema(name).validate(JSON.readTree(document)).isEmpty());
    }
}
