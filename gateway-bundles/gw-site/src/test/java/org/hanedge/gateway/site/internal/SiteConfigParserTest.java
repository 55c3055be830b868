package org.hanedge.gateway.site.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
        assertEquals("lake-sonde", tcp.properties().get("hanedge.device.id"));
        assertEquals("lake", tcp.properties().get("hanedge.profile.id"));
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
        assertEquals("ps-plc", rtu.properties().get("hanedge.device.id"));
        assertEquals("pump-station", rtu.properties().get("hanedge.profile.id"));
    }

    @Test
    void mapsSerialDevicesToTheSerialDriver() throws Exception {
        SiteConfig site = parse("""
                gateway: { id: gw-truck-07 }
                devices:
                  - id: truck-gps
                    profile: waste-truck
                    serial: { port: /dev/ttyUSB0, baud: 9600, protocol: nmea, silenceTimeout: 5s }
                  - id: truck-scale
                    profile: waste-truck
                    serial: { port: /dev/ttyUSB1, protocol: ascii }
                """);
        DeviceConfig gps = site.devices().get(0);
        assertEquals("org.hanedge.gateway.serial.device", gps.factoryPid());
        assertEquals("(hanedge.profile.id=waste-truck)", gps.properties().get("profile.target"));
        assertEquals("truck-gps", gps.properties().get("hanedge.device.id"));
        assertEquals("waste-truck", gps.properties().get("hanedge.profile.id"));
        assertEquals("/dev/ttyUSB0", gps.properties().get("serial.port"));
        assertEquals(9600, gps.properties().get("serial.baud"));
        assertEquals("nmea", gps.properties().get("serial.protocol"));
        assertEquals(5, gps.properties().get("silence.timeout.s"));
        DeviceConfig scale = site.devices().get(1);
        assertEquals(4800, scale.properties().get("serial.baud"));
        assertEquals("ascii", scale.properties().get("serial.protocol"));
        assertEquals("truck-scale", scale.properties().get("hanedge.device.id"));
        assertEquals("waste-truck", scale.properties().get("hanedge.profile.id"));
    }

    @Test
    void mapsGpioDevicesToTheGpioDriver() throws Exception {
        SiteConfig site = parse("""
                gateway: { id: gw-boat-07 }
                devices:
                  - { id: boat-io, profile: fishing-boat, gpio: { provider: mock, stateDir: gpio-state } }
                """);
        DeviceConfig io = site.devices().get(0);
        assertEquals("org.hanedge.gateway.gpio.device", io.factoryPid());
        assertEquals("mock", io.properties().get("provider"));
        assertEquals("boat-io", io.properties().get("hanedge.device.id"));
        assertEquals("fishing-boat", io.properties().get("hanedge.profile.id"));
        assertEquals("auto", io.properties().get("pull"));
        assertEquals(dir.resolve("gpio-state").toString(), io.properties().get("state.dir"));
        String badProvider = error("""
                gateway: { id: gw-1 }
                devices:
                  - { id: io, profile: pump-station, gpio: { provider: wiringpi } }
                """);
        assertTrue(badProvider.contains("devices[0].gpio.provider: must be one of gpiod, linuxfs, mock, sim"),
                badProvider);
        SiteConfig rig = parse("""
                gateway: { id: gw-rig }
                devices:
                  - { id: boat-io, profile: fishing-boat, gpio: { provider: sim, simAddress: '127.0.0.1:5030' } }
                """);
        assertEquals("127.0.0.1:5030", rig.devices().get(0).properties().get("sim.address"));
        String simWithoutSim = error("""
                gateway: { id: gw-1 }
                devices:
                  - { id: io, profile: fishing-boat, gpio: { provider: gpiod, simAddress: '127.0.0.1:5030' } }
                """);
        assertTrue(simWithoutSim.contains("devices[0].gpio.simAddress: only with provider: sim"), simWithoutSim);
    }

    @Test
    void simSpeedGoesToTheGpioDriverOnlyWithTheSimProvider() throws Exception {
        SiteConfig fast = parse("""
                gateway: { id: gw-rig }
                devices:
                  - { id: ps-io, profile: pump-station, gpio: { provider: sim, simSpeed: 10 } }
                """);
        assertEquals(10.0, fast.devices().get(0).properties().get("sim.speed"));
        SiteConfig slow = parse("""
                gateway: { id: gw-rig }
                devices:
                  - { id: ps-io, profile: pump-station, gpio: { provider: sim, simSpeed: 0.5 } }
                """);
        assertEquals(0.5, slow.devices().get(0).properties().get("sim.speed"));
        SiteConfig real = parse("""
                gateway: { id: gw-rig }
                devices:
                  - { id: ps-io, profile: pump-station, gpio: { provider: sim } }
                """);
        assertFalse(real.devices().get(0).properties().containsKey("sim.speed"));

        String onHardware = error("""
                gateway: { id: gw-1 }
                devices:
                  - { id: io, profile: pump-station, gpio: { provider: gpiod, simSpeed: 10 } }
                """);
        assertTrue(onHardware.contains("devices[0].gpio.simSpeed: only with provider: sim"), onHardware);
        for (String bad : new String[] {"0", "-2", "fast", "20000"}) {
            String msg = error("""
                    gateway: { id: gw-1 }
                    devices:
                      - { id: io, profile: pump-station, gpio: { provider: sim, simSpeed: %s } }
                    """.formatted(bad));
            assertTrue(msg.contains("devices[0].gpio.simSpeed: must be a number greater than 0 and at most 10000, not '"
                    + bad + "'"), msg);
        }
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
        assertTrue(badTransport.contains("devices[0].modbus.transport: must be one of rtu, tcp, not 'udp'"), badTransport);

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
        assertTrue(noBus.contains("devices[0].modbus: device 'd1' needs exactly one bus section (modbus, serial or gpio)"), noBus);

        String twoBuses = error("""
                gateway: { id: gw-1 }
                devices:
                  - { id: d1, profile: lake, modbus: { transport: tcp }, serial: { port: /dev/ttyS0 } }
                """);
        assertTrue(twoBuses.contains("devices[0].serial: device 'd1' needs exactly one bus section"), twoBuses);

        String badProtocol = error("""
                gateway: { id: gw-1 }
                devices:
                  - { id: gps, profile: waste-truck, serial: { port: /dev/ttyUSB0, protocol: nmea2000 } }
                """);
        assertTrue(badProtocol.contains("devices[0].serial.protocol: must be one of ascii, auto, nmea"), badProtocol);

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
    void mapsUplinkAndOutboxSections() throws Exception {
        SiteConfig site = parse("""
                gateway: { id: gw-boat-07 }
                uplink:
                  broker: ssl://fleet.danang.example:8883
                  username: gw-boat-07
                  password: s3cret-Pa55
                  format: senml+cbor
                  tls: { ca: certs/ca.pem }
                  maxMessageBytes: 4KiB
                  rate: 10
                outbox: { maxSize: 64MiB, policy: reject-new, commitDelay: 100ms, directory: /var/lib/hanedge/ob }
                """);
        Map<String, Object> up = site.uplink().orElseThrow();
        assertEquals("gw-boat-07", up.get("gateway.id"));
        assertEquals("ssl://fleet.danang.example:8883", up.get("broker.uri"));
        assertEquals("senml+cbor", up.get("format"));
        assertEquals(dir.resolve("certs/ca.pem").toString(), up.get("tls.ca.file"));
        assertEquals(4096, up.get("max.message.bytes"));
        assertEquals(10, up.get("rate.messages.per.s"));
        assertEquals(60, up.get("stats.interval.s"));
        assertEquals("s3cret-Pa55", up.get("password"));
        assertEquals("********", UplinkSection.masked(up).get("password"));
        assertTrue(!UplinkSection.masked(up).toString().contains("s3cret"));
        assertEquals(64L << 20, site.outbox().get("max.bytes"));
        assertEquals("reject-new", site.outbox().get("policy"));
        assertEquals(100, site.outbox().get("commit.delay.ms"));
        assertEquals("/var/lib/hanedge/ob", site.outbox().get("directory"));
    }

    @Test
    void outboxHasDefaultsAndUplinkIsOptional() throws Exception {
        SiteConfig site = parse("gateway: { id: gw-1 }\n");
        assertTrue(site.uplink().isEmpty());
        assertEquals(256L << 20, site.outbox().get("max.bytes"));
        assertEquals("drop-oldest", site.outbox().get("policy"));
        assertTrue(!site.outbox().containsKey("directory"));
    }

    @Test
    void uplinkMistakesAreNamedWithoutEchoingSecrets() {
        String badBroker = error("gateway: { id: gw-1 }\nuplink: { broker: 'http://x:80' }\n");
        assertTrue(badBroker.contains("uplink.broker: 'http://x:80' must look like tcp://host:1883"), badBroker);
        String badPassword = error("gateway: { id: gw-1 }\nuplink: { broker: 'tcp://x:1883', password: 12345678 }\n");
        assertTrue(badPassword.contains("uplink.password: must be a non-empty string")
                && !badPassword.contains("12345678"), badPassword);
        String halfTls = error("""
                gateway: { id: gw-1 }
                uplink: { broker: 'ssl://x:8883', tls: { ca: ca.pem, clientCert: c.pem } }
                """);
        assertTrue(halfTls.contains("uplink.tls: clientCert and clientKey go together"), halfTls);
        String badSize = error("gateway: { id: gw-1 }\noutbox: { maxSize: lots }\n");
        assertTrue(badSize.contains("outbox.maxSize: must be a size such as 64KiB"), badSize);
        String badPolicy = error("gateway: { id: gw-1 }\noutbox: { policy: keep-all }\n");
        assertTrue(badPolicy.contains("outbox.policy: must be one of drop-oldest, reject-new"), badPolicy);
    }

    @Test
    void thinLinkFormGathersOverTheWindowTheSiteChooses() throws Exception {
        Map<String, Object> up = parse("""
                gateway: { id: gw-boat-07 }
                uplink: { broker: 'tcp://x:1883', format: senml+cbor-thin, gather: 30s }
                """).uplink().orElseThrow();
        assertEquals("senml+cbor-thin", up.get("format"));
        assertEquals(30_000L, up.get("gather.ms"));
        Map<String, Object> noGather = parse("""
                gateway: { id: gw-boat-07 }
                uplink: { broker: 'tcp://x:1883', format: senml+cbor-thin }
                """).uplink().orElseThrow();
        assertTrue(!noGather.containsKey("gather.ms"), "no window: sent as taken");
    }

    @Test
    void gatherMistakesAreNamed() {
        String notThin = error("gateway: { id: gw-1 }\nuplink: { broker: 'tcp://x:1883', gather: 30s }\n");
        assertTrue(notThin.contains("uplink.gather: applies to format senml+cbor-thin only")
                && notThin.contains("format is senml+json"), notThin);
        String tooLong = error("gateway: { id: gw-1 }\n"
                + "uplink: { broker: 'tcp://x:1883', format: senml+cbor-thin, gather: 2h }\n");
        assertTrue(tooLong.contains("uplink.gather: must be at most 1h"), tooLong);
        String notADuration = error("gateway: { id: gw-1 }\n"
                + "uplink: { broker: 'tcp://x:1883', format: senml+cbor-thin, gather: soon }\n");
        assertTrue(notADuration.contains("uplink.gather: must be a duration such as 500ms"), notADuration);
        String badFormat = error("gateway: { id: gw-1 }\nuplink: { broker: 'tcp://x:1883', format: thin }\n");
        assertTrue(badFormat.contains("uplink.format: must be one of senml+cbor, senml+cbor-thin, senml+json"),
                badFormat);
    }

    @Test
    void reportsBrokenYamlWithTheFile() {
        String broken = error("gateway: { id: gw-1\ndevices: [\n");
        assertTrue(broken.contains("site.yaml: not valid YAML"), broken);
    }

    @Test
    void rulesAndRemoteConfigSections() throws Exception {
        SiteConfig site = parse("""
                gateway: { id: gw-1 }
                devices:
                  - { id: lake-1, profile: lake, modbus: { transport: tcp } }
                rules: { deadbands: { lake-1/ph: 0.05, lake-1/water_temperature: 1 } }
                remoteConfig: { healthWindow: 90s }
                """);
        assertEquals(java.util.List.of("lake-1/ph=0.05", "lake-1/water_temperature=1.0"),
                java.util.List.of((String[]) site.rules().get("deadband.overrides")));
        assertEquals(90_000, site.remoteConfig().get("health.window.ms"));

        SiteConfig defaults = parse("gateway: { id: gw-1 }\n");
        assertEquals(0, ((String[]) defaults.rules().get("deadband.overrides")).length);
        assertEquals(60_000, defaults.remoteConfig().get("health.window.ms"));

        String unknownDevice = error("gateway: { id: gw-1 }\nrules: { deadbands: { lake-9/ph: 0.1 } }\n");
        assertTrue(unknownDevice.contains("rules.deadbands.lake-9/ph: no device 'lake-9' on this site"), unknownDevice);
        String noChannel = error("""
                gateway: { id: gw-1 }
                devices: [ { id: lake-1, profile: lake, modbus: { transport: tcp } } ]
                rules: { deadbands: { lake-1: 0.1 } }
                """);
        assertTrue(noChannel.contains("rules.deadbands.lake-1: must be device/channel"), noChannel);
        String negative = error("""
                gateway: { id: gw-1 }
                devices: [ { id: lake-1, profile: lake, modbus: { transport: tcp } } ]
                rules: { deadbands: { lake-1/ph: -1 } }
                """);
        assertTrue(negative.contains("rules.deadbands.lake-1/ph: must be a number of at least 0"), negative);
        String longWindow = error("gateway: { id: gw-1 }\nremoteConfig: { healthWindow: 2h }\n");
        assertTrue(longWindow.contains("remoteConfig.healthWindow: must be at most 1h"), longWindow);
    }
}
