package org.hanedge.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
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
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.outbox.Payload;
import org.hanedge.gateway.api.outbox.Priority;
import org.hanedge.gateway.outbox.internal.FileOutbox;
import org.hanedge.gateway.uplink.mqtt.internal.Sender;
import org.hanedge.gateway.uplink.mqtt.internal.StateDocuments;
import org.hanedge.gateway.uplink.mqtt.internal.UplinkSettings;
import org.hanedge.gateway.uplink.mqtt.internal.UplinkStatus;
import org.hanedge.testing.MosquittoBroker;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A boat back in coverage after days at sea: a backlog of readings in the gateway's real durable outbox is drained by
 * the real MQTT uplink to a local mosquitto broker (QoS 1, acknowledged entries deleted). Reports messages/s,
 * readings/s, the drain time and the peak heap, sampled while it runs; run it with -Xmx64m to check the budget.
 */
@Command(name = "bench uplink", mixinStandardHelpOptions = true,
        description = "Drain a backlog of readings from the durable outbox to a local MQTT broker.")
public final class UplinkBench implements Callable<Integer> {
    @Option(names = "--readings", defaultValue = "1000000", description = "backlog size (default ${DEFAULT-VALUE})")
    int readings;
    @Option(names = "--format", defaultValue = "senml+json", description = "senml+json or senml+cbor")
    String format;
    @Option(names = "--max-message-bytes", defaultValue = "16384", description = "default ${DEFAULT-VALUE}")
    int maxMessageBytes;
    @Option(names = "--max-inflight", defaultValue = "16", description = "default ${DEFAULT-VALUE}, as shipped")
    int maxInflight;
    @Option(names = "--rate", defaultValue = "150",
            description = "messages/s limit (default ${DEFAULT-VALUE}, the uplink's shipped default; 100000 to "
                    + "measure the unthrottled capacity)")
    double rate;
    @Option(names = "--dir", description = "working folder (default: a temporary one)")
    Path dir;
    @Option(names = "--out", description = "JSON result file")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new UplinkBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path work = dir != null ? dir : Files.createTempDirectory("hanedge-uplink-bench");
        HeapSampler heap = new HeapSampler();
        heap.start();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "uplink");
        result.put("time", Instant.now().toString());
        result.put("readings", readings);
        result.put("format", format);
        result.put("maxMessageBytes", maxMessageBytes);
        result.put("maxInflight", maxInflight);
        result.put("rateLimitMessagesPerS", rate);
        result.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        try (MosquittoBroker broker = MosquittoBroker.create(work.resolve("broker")).start();
                FileOutbox outbox = new FileOutbox(FileOutbox.Settings.defaults(work.resolve("outbox"))
                        .withMaxBytes(2L << 30))) {
            long t0 = System.nanoTime();
            fill(outbox);
            double fillS = (System.nanoTime() - t0) / 1e9;
            result.put("backlogFillSeconds", round(fillS));
            result.put("backlogBytesOnDisk", outbox.stats().bytesOnDisk());

            UplinkSettings settings = new UplinkSettings("gw-bench", broker.uri(), null, null,
                    org.hanedge.contract.mqtt.TelemetryForm.fromConfig(format), null, null, null, maxMessageBytes, maxInflight, rate, 3600, 30, 200,
                    2000);
            StateDocuments docs = new StateDocuments("gw-bench", "bench", Instant.now(), Map::of, Map::of, null);
            Sender sender = new Sender(settings, outbox, docs);
            heap.reset();
            long d0 = System.nanoTime();
            sender.start();
            long lastPrint = d0;
            while (outbox.stats().totalPending() > 0 || outbox.stats().inFlight() > 0) {
                Thread.sleep(20); // polling a progress figure, not synchronising a test
                if (System.nanoTime() - lastPrint > 2_000_000_000L) {
                    lastPrint = System.nanoTime();
                    System.out.printf(Locale.ROOT, "  draining: %,d readings left%n", outbox.stats().totalPending());
                }
            }
            double drainS = (System.nanoTime() - d0) / 1e9;
            UplinkStatus status = sender.status();
            sender.stop();
            result.put("drainSeconds", round(drainS));
            result.put("messagesSent", status.messagesSent());
            result.put("readingsSent", status.readingsSent());
            result.put("messagesPerSecond", round(status.messagesSent() / drainS));
            result.put("readingsPerSecond", round(status.readingsSent() / drainS));
            result.put("readingsPerMessage", round((double) status.readingsSent() / status.messagesSent()));
            result.put("maxInFlightSeen", status.maxInFlightSeen());
        }
        heap.stop();
        result.put("peakHeapUsedBytes", heap.peakUsed());
        result.put("peakHeapCommittedBytes", heap.peakCommitted());
        System.out.printf(Locale.ROOT, "uplink drain of %,d readings (%s, messages up to %d bytes, %d in flight):%n"
                + "  backlog appended in %.1f s; drained in %.1f s: %,.0f messages/s, %,.0f readings/s "
                + "(%.0f readings/message)%n  peak heap %.1f MiB used of %.0f MiB max%n",
                readings, format, maxMessageBytes, maxInflight, result.get("backlogFillSeconds"),
                result.get("drainSeconds"), result.get("messagesPerSecond"), result.get("readingsPerSecond"),
                result.get("readingsPerMessage"), heap.peakUsed() / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), result);
            System.out.println("written " + out);
        }
        return 0;
    }

    private void fill(FileOutbox outbox) throws Exception {
        String[] channels = {"water_temperature", "conductivity", "ph", "dissolved_oxygen", "turbidity",
            "water_level", "engine_rpm", "coolant_temperature", "fuel_level", "battery_voltage"};
        String[] units = {"Cel", "uS/cm", "pH", "mg/L", "NTU", "m", "1/min", "Cel", "%", "V"};
        Instant start = Instant.now().minus(Duration.ofDays(3));
        List<Payload> batch = new ArrayList<>(100);
        for (int i = 0; i < readings; i++) {
            int c = i % channels.length;
            batch.add(new Payload.OfReading(Reading.of("boat-dna-90123", channels[c], 20 + (i % 1000) / 100.0,
                    units[c], start.plusMillis(i * 260L))));
            if (batch.size() == 100 || i == readings - 1) {
                outbox.append(Priority.TELEMETRY, List.copyOf(batch));
                batch.clear();
            }
        }
        outbox.append(Priority.TELEMETRY, List.of()).toCompletableFuture().join();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** Samples heap use every 10 ms on a daemon thread. */
    static final class HeapSampler {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicLong peakUsed = new AtomicLong();
        private final AtomicLong peakCommitted = new AtomicLong();
        private volatile boolean running = true;
        private final Thread thread = new Thread(this::run, "heap-sampler");

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        void reset() {
            peakUsed.set(0);
            peakCommitted.set(0);
        }

        private void run() {
            while (running) {
                peakUsed.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                peakCommitted.accumulateAndGet(memory.getHeapMemoryUsage().getCommitted(), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() {
            running = false;
        }

        long peakUsed() {
            return peakUsed.get();
        }

        long peakCommitted() {
            return peakCommitted.get();
        }
    }
}
