package org.hanedge.gateway.site.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteConfigParserTest {
    @TempDir
    Path dir;

    private SiteConfig parse(String yaml) throws Exception {
        return SiteConfigParser.parse(write(yaml), dir.resolve("default-profiles"));
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("site.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private String error(String yaml) {
        return assertThrows(SiteConfigException.class, () -> parse(yaml)).getMessage();
    }

    @Test
    void mapsTcpAndRtuDevicesToDriverProperties() throws Exception {
        SiteConfig site = parse("""
                gateway: { id: gw-ps-01 }
                profiles: profiles
                devices:
                  - id: lake-sonde
                    profile: lake
                    modbus: { transport: tcp, host: 10.0.0.5, port: 5020, unitId: 3, timeout: 800ms }
                  - id: ps-plc
                    profile: pump-station
                    modbus: { transport: rtu, serialPort: /dev/ttyUSB0, baud: 19200, parity: even, offlinePoll: 1m }
                """);
        assertEquals("gw-ps-01", site.gatewayId());
        assertEquals(dir.resolve("profiles"), site.profilesDir());
        DeviceConfig tcp = site.devices().get(0);
        assertEquals("org.hanedge.gateway.modbus.device", tcp.factoryPid());
        assertEquals("(hanedge.profile.id=lake)", tcp.properties().get("profile.target"));
        assertEquals("10.0.0.5", tcp.properties().get("host"));
        assertEquals(5020, tcp.properties().get("port"));
        assertEquals(3, tcp.properties().get("unit.id"));
        assertEquals(800, tcp.properties().get("timeout.ms"));
        assertEquals(2, tcp.properties().get("retries"));
        DeviceConfig rtu = site.devices().get(1);
        assertEquals("rtu", rtu.properties().get("transport"));
        assertEquals("/dev/ttyUSB0", rtu.properties().get("serial.port"));
        assertEquals(19200, rtu.properties().get("serial.baud"));
        assertEquals("even", rtu.properties().get("serial.parity"));
        assertEquals(60, rtu.properties().get("offline.poll.s"));
        assertEquals(1, rtu.properties().get("unit.id"));
    }

    @Test
    void usesDefaultProfileDirectoryWhenNoneGiven() throws Exception {
        SiteConfig site = parse("gateway: { id: gw-1 }\n");
        assertEquals(dir.resolve("default-profiles"), site.profilesDir());
        assertTrue(site.devices().isEmpty());
    }

    @Test
    void namesFileAndFieldOfEveryMistake() {
        String unknownKey = error("gateway: { id: gw-1, name: x }\n");
        assertTrue(unknownKey.contains("site.yaml") && unknownKey.contains("gateway.name: unknown key"), unknownKey);

        String missingId = error("gateway: {}\n");
        assertTrue(missingId.contains("gateway.id: is required"), missingId);

        String badTransport = error("""
                gateway: { id: gw-1 }
                devices:
                  - { id: d1, profile: lake, modbus: { transport: udp } }
                """);
        assertTrue(badTransport.contains("devices[0].modbus.transport: must be tcp or rtu, not 'udp'"), badTransport);

        String badPort = error("""
                gateway: { id: gw-1 }
                devices:
                  - { id: d1, profile: lake, modbus: { transport: tcp, port: 70000 } }
                """);
        assertTrue(badPort.contains("devices[0].modbus.port: must be an integer from 1 to 65535"), badPort);

        String duplicate = error("""
                gateway: { id: gw-1 }
                devices:
                  - { id: d1, profile: lake, modbus: { transport: tcp } }
                  - { id: d1, profile: lake, modbus: { transport: tcp } }
                """);
        assertTrue(duplicate.contains("devices[1].id: duplicate device id 'd1'"), duplicate);

        String noBus = error("""
                gateway: { id: gw-1 }
                devices:
                  - { id: d1, profile: lake }
                """);
        assertTrue(noBus.contains("devices[0].modbus: device 'd1' has no bus section"), noBus);

        String badDuration = error("""
                gateway: { id: gw-1 }
                devices:
                  - { id: d1, profile: lake, modbus: { transport: tcp, timeout: soon } }
                """);
        assertTrue(badDuration.contains("devices[0].modbus.timeout: must be a duration"), badDuration);

        String rtuWithoutPort = error("""
                gateway: { id: gw-1 }
                devices:
                  - { id: d1, profile: lake, modbus: { transport: rtu } }
                """);
        assertTrue(rtuWithoutPort.contains("devices[0].modbus.serialPort: is required"), rtuWithoutPort);

        String badId = error("gateway: { id: 'gw 1/x' }\n");
        assertTrue(badId.contains("gateway.id: 'gw 1/x' is not a valid id"), badId);
    }

    @Test
    void reportsBrokenYamlWithTheFile() {
        String broken = error("gateway: { id: gw-1\ndevices: [\n");
        assertTrue(broken.contains("site.yaml: not valid YAML"), broken);
    }
}
