package org.hanedge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.ModbusSource;
import org.hanedge.gateway.api.profile.ValueKind;
import org.hanedge.gateway.profile.ProfileLoader;
import org.hanedge.gateway.rules.internal.ReportByException;
import org.hanedge.simulators.modbus.RegisterBank;
import org.hanedge.simulators.signals.SignalModel;
import org.hanedge.simulators.signals.Signals;
import org.hanedge.simulators.signals.SimClock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Report-by-exception over a simulated day: a device of the profile (the simulators' signal model, e.g. the lake's
 * diurnal temperature and oxygen, turbidity spikes, slow level) is polled at the profile's intervals, and every poll
 * goes through the gateway's own report-by-exception filter (gw-rules) with the profile's deadbands, heartbeats and
 * windows. Counts the readings and the uplink messages (one per poll cycle that has something to send, as the
 * uplink sends what is pending) with and without the filter.
 */
@Command(name = "bench rbe", mixinStandardHelpOptions = true,
        description = "Uplink readings and messages with report-by-exception versus every poll, over a simulated day.")
public final class RbeBench implements Callable<Integer> {
    @Option(names = "--profiles", required = true, description = "device profiles directory")
    Path profiles;
    @Option(names = "--profile", defaultValue = "lake", description = "profile id (default ${DEFAULT-VALUE})")
    String profileId;
    @Option(names = "--hours", defaultValue = "24", description = "simulated hours (default ${DEFAULT-VALUE})")
    int hours;
    @Option(names = "--seed", defaultValue = "1", description = "signal model seed (default ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--out", description = "JSON result file")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new RbeBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        DeviceProfile profile = ProfileLoader.load(profiles.resolve(profileId + ".yaml"));
        RegisterBank bank = new RegisterBank(profile);
        SignalModel model = Signals.forBank(bank, seed);
        List<ChannelSpec> polled = profile.channelsOn(ModbusSource.class);
        String device = profileId + "-1";
        Instant start = ZonedDateTime.of(2026, 11, 27, 0, 0, 0, 0, SimClock.DA_NANG).toInstant();
        ReportByException rbe = new ReportByException((dev, ch) -> profile.channel(ch),
                Clock.fixed(start, ZoneOffset.UTC));
        long everyReadings = 0;
        long everyMessages = 0;
        long rbeReadings = 0;
        long rbeMessages = 0;
        Map<String, long[]> perChannel = new TreeMap<>();
        long seconds = Duration.ofHours(hours).toSeconds();
        long t0 = System.nanoTime();
        for (long s = 0; s < seconds; s++) {
            Instant now = start.plusSeconds(s);
            model.step(now.atZone(SimClock.DA_NANG), 1.0, bank);
            List<Reading> poll = new ArrayList<>();
            for (ChannelSpec c : polled) {
                long every = Math.max(1, c.poll().toSeconds());
                if (s % every == 0) {
                    poll.add(read(device, c, bank, now));
                }
            }
            List<Reading> sent = new ArrayList<>();
            if (!poll.isEmpty()) {
                everyReadings += poll.size();
                everyMessages++;
                sent.addAll(rbe.filter(poll));
                poll.forEach(r -> perChannel.computeIfAbsent(r.channel(), k -> new long[2])[0]++);
            }
            sent.addAll(rbe.tick(now));
            if (!sent.isEmpty()) {
                rbeReadings += sent.size();
                rbeMessages++;
                sent.forEach(r -> perChannel.computeIfAbsent(r.channel(), k -> new long[2])[1]++);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "rbe");
        result.put("profile", profile.id() + "@" + profile.version());
        result.put("simulatedHours", hours);
        result.put("everyPoll", Map.of("readings", everyReadings, "messages", everyMessages));
        result.put("reportByException", Map.of("readings", rbeReadings, "messages", rbeMessages));
        result.put("readingReductionPercent", pct(everyReadings, rbeReadings));
        result.put("messageReductionPercent", pct(everyMessages, rbeMessages));
        Map<String, Object> channels = new LinkedHashMap<>();
        perChannel.forEach((k, v) -> channels.put(k, Map.of("polled", v[0], "sent", v[1])));
        result.put("perChannel", channels);
        result.put("cpuSeconds", Math.round((System.nanoTime() - t0) / 1e7) / 100.0);
        String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result);
        System.out.println(json);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json);
        }
        return 0;
    }

    private static Reading read(String device, ChannelSpec c, RegisterBank bank, Instant now) {
        Object value = c.kind() == ValueKind.BOOLEAN ? (Object) bank.getBool(c.name()) : (Object) bank.get(c.name());
        return new Reading(device, c.name(), value, c.unit(), now, Quality.GOOD);
    }

    private static double pct(long before, long after) {
        return before == 0 ? 0 : Math.round(1000.0 * (before - after) / before) / 10.0;
    }
}
