package org.hanedge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.ModbusSource;
import org.hanedge.gateway.modbus.internal.BusConfig;
import org.hanedge.gateway.modbus.internal.ModbusBusRegistry;
import org.hanedge.gateway.modbus.internal.ModbusLink;
import org.hanedge.gateway.modbus.internal.PollGroup;
import org.hanedge.gateway.modbus.internal.PollPlanner;
import org.hanedge.gateway.modbus.internal.ReadRequest;
import org.hanedge.gateway.profile.ProfileLoader;
import org.hanedge.simulators.PtyPair;
import org.hanedge.simulators.modbus.ModbusRtuSlave;
import org.hanedge.simulators.modbus.RegisterBank;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Bus time of one poll cycle of a profile on a simulated RTU line: the gateway's real poll plan (coalesced, per poll
 * group) against one request per channel, both sent by the gateway's real j2mod link to the simulator's RTU slave
 * over a socat pseudo-terminal pair. The slave emulates the wire time of the baud rate, so the figures are what a
 * real 9600-baud RS-485 line would cost; the theoretical minimum counts 11-bit characters and a 3.5-character silence
 * after each frame.
 */
@Command(name = "bench modbus", mixinStandardHelpOptions = true,
        description = "Modbus RTU bus time per poll cycle: coalesced plan vs one request per channel.")
public final class ModbusBench implements Callable<Integer> {
    @Option(names = "--profiles", required = true, description = "device profile folder")
    Path profiles;
    @Option(names = "--profile", defaultValue = "pump-station", description = "profile to poll (default ${DEFAULT-VALUE})")
    String profileId;
    @Option(names = "--baud", defaultValue = "9600", description = "line speed (default ${DEFAULT-VALUE})")
    int baud;
    @Option(names = "--cycles", defaultValue = "20", description = "measured cycles per plan (default ${DEFAULT-VALUE})")
    int cycles;
    @Option(names = "--gap", defaultValue = "8", description = "coalescing gap in registers (default ${DEFAULT-VALUE})")
    int gap;
    @Option(names = "--out", description = "JSON result file")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ModbusBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        DeviceProfile profile = ProfileLoader.load(profiles.resolve(profileId + ".yaml"));
        List<ChannelSpec> channels = profile.channelsOn(ModbusSource.class);
        List<PollGroup> groups = PollPlanner.groups(channels, gap);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "modbus");
        result.put("time", Instant.now().toString());
        result.put("profile", profile.ref());
        result.put("modbusChannels", channels.size());
        result.put("baud", baud);
        result.put("cyclesMeasured", cycles);
        result.put("coalesceGap", gap);

        try (PtyPair pty = PtyPair.openTemp()) {
            RegisterBank bank = new RegisterBank(profile);
            try (ModbusRtuSlave slave = new ModbusRtuSlave(bank, 1).lineBaud(baud).start(pty.b().toString(), baud);
                    ModbusLink link = ModbusBusRegistry.j2modLink(BusConfig.rtu(pty.a().toString(), baud, "none", 8,
                            1))) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (PollGroup group : groups) {
                    List<ChannelSpec> groupChannels = group.requests().stream()
                            .flatMap(r -> r.channels().stream()).toList();
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("interval", group.interval().toString());
                    row.put("channels", groupChannels.size());
                    row.put("coalesced", measure(link, group.requests()));
                    row.put("onePerChannel", measure(link, PollPlanner.onePerChannel(groupChannels)));
                    rows.add(row);
                }
                result.put("pollGroups", rows);
                List<ReadRequest> all = groups.stream().flatMap(g -> g.requests().stream()).toList();
                result.put("fullCycleCoalesced", measure(link, all));
                result.put("fullCycleOnePerChannel", measure(link, PollPlanner.onePerChannel(channels)));
                result.put("busUtilisationCoalesced", utilisation(rows, "coalesced"));
                result.put("busUtilisationOnePerChannel", utilisation(rows, "onePerChannel"));
            }
        }
        print(result);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), result);
            System.out.println("written " + out);
        }
        return 0;
    }

    private Map<String, Object> measure(ModbusLink link, List<ReadRequest> plan) throws Exception {
        for (int i = 0; i < 2; i++) { // warm-up: connection, JIT
            cycle(link, plan);
        }
        double[] ms = new double[cycles];
        for (int i = 0; i < cycles; i++) {
            ms[i] = cycle(link, plan) / 1e6;
        }
        double mean = java.util.Arrays.stream(ms).average().orElse(0);
        double theoretical = RtuWireTime.cycleMillis(plan, baud);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", plan.size());
        m.put("bytesOnWire", RtuWireTime.cycleBytes(plan));
        m.put("busTimeMsMean", round(mean));
        m.put("busTimeMsMin", round(java.util.Arrays.stream(ms).min().orElse(0)));
        m.put("busTimeMsMax", round(java.util.Arrays.stream(ms).max().orElse(0)));
        m.put("theoreticalMinMs", round(theoretical));
        m.put("ratioToTheoretical", round(mean / theoretical));
        return m;
    }

    private static long cycle(ModbusLink link, List<ReadRequest> plan) throws Exception {
        long t0 = System.nanoTime();
        for (ReadRequest r : plan) {
            link.read(1, r, 1000);
        }
        return System.nanoTime() - t0;
    }

    @SuppressWarnings("unchecked")
    private static double utilisation(List<Map<String, Object>> rows, String plan) {
        double share = 0;
        for (Map<String, Object> row : rows) {
            double ms = (Double) ((Map<String, Object>) row.get(plan)).get("busTimeMsMean");
            share += ms / Duration.parse((String) row.get("interval")).toMillis();
        }
        return round(share * 100);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    @SuppressWarnings("unchecked")
    private static void print(Map<String, Object> r) {
        System.out.printf(Locale.ROOT, "Modbus RTU bus time, profile %s (%s Modbus channels), %s baud, %s cycles%n",
                r.get("profile"), r.get("modbusChannels"), r.get("baud"), r.get("cyclesMeasured"));
        String fmt = "%-22s %-14s %8s %8s %12s %14s %8s%n";
        System.out.printf(Locale.ROOT, fmt, "poll group", "plan", "requests", "bytes", "bus ms/cycle",
                "theoretical ms", "ratio");
        List<Map<String, Object>> rows = new ArrayList<>((List<Map<String, Object>>) r.get("pollGroups"));
        Map<String, Object> full = new LinkedHashMap<>();
        full.put("interval", "full cycle");
        full.put("coalesced", r.get("fullCycleCoalesced"));
        full.put("onePerChannel", r.get("fullCycleOnePerChannel"));
        rows.add(full);
        for (Map<String, Object> row : rows) {
            String name = row.get("interval") + (row.containsKey("channels") ? " (" + row.get("channels") + " ch)" : "");
            for (String plan : List.of("coalesced", "onePerChannel")) {
                Map<String, Object> m = (Map<String, Object>) row.get(plan);
                System.out.printf(Locale.ROOT, fmt, name, plan, m.get("requests"), m.get("bytesOnWire"),
                        m.get("busTimeMsMean"), m.get("theoreticalMinMs"), m.get("ratioToTheoretical"));
            }
        }
        System.out.printf(Locale.ROOT, "bus utilisation at the profile's poll intervals: coalesced %s %%, "
                + "one request per channel %s %%%n", r.get("busUtilisationCoalesced"),
                r.get("busUtilisationOnePerChannel"));
    }
}
