package org.hanedge.gateway.profile;

import org.hanedge.gateway.api.profile.ValueKind;
import org.yaml.snakeyaml.nodes.Node;

/** Parses a channel's {@code source} mapping: picks the bus and hands the mapping to that bus's parser. */
final class SourceParser {
    private final NodeReader reader;
    private final ModbusSourceParser modbus;
    private final NmeaSourceParser nmea;
    private final AsciiSourceParser ascii;
    private final GpioSourceParser gpio;

    SourceParser(NodeReader reader, ChannelChecks checks) {
        this.reader = reader;
        this.modbus = new ModbusSourceParser(reader, checks);
        this.nmea = new NmeaSourceParser(reader);
        this.ascii = new AsciiSourceParser(reader);
        this.gpio = new GpioSourceParser(reader, checks);
    }

    /**
     * The source at {@code node}, or null when not even its value kind is known.
     *
     * @param channel      the channel's name, null if it has none
     * @param explicitKind the channel's {@code kind}, null if it names none
     */
    SourceInfo source(Node node, String path, String channel, Defaults defaults, ValueKind explicitKind) {
        YamlMap s = reader.map(node, path);
        if (s == null) {
            return null;
        }
        String name = reader.string(s, "bus", true);
        if (name == null) {
            return null;
        }
        Bus bus = Bus.byName(name);
        if (bus == null) {
            reader.problem(s.value("bus"), s.field("bus"), "unknown bus '" + name + "' (expected one of "
                    + Bus.names() + ")");
            return null;
        }
        s.allowOnly(bus.keys());
        return switch (bus) {
            case MODBUS -> modbus.parse(s, channel, defaults);
            case NMEA -> nmea.parse(s);
            case ASCII -> ascii.parse(s, explicitKind);
            case GPIO -> gpio.parse(s, channel);
        };
    }
}
