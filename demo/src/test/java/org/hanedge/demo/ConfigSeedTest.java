package org.hanedge.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The site document the demo stores for a real gateway: its site file without the uplink credential. */
class ConfigSeedTest {
    @TempDir
    Path tmp;

    @Test
    void theSiteFileWithoutItsCredential() throws IOException {
        Path file = tmp.resolve("site.yaml");
        Files.writeString(file, """
                gateway:
                  id: gw-lake-1
                devices:
                - id: lake-sonde
                  profile: lake
                  modbus: {transport: tcp, host: 127.0.0.1, port: 5020, unitId: 1}
                uplink:
                  broker: tcp://127.0.0.1:1883
                  username: gw-lake-1
                  password: "s3cret"
                  tls: {ca: ca.pem}
                  statsInterval: 10s
                outbox: {maxSize: 64MiB, policy: drop-oldest}
                """);
        Map<String, Object> doc = ConfigSeed.siteDocument(file);
        assertEquals(List.of("gateway", "devices", "uplink", "outbox"), List.copyOf(doc.keySet()));
        assertEquals(Map.of("broker", "tcp://127.0.0.1:1883", "statsInterval", "10s"), doc.get("uplink"));
        assertEquals(5020, ((Map<?, ?>) ((Map<?, ?>) ((List<?>) doc.get("devices")).get(0)).get("modbus")).get("port"));
    }

    @Test
    void aFileWithoutAMappingIsRefusedNamingIt() throws IOException {
        Path file = Files.writeString(tmp.resolve("bad.yaml"), "- just a list\n");
        IOException e = assertThrows(IOException.class, () -> ConfigSeed.siteDocument(file));
        assertEquals(file + " is not a site file (no mapping at the top)", e.getMessage());
    }
}
