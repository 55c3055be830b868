package org.hanedge.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.outbox.OutboxEntry;
import org.hanedge.gateway.api.outbox.Payload;
import org.hanedge.gateway.api.outbox.Priority;
import org.hanedge.gateway.outbox.internal.FileOutbox;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Throughput of the gateway's real {@link FileOutbox} on this machine's disk: appends and readings per second with
 * group commit (batches of 1, 10 and 100 readings per append, several appender threads), fsyncs per second, bytes per
 * reading on disk, time until an append is durable, and the peak heap; then a backlog of 1,000,000 readings appended,
 * reopened (recovery) and drained with take + acknowledge. Run with -Xmx64m to check the heap budget.
 */
@Command(name = "bench outbox", mixinStandardHelpOptions = true,
        description = "Outbox appends/s with group commit, fsyncs/s, bytes per reading, backlog drain, peak heap.")
public final class OutboxBench implements Callable<Integer> {
    @Option(names = "--dir", required = true, description = "scratch directory on the disk to measure (emptied)")
    Path dir;
    @Option(names = "--out", description = "JSON result file")
    Path out;
    @Option(names = "--seconds", defaultValue = "3", description = "seconds per throughput run (default ${DEFAULT-VALUE})")
    double seconds;
    @Option(names = "--max-readings", defaultValue = "4000000",
            description = "stop a throughput run after this many readings, to bound scratch disk use (default ${DEFAULT-VALUE})")
    long maxReadings;
    @Option(names = "--threads", defaultValue = "4", description = "appender threads (default ${DEFAULT-VALUE})")
    int threads;
    @Option(names = "--commit-delay-ms", defaultValue = "200", description = "group commit delay (default ${DEFAULT-VALUE})")
    int commitDelayMs;
    @Option(names = "--backlog", defaultValue = "1000000", description = "readings in the backlog run (default ${DEFAULT-VALUE})")
    int backlog;

    private final HeapSampler heap = new HeapSampler();

    public static void main(String[] args) {
        System.exit(new CommandLine(new OutboxBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "outbox");
        result.put("time", Instant.now().toString());
        result.put("directory", dir.toAbsolutePath().toString());
        result.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        result.put("commitDelayMs", commitDelayMs);
        result.put("cpus", Runtime.getRuntime().availableProcessors());
        heap.start();
        try {
            List<Map<String, Object>> runs = new ArrayList<>();
            for (int batch : new int[] {1, 10, 100}) {
                runs.add(throughput("group commit", batch, threads, commitDelayMs));
            }
            runs.add(throughput("commit delay 0 (fsync as soon as possible)", 1, 1, 0));
            result.put("throughput", runs);
            result.put("backlog", backlog());
        } finally {
            heap.stop();
            clean();
        }
        result.put("peakHeapUsedBytes", heap.peak());
        print(result);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), result);
            System.out.println("written " + out);
        }
        return 0;
    }

    private FileOutbox.Settings settings(int delayMs) {
        return FileOutbox.Settings.defaults(dir).withCommitDelay(Duration.ofMillis(delayMs))
                .withMaxBytes(1L << 30);
    }

    private Map<String, Object> throughput(String name, int batch, int nThreads, int delayMs) throws Exception {
        clean();
        heap.resetPeak();
        AtomicLong appends = new AtomicLong();
        ConcurrentLinkedQueue<Long> latenciesNanos = new ConcurrentLinkedQueue<>();
        long fsyncsBefore;
        long t0;
        long tEnd;
        long bytes;
        long readings;
        try (FileOutbox outbox = new FileOutbox(settings(delayMs))) {
            warmUp(outbox);
            clean(outbox);
            fsyncsBefore = outbox.fsyncCount();
            long deadline = System.nanoTime() + (long) (seconds * 1e9);
            List<Thread> ts = new ArrayList<>();
            List<CompletableFuture<Long>> lasts = new ArrayList<>();
            t0 = System.nanoTime();
            for (int t = 0; t < nThreads; t++) {
                int id = t;
                CompletableFuture<Long> mine = new CompletableFuture<>();
                lasts.add(mine);
                Thread th = new Thread(() -> {
                    CompletableFuture<Long> last = CompletableFuture.completedFuture(0L);
                    long n = 0;
                    try {
                        while (System.nanoTime() < deadline && appends.get() * batch < maxReadings) {
                            List<Payload> payloads = payloads(id, n, batch);
                            n += batch;
                            long start = System.nanoTime();
                            last = outbox.append(Priority.TELEMETRY, payloads).toCompletableFuture();
                            if (appends.incrementAndGet() % 64 == 0) {
                                last.thenRun(() -> latenciesNanos.add(System.nanoTime() - start));
                            }
                        }
                        last.whenComplete((v, e) -> {
                            if (e != null) {
                                mine.completeExceptionally(e);
                            } else {
                                mine.complete(v);
                            }
                        });
                    } catch (Exception e) {
                        mine.completeExceptionally(e);
                    }
                }, "appender-" + t);
                ts.add(th);
                th.start();
            }
            for (Thread th : ts) {
                th.join();
            }
            long tAppended = System.nanoTime();
            CompletableFuture.allOf(lasts.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            tEnd = System.nanoTime();
            readings = appends.get() * batch;
            bytes = outbox.stats().bytesOnDisk();
            double secs = (tAppended - t0) / 1e9;
            double secsDurable = (tEnd - t0) / 1e9;
            long fsyncs = outbox.fsyncCount() - fsyncsBefore;
            List<Long> lat = new ArrayList<>(latenciesNanos);
            lat.sort(Comparator.naturalOrder());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("readingsPerAppend", batch);
            m.put("appenderThreads", nThreads);
            m.put("commitDelayMs", delayMs);
            m.put("appends", appends.get());
            m.put("readings", readings);
            m.put("seconds", round(secs));
            m.put("appendsPerSecond", Math.round(appends.get() / secs));
            m.put("readingsPerSecond", Math.round(readings / secs));
            m.put("readingsPerSecondDurable", Math.round(readings / secsDurable));
            m.put("fsyncs", fsyncs);
            m.put("fsyncsPerSecond", round(fsyncs / secsDurable));
            m.put("appendsPerFsync", round(fsyncs == 0 ? 0 : (double) appends.get() / fsyncs));
            m.put("bytesPerReading", round((double) bytes / readings));
            m.put("durableAfterMsP50", round(pct(lat, 0.5) / 1e6));
            m.put("durableAfterMsP99", round(pct(lat, 0.99) / 1e6));
            m.put("drops", outbox.stats().drops());
            m.put("peakHeapUsedBytes", heap.peak());
            return m;
        }
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * p)));
    }

    private void warmUp(FileOutbox outbox) throws Exception {
        CompletableFuture<Long> last = null;
        for (int i = 0; i < 2000; i++) {
            last = outbox.append(Priority.TELEMETRY, payloads(0, i * 10L, 10)).toCompletableFuture();
        }
        last.get(30, TimeUnit.SECONDS);
    }

    private static void clean(FileOutbox outbox) throws InterruptedException {
        while (true) {
            List<OutboxEntry> taken = outbox.take(1000, Duration.ZERO);
            if (taken.isEmpty()) {
                return;
            }
            outbox.acknowledge(taken.stream().map(OutboxEntry::seq).toList());
        }
    }

    private Map<String, Object> backlog() throws Exception {
        clean();
        heap.resetPeak();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("readings", backlog);
        int batch = 100;
        long t0 = System.nanoTime();
        long bytes;
        try (FileOutbox outbox = new FileOutbox(settings(commitDelayMs))) {
            CompletableFuture<Long> last = null;
            for (int n = 0; n < backlog; n += batch) {
                last = outbox.append(Priority.TELEMETRY, payloads(0, n, Math.min(batch, backlog - n)))
                        .toCompletableFuture();
            }
            last.get(60, TimeUnit.SECONDS);
            bytes = outbox.stats().bytesOnDisk();
        }
        long t1 = System.nanoTime();
        m.put("appendSeconds", round((t1 - t0) / 1e9));
        m.put("bytesOnDisk", bytes);
        m.put("bytesPerReading", round((double) bytes / backlog));
        long t2;
        long drained = 0;
        try (FileOutbox outbox = new FileOutbox(settings(commitDelayMs))) {
            t2 = System.nanoTime();
            m.put("reopenSeconds", round((t2 - t1) / 1e9));
            m.put("pendingAfterReopen", outbox.stats().totalPending());
            while (true) {
                List<OutboxEntry> taken = outbox.take(500, Duration.ZERO);
                if (taken.isEmpty()) {
                    break;
                }
                drained += taken.size();
                outbox.acknowledge(taken.stream().map(OutboxEntry::seq).toList());
            }
            m.put("pendingAfterDrain", outbox.stats().totalPending());
        }
        long t3 = System.nanoTime();
        m.put("drained", drained);
        m.put("drainSeconds", round((t3 - t2) / 1e9));
        m.put("drainPerSecond", Math.round(drained / ((t3 - t2) / 1e9)));
        m.put("peakHeapUsedBytes", heap.peak());
        return m;
    }

    private static List<Payload> payloads(int thread, long n, int count) {
        List<Payload> out = new ArrayList<>(count);
        long now = System.currentTimeMillis();
        for (int i = 0; i < count; i++) {
            long k = n + i;
            out.add(new Payload.OfReading(new Reading("pump-" + thread, CHANNELS[(int) (k % CHANNELS.length)],
                    (k % 1000) * 0.01, "m", Instant.ofEpochMilli(now), Quality.GOOD)));
        }
        return out;
    }

    private static final String[] CHANNELS = {"level", "flow", "pressure", "current", "voltage", "temperature"};

    private void clean() throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** Samples used heap every few milliseconds; the peak is what -Xmx must hold. */
    private static final class HeapSampler implements Runnable {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private volatile boolean running;
        private final AtomicLong peak = new AtomicLong();
        private Thread thread;

        void start() {
            running = true;
            thread = new Thread(this, "heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        void resetPeak() {
            peak.set(0);
        }

        long peak() {
            sample();
            return peak.get();
        }

        private void sample() {
            long used = memory.getHeapMemoryUsage().getUsed();
            peak.accumulateAndGet(used, Math::max);
        }

        @Override
        public void run() {
            while (running) {
                sample();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void print(Map<String, Object> r) {
        System.out.printf(Locale.ROOT, "Outbox on %s, heap limit %d MiB, %s CPUs%n", r.get("directory"),
                (Long) r.get("maxHeapBytes") >> 20, r.get("cpus"));
        String fmt = "%-44s %6s %7s %12s %12s %10s %12s %9s %9s %9s%n";
        System.out.printf(Locale.ROOT, fmt, "run", "batch", "threads", "appends/s", "readings/s", "fsyncs/s",
                "appends/fsync", "B/reading", "p99 ms", "heap MiB");
        for (Map<String, Object> m : (List<Map<String, Object>>) r.get("throughput")) {
            System.out.printf(Locale.ROOT, fmt, m.get("name"), m.get("readingsPerAppend"), m.get("appenderThreads"),
                    m.get("appendsPerSecond"), m.get("readingsPerSecond"), m.get("fsyncsPerSecond"),
                    m.get("appendsPerFsync"), m.get("bytesPerReading"), m.get("durableAfterMsP99"),
                    (Long) m.get("peakHeapUsedBytes") >> 20);
        }
        Map<String, Object> b = (Map<String, Object>) r.get("backlog");
        System.out.printf(Locale.ROOT, "backlog: %s readings appended in %s s (%s B/reading, %s MiB on disk), "
                + "reopened in %s s, drained (take 500 + acknowledge) in %s s = %s readings/s; peak heap %d MiB%n",
                b.get("readings"), b.get("appendSeconds"), b.get("bytesPerReading"), (Long) b.get("bytesOnDisk") >> 20,
                b.get("reopenSeconds"), b.get("drainSeconds"), b.get("drainPerSecond"),
                (Long) b.get("peakHeapUsedBytes") >> 20);
        System.out.printf(Locale.ROOT, "peak heap used over the whole run: %d MiB%n",
                (Long) r.get("peakHeapUsedBytes") >> 20);
    }
}
