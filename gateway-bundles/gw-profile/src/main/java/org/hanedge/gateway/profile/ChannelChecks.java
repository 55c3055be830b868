package org.hanedge.gateway.profile;

import static org.hanedge.gateway.profile.Text.orElse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.hanedge.gateway.api.profile.Lwm2mMapping;
import org.hanedge.gateway.api.profile.RegisterTable;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Checks across the channels of one profile: unique channel names, GPIO pins and LwM2M resources, and Modbus items
 * that do not overlap, and the names windowed channels derive. Channels without a valid name are reported as
 * {@code '?'}.
 */
final class ChannelChecks {
    private final Problems problems;
    private final Map<String, Node> names = new HashMap<>();
    private final Map<Integer, String> pins = new HashMap<>();
    private final Map<String, String> lwm2m = new HashMap<>();
    private final List<ModbusUse> modbus = new ArrayList<>();
    private final List<Windowed> windowed = new ArrayList<>();

    /** The registers or bits one Modbus channel occupies, {@code start..end} inclusive; {@code bit} -1 for all. */
    private record ModbusUse(String channel, RegisterTable table, int start, int end, int bit, Node node,
            String field) {
        String describe() {
            String t = ModbusSourceParser.tableName(table);
            String where = start == end ? t + " " + start : t + " " + start + ".." + end;
            return bit >= 0 ? where + " bit " + bit : where;
        }
    }

    /** A channel with a report window, which also reports {@code <channel>_min} and {@code <channel>_max}. */
    private record Windowed(String channel, Node node, String field) {
    }

    ChannelChecks(Problems problems) {
        this.problems = problems;
    }

    /** Records a channel name, reporting it at {@code node} if an earlier channel has it. */
    void name(String name, Node node, String field) {
        Node first = names.putIfAbsent(name, node);
        if (first != null) {
            problems.at(node, field, "duplicate channel name '" + name + "' (first used at line "
                    + (first.getStartMark().getLine() + 1) + ")");
        }
    }

    /** Whether a channel of this name was declared (even one that failed validation). */
    boolean declared(String name) {
        return names.containsKey(name);
    }

    /** Records the GPIO pin of {@code channel}; false (and reported) if an earlier channel uses it. */
    boolean pin(int pin, String channel, Node node, String field) {
        String first = pins.putIfAbsent(pin, orElse(channel, "?"));
        if (first != null) {
            problems.at(node, field, "GPIO pin " + pin + " is already used by channel '" + first + "'");
            return false;
        }
        return true;
    }

    /** Records the LwM2M resource of {@code channel}, reporting it if an earlier channel uses it. */
    void lwm2m(Lwm2mMapping mapping, String channel, Node node, String field) {
        String first = lwm2m.putIfAbsent(mapping.toString(), orElse(channel, "?"));
        if (first != null) {
            problems.at(node, field, "LwM2M resource " + mapping + " is already used by channel '" + first + "'");
        }
    }

    /** Records the Modbus item of {@code channel}; overlaps are reported by {@link #modbusOverlaps()}. */
    void modbus(String channel, RegisterTable table, int start, int end, int bit, Node node, String field) {
        modbus.add(new ModbusUse(orElse(channel, "?"), table, start, end, bit, node, field));
    }

    /** Reports each Modbus item that overlaps an earlier one in the same table (once, naming the first). */
    void modbusOverlaps() {
        for (int i = 0; i < modbus.size(); i++) {
            ModbusUse b = modbus.get(i);
            for (int j = 0; j < i; j++) {
                ModbusUse a = modbus.get(j);
                if (a.table == b.table && a.start <= b.end && b.start <= a.end
                        && (a.bit < 0 || b.bit < 0 || a.bit == b.bit)) {
                    problems.at(b.node, b.field, b.describe() + " overlaps channel '" + a.channel + "' ("
                            + a.describe() + ")");
                    break;
                }
            }
        }
    }

    /** Records a channel with a report window; its derived names are checked by {@link #windowNames()}. */
    void windowed(String channel, Node node, String field) {
        windowed.add(new Windowed(channel, node, field));
    }

    /**
     * Reports each windowed channel whose derived channel {@code <name>_min} or {@code <name>_max} is also the name
     * of a declared channel.
     */
    void windowNames() {
        for (Windowed w : windowed) {
            for (String derived : List.of(w.channel + "_min", w.channel + "_max")) {
                Node other = names.get(derived);
                if (other != null) {
                    problems.at(w.node, w.field, "the window also reports '" + derived + "', which is the name of "
                            + "another channel (line " + (other.getStartMark().getLine() + 1) + ")");
                }
            }
        }
    }
}
