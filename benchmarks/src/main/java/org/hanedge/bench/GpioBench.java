package org.hanedge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.ReadingSink;
import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.GpioMode;
import org.hanedge.gateway.api.profile.GpioSource;
import org.hanedge.gateway.api.profile.Reporting;
import org.hanedge.gateway.api.profile.ValueKind;
import org.hanedge.gateway.gpio.internal.GpioClock;
import org.hanedge.gateway.gpio.internal.GpioDevice;
import org.hanedge.gateway.gpio.internal.GpioDeviceOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Gap between a GPIO edge and the publication of its reading: the gateway's real GpioDevice on Pi4J's mock provider
 * with the system clock. The edge time is System.nanoTime() just before MockDigitalInput#mockState (which dispatches
 * the Pi4J state-change event on the calling thread, as a provider's event thread would); the publication time is
 * System.nanoTime() when the device's worker hands the reading's batch to the ReadingSink. Debounce is 0: a
 * debounce of d adds exactly d by design (a level counts only after holding for d). Two runs: paced edges (one every
 * --period-us, like a busy pulse input) and a back-to-back burst (the queue's worst case).
 */
@Command(name = "bench gpio", mixinStandardHelpOptions = true,
        description = "GPIO edge-to-reading gap over N edges on the Pi4J mock provider.")
public final class GpioBench implements Callable<Integer> {
    @Option(names = "--edges", defaultValue = "10000", description = "measured edges per run (default ${DEFAULT-VALUE})")
    int edges;
    @Option(names = "--period-us", defaultValue = "200", description = "paced run: µs between edges (default ${DEFAULT-VALUE})")
    long periodMicros;
    @Option(names = "--out", description = "JSON result file")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new GpioBench()).execute(args));
    }

    /** Records the publication time of every reading after the initial state. */
    static final class TimingSink implements ReadingSink {
        final long[] published;
        final boolean[] values;
        volatile int count = -1; // the first reading is the state at start

        TimingSink(int n) {
            published = new long[n];
            values = new boolean[n];
        }

        @Override
        public void publish(List<Reading> batch) {
            long now = System.nanoTime();
            int c = count;
            for (Reading r : batch) {
                if (c >= 0 && c < published.length) {
                    published[c] = now;
                    values[c] = (Boolean) r.value();
                }
                c++;
            }
            count = c;
        }
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "gpio");
        result.put("time", Instant.now().toString());
        result.put("provider", "mock (Pi4J 2.8.0)");
        result.put("edges", edges);
        result.put("debounce", "0 ms");
        result.put("cpus", Runtime.getRuntime().availableProcessors());
        run(Math.max(2000, edges / 5), periodMicros); // warm-up (JIT), not reported
        result.put("paced", run(edges, periodMicros));
        result.put("burst", run(edges, 0));
        print(result);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), result);
            System.out.println("written " + out);
        }
        return 0;
    }

    private Map<String, Object> run(int n, long periodUs) throws InterruptedException {
        ChannelSpec pump = new ChannelSpec("pump_running", "", null, ValueKind.BOOLEAN,
                new GpioSource(4, GpioMode.INPUT, false, Duration.ZERO, 0), null, Reporting.EVERY_SAMPLE,
                AlarmLimits.NONE, null);
        TimingSink sink = new TimingSink(n);
        long[] edgeAt = new long[n];
        GpioDevice device = new GpioDevice("bench", "bench@1.0.0", List.of(pump), GpioDeviceOptions.mock(null), sink,
                GpioClock.SYSTEM).start();
        try {
            MockDigitalInput in = (MockDigitalInput) device.input("pump_running");
            long period = TimeUnit.MICROSECONDS.toNanos(periodUs);
            long next = System.nanoTime();
            long start = next;
            for (int i = 0; i < n; i++) {
                if (period > 0) {
                    next += period;
                    long wait;
                    while ((wait = next - System.nanoTime()) > 0) {
                        if (wait > 100_000) {
                            LockSupport.parkNanos(wait - 50_000); // pacing only, not synchronisation
                        } else {
                            Thread.onSpinWait();
                        }
                    }
                }
                edgeAt[i] = System.nanoTime();
                in.mockState(i % 2 == 0 ? DigitalState.HIGH : DigitalState.LOW);
            }
            long sent = System.nanoTime() - start;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (sink.count < n && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
            int got = Math.min(sink.count, n);
            int wrong = 0;
            double[] gapsUs = new double[got];
            for (int i = 0; i < got; i++) {
                gapsUs[i] = (sink.published[i] - edgeAt[i]) / 1e3;
                if (sink.values[i] != (i % 2 == 0)) {
                    wrong++;
                }
            }
            Arrays.sort(gapsUs);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mode", periodUs > 0 ? "paced, one edge every " + periodUs + " µs" : "burst, back to back");
            m.put("edgesSent", n);
            m.put("readingsReceived", got);
            m.put("outOfOrderOrWrong", wrong);
            m.put("dropped", device.status().failures());
            m.put("edgeRatePerSecond", Math.round(n / (sent / 1e9)));
            m.put("gapMaxUs", round(got > 0 ? gapsUs[got - 1] : Double.NaN));
            m.put("gapP99Us", round(pct(gapsUs, 0.99)));
            m.put("gapP50Us", round(pct(gapsUs, 0.50)));
            return m;
        } finally {
            device.close();
        }
    }

    private static double pct(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static void print(Map<String, Object> result) {
        result.forEach((k, v) -> System.out.println(String.format(Locale.ROOT, "%-12s %s", k, v)));
    }
}
