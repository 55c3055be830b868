package org.hanedge.bench;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
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
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.NmeaSource;
import org.hanedge.gateway.api.profile.Reporting;
import org.hanedge.gateway.api.profile.ValueKind;
import org.hanedge.gateway.serial.internal.BadInput;
import org.hanedge.gateway.serial.internal.LineFramer;
import org.hanedge.gateway.serial.internal.NmeaChannels;
import org.hanedge.gateway.serial.internal.NmeaParser;
import org.hanedge.simulators.serial.NmeaGps;
import org.hanedge.simulators.serial.Route;
import org.hanedge.simulators.serial.Routes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * CPU cost of the serial driver's NMEA path on one thread: N sentences (GGA, RMC, VTG, GSA in equal parts, valid
 * checksums, the simulators' waste-truck and fishing-boat routes including loss-of-fix epochs) as raw bytes through
 * the driver's {@link LineFramer}, {@link NmeaParser} and {@link NmeaChannels} (the waste-truck profile's 7 NMEA
 * channels), measured with the thread's CPU time (ThreadMXBean) and allocated bytes, after a warm-up. Also the
 * parser alone. No serial I/O: a 4800-baud line carries at most ~7 sentences per second, so the figure shows the
 * headroom per port.
 */
@Command(name = "bench nmea", mixinStandardHelpOptions = true,
        description = "CPU time per 1,000 NMEA sentences through the serial driver's framer, parser and channel mapping.")
public final class NmeaBench implements Callable<Integer> {
    @Option(names = "--sentences", defaultValue = "200000", description = "sentences per measured round (default ${DEFAULT-VALUE})")
    int sentences;
    @Option(names = "--rounds", defaultValue = "5", description = "measured rounds, best and median reported (default ${DEFAULT-VALUE})")
    int rounds;
    @Option(names = "--out", description = "JSON result file")
    Path out;

    private long sinkCount;

    public static void main(String[] args) {
        System.exit(new CommandLine(new NmeaBench()).execute(args));
    }

    static List<String> corpus(int n) {
        List<String> lines = new ArrayList<>(n);
        Route truck = Routes.wasteTruck();
        Route boat = Routes.fishingBoat();
        String[] talkers = {"GP", "GN", "GL", "GA", "BD"};
        Instant t0 = Instant.parse("2025-03-01T23:00:00Z");
        for (int epoch = 0; lines.size() < n; epoch++) {
            Route r = epoch % 2 == 0 ? truck : boat;
            double t = (epoch * 7.3) % r.duration();
            Route.State s = r.at(t);
            if (s.silent()) {
                s = new Route.State(s.t(), s.lat(), s.lon(), s.speedKn(), s.courseDeg(), s.fix(), false,
                        s.satellites(), s.hdop(), 0, true, s.place());
            }
            for (String line : NmeaGps.sentences(talkers[epoch % talkers.length], s, t0.plusSeconds(epoch))) {
                if (lines.size() < n) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    static ChannelSpec ch(String name, String unit, String sentence, String field) {
        return new ChannelSpec(name, name, unit, ValueKind.NUMBER, new NmeaSource(sentence, field),
                Duration.ofSeconds(5), Reporting.EVERY_SAMPLE, AlarmLimits.NONE, null);
    }

    @Override
    public Integer call() throws Exception {
        List<String> lines = corpus(sentences);
        StringBuilder sb = new StringBuilder(sentences * 72);
        for (String l : lines) {
            sb.append(l).append("\r\n");
        }
        byte[] wire = sb.toString().getBytes(StandardCharsets.US_ASCII);
        List<ChannelSpec> channels = List.of(ch("position_lat", "lat", "GGA", "latitude"),
                ch("position_lon", "lon", "GGA", "longitude"), ch("speed", "km/h", "RMC", "speed"),
                ch("course", "deg", "RMC", "course"), ch("fix_quality", "/", "GGA", "fix_quality"),
                ch("satellites", "count", "GGA", "satellites"), ch("hdop", "/", "GGA", "hdop"));
        NmeaChannels mapping = new NmeaChannels("bench", channels);
        Instant now = Instant.now();
        long[] bad = new long[1];
        LineFramer framer = LineFramer.nmea(new LineFramer.Listener() {
            @Override
            public void line(String line) {
                NmeaParser.Result r = NmeaParser.parse(line);
                if (r.ok()) {
                    List<Reading> rs = mapping.readings(r.sentence(), now);
                    sinkCount += rs.size();
                } else if (r.error() != BadInput.UNSUPPORTED) {
                    bad[0]++;
                }
            }

            @Override
            public void bad(BadInput reason, CharSequence sample) {
                bad[0]++;
            }
        });

        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        // warm-up: let the JIT compile the path
        for (int i = 0; i < 3; i++) {
            framer.feed(wire, 0, wire.length);
            parseOnly(lines);
        }
        List<double[]> full = new ArrayList<>();
        List<double[]> parse = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            long a0 = mx.getThreadAllocatedBytes(tid);
            long c0 = mx.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            // feed in 64-byte chunks, roughly what a read returns on a busy port
            for (int off = 0; off < wire.length; off += 64) {
                framer.feed(wire, off, Math.min(64, wire.length - off));
            }
            long c1 = mx.getCurrentThreadCpuTime();
            long w1 = System.nanoTime();
            long a1 = mx.getThreadAllocatedBytes(tid);
            full.add(new double[] {(c1 - c0) / 1e3 / sentences * 1000, sentences / ((w1 - w0) / 1e9),
                    (double) (a1 - a0) / sentences});
            long pa0 = mx.getThreadAllocatedBytes(tid);
            long pc0 = mx.getCurrentThreadCpuTime();
            long pw0 = System.nanoTime();
            parseOnly(lines);
            long pc1 = mx.getCurrentThreadCpuTime();
            long pw1 = System.nanoTime();
            long pa1 = mx.getThreadAllocatedBytes(tid);
            parse.add(new double[] {(pc1 - pc0) / 1e3 / sentences * 1000, sentences / ((pw1 - pw0) / 1e9),
                    (double) (pa1 - pa0) / sentences});
        }
        if (bad[0] != 0) {
            throw new IllegalStateException(bad[0] + " sentences refused; the corpus must be valid");
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "nmea");
        result.put("time", Instant.now().toString());
        result.put("java", System.getProperty("java.version"));
        result.put("cpus", Runtime.getRuntime().availableProcessors());
        result.put("sentencesPerRound", sentences);
        result.put("rounds", rounds);
        result.put("mix", "GGA, RMC, VTG, GSA in equal parts; talkers GP/GN/GL/GA/BD; waste-truck and fishing-boat routes");
        result.put("nmeaChannels", channels.size());
        result.put("framerParserAndChannels", summary(full));
        result.put("parserOnly", summary(parse));
        result.put("readingsProduced", sinkCount);

        System.out.printf(Locale.ROOT, "NMEA 0183, %d sentences x %d rounds (GGA/RMC/VTG/GSA), one thread, %s%n",
                sentences, rounds, "CPU time from ThreadMXBean");
        print("framer + parser + channels", full);
        print("parser only", parse);
        double best = ((Map<String, Double>) summary(full)).get("cpuMicrosPer1000Median");
        System.out.printf(Locale.ROOT, "a 4800-baud GPS (~4 sentences/s) costs about %.4f %% of one core%n",
                best / 1000 * 4 / 1e6 * 100);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), result);
            System.out.println("written " + out);
        }
        return 0;
    }

    private static long parseSink;

    private static void parseOnly(List<String> lines) {
        for (String l : lines) {
            if (NmeaParser.parse(l).ok()) {
                parseSink++;
            }
        }
    }

    private static Map<String, Double> summary(List<double[]> rows) {
        List<double[]> sorted = new ArrayList<>(rows);
        sorted.sort((x, y) -> Double.compare(x[0], y[0]));
        double[] med = sorted.get(sorted.size() / 2);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("cpuMicrosPer1000Best", round(sorted.get(0)[0]));
        m.put("cpuMicrosPer1000Median", round(med[0]));
        m.put("sentencesPerSecondMedian", round(med[1]));
        m.put("allocatedBytesPerSentenceMedian", round(med[2]));
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static void print(String name, List<double[]> rows) {
        Map<String, Double> s = summary(rows);
        System.out.printf(Locale.ROOT, "%-28s CPU %8.1f us per 1,000 sentences (best %.1f), %,.0f sentences/s, %.0f B allocated per sentence%n",
                name, s.get("cpuMicrosPer1000Median"), s.get("cpuMicrosPer1000Best"), s.get("sentencesPerSecondMedian"),
                s.get("allocatedBytesPerSentenceMedian"));
    }
}
