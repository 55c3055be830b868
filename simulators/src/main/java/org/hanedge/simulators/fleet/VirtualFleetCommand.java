package org.hanedge.simulators.fleet;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.hanedge.contract.mqtt.TelemetryForm;
import org.hanedge.sites.GatewayCredential;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleet}: a virtual fleet of gateways against a broker, with a progress line every 5 s and a summary at the
 * end. Exit code 0 when at least one gateway connected, 1 when none did, 2 for bad input (one-line error).
 */
@Command(name = "fleet", mixinStandardHelpOptions = true, version = "HanEdge virtual fleet 0.1.0",
        description = "Runs N virtual gateways speaking the real MQTT uplink contract (birth, Last Will, SenML "
                + "telemetry with per-record seq) against a broker, for load tests.")
public final class VirtualFleetCommand implements Callable<Integer> {
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    static final Duration REPORT_EVERY = Duration.ofSeconds(2);

    @Option(names = "--broker", paramLabel = "URI", description = "broker (default: ${DEFAULT-VALUE})")
    String broker = "tcp://127.0.0.1:1883";

    @Option(names = "--credentials", paramLabel = "FILE", required = true,
            description = "CSV: gateway_id,password[,profile[,device_id]] per line")
    Path credentials;

    @Option(names = "--gateways", paramLabel = "N", description = "use the first N gateways of the file (default: all)")
    int gateways;

    @Option(names = "--profile", paramLabel = "ID",
            description = "profile of gateways whose line names none (default: ${DEFAULT-VALUE})")
    String profile = "lake";

    @Option(names = "--profiles", paramLabel = "DIR", description = "profile directory (default: ${DEFAULT-VALUE})")
    Path profiles = Path.of(System.getProperty("hanedge.root", "."), "device-profiles");

    @Option(names = "--rate", paramLabel = "R", description = "readings per second per gateway (default: ${DEFAULT-VALUE})")
    double rate = 3;

    @Option(names = "--interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "publish interval per gateway, e.g. 1s, 500ms (default: 1s)")
    Duration interval = Duration.ofSeconds(1);

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "how long to run, e.g. 60s, 10m; 0 = until Ctrl-C (default: 60s)")
    Duration duration = Duration.ofSeconds(60);

    @Option(names = "--format", paramLabel = "FORM",
            description = "telemetry form: senml+json (json), senml+cbor (cbor) or senml+cbor-thin (thin) (default: json)")
    String format = "json";

    @Option(names = "--connect-rate", paramLabel = "N",
            description = "new connections per second (default: ${DEFAULT-VALUE})")
    double connectRate = 500;

    @Option(names = "--max-in-flight", paramLabel = "N",
            description = "unacknowledged packs per gateway at most (default: ${DEFAULT-VALUE})")
    int maxInFlight = 10;

    @Option(names = "--first-seq", paramLabel = "N",
            description = "sequence number of each gateway's first reading (default: ${DEFAULT-VALUE})")
    long firstSeq = 1;

    @Option(names = "--backlog-limit", paramLabel = "PACKS",
            description = "packs each gateway keeps while it cannot publish; when full the oldest is dropped "
                    + "(default: ${DEFAULT-VALUE})")
    int backlogLimit = 5000;

    @Option(names = "--report", paramLabel = "FILE",
            description = "write per-gateway seqs taken, acknowledged, in backlog and dropped to FILE as JSON, every "
                    + "2 s and after the stop (written atomically)")
    Path report;

    @Option(names = "--stop-grace", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "on stop, how long connected gateways may drain their backlogs (default: 5s)")
    Duration stopGrace = Duration.ofSeconds(5);

    @Option(names = "--netty-threads", paramLabel = "N", description = "shared network threads (default: processors)")
    int nettyThreads;

    @Option(names = "--speed", paramLabel = "X",
            description = "the sites' simulated time runs X times faster than the wall clock "
                    + "(default: ${DEFAULT-VALUE})")
    double speed = 1;

    @Option(names = "--scenario", paramLabel = "normal|storm",
            description = "weather: normal, or a storm that fills the pump stations' wet wells (default: normal)")
    String scenario = "normal";

    @Option(names = "--config-failure-share", paramLabel = "S",
            description = "share (0..1) of pushed configurations each gateway rolls back, as if its device did not "
                    + "answer; the same (gateway, version) pairs in every run (default: ${DEFAULT-VALUE})")
    double configFailureShare = 0;

    @Option(names = "--config-apply-delay", paramLabel = "MIN..MAX",
            description = "how long a pushed configuration takes to apply, random in MIN..MAX "
                    + "(default: ${DEFAULT-VALUE})")
    String configApplyDelay = "100ms..500ms";

    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch interrupted = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);

    public VirtualFleetCommand() {
        this(System.out, System.err);
    }

    VirtualFleetCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new VirtualFleetCommand()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        VirtualFleet fleet;
        try {
            fleet = build();
        } catch (FleetConfigException | IllegalArgumentException e) {
            err.println("fleet: " + e.getMessage());
            return 2;
        }
        String unreachable = probe(broker);
        if (unreachable != null) {
            err.println("fleet: broker " + broker + " unreachable: " + unreachable);
            return 1;
        }
        out.printf(Locale.ROOT, "fleet: %d gateways -> %s, %s readings/s each (%d per pack every %s), %s, "
                + "connecting %s/s, %s weather, simulated time x%s%n", fleet.gateways().size(), broker, number(rate),
                fleet.recordsPerPack(), text(interval), TelemetryForm.fromConfig(format),
                number(connectRate), scenario.trim().toLowerCase(Locale.ROOT), number(speed));
        // Ctrl-C: the hook lets the main thread stop the fleet in order (shutdown states, DISCONNECT) and summarise
        Thread hook = new Thread(() -> {
            interrupted.countDown();
            try {
                finished.await(stopGrace.toSeconds() + 30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fleet-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run(fleet);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already
            }
        }
    }

    private int run(VirtualFleet fleet) throws InterruptedException {
        fleet.start();
        ScheduledExecutorService reporter = null;
        if (report != null) {
            reporter = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "fleet-report");
                t.setDaemon(true);
                return t;
            });
            long every = REPORT_EVERY.toMillis();
            reporter.scheduleWithFixedDelay(() -> writeReport(fleet, true), every, every, TimeUnit.MILLISECONDS);
        }
        try {
            return runUntilStopped(fleet);
        } finally {
            if (reporter != null) {
                reporter.shutdownNow();
                reporter.awaitTermination(5, TimeUnit.SECONDS);
                writeReport(fleet, false);
            }
        }
    }

    private void writeReport(VirtualFleet fleet, boolean running) {
        try {
            FleetReportFile.write(report, fleet.report(), running);
        } catch (IOException | RuntimeException e) {
            err.println("fleet: cannot write the report " + report + ": " + e.getMessage());
        }
    }

    private int runUntilStopped(VirtualFleet fleet) throws InterruptedException {
        FleetSnapshot previous = fleet.stats();
        long end = System.nanoTime() + duration.toNanos();
        while (true) {
            long wait = duration.isZero() ? PROGRESS_EVERY.toNanos()
                    : Math.min(PROGRESS_EVERY.toNanos(), end - System.nanoTime());
            if (wait <= 0 || interrupted.await(wait, TimeUnit.NANOSECONDS)) {
                break;
            }
            FleetSnapshot now = fleet.stats();
            out.println(progress(now, previous));
            previous = now;
        }
        fleet.stop(stopGrace);
        FleetSnapshot last = fleet.stats();
        out.println(summary(last));
        return last.maxConnected() > 0 ? 0 : 1;
    }

    private VirtualFleet build() throws FleetConfigException {
        List<GatewayCredential> list = CredentialsFile.load(credentials, profile, gateways);
        if (gateways > 0 && list.size() < gateways) {
            out.printf("fleet: %s has only %d gateways (asked for %d)%n", credentials, list.size(), gateways);
        }
        VirtualFleet.Builder b = VirtualFleet.builder().broker(broker).gateways(list).profiles(profiles)
                .readingsPerSecond(rate).publishInterval(interval).connectRate(connectRate)
                .format(TelemetryForm.fromConfig(format)).maxInFlight(maxInFlight).firstSeq(firstSeq)
                .backlogLimit(backlogLimit).speed(speed).storm(storm(scenario))
                .configFailureShare(configFailureShare);
        String[] delay = configApplyDelay.split("\\.\\.", -1);
        if (delay.length != 2) {
            throw new FleetConfigException("--config-apply-delay '" + configApplyDelay + "': use MIN..MAX, e.g. "
                    + "100ms..500ms");
        }
        b.configApplyDelay(duration("--config-apply-delay", delay[0]), duration("--config-apply-delay", delay[1]));
        if (nettyThreads > 0) {
            b.nettyThreads(nettyThreads);
        }
        return b.build();
    }

    private static Duration duration(String option, String text) throws FleetConfigException {
        try {
            return new DurationConverter().convert(text);
        } catch (RuntimeException e) {
            throw new FleetConfigException(option + ": '" + text + "' is not a duration (e.g. 100ms, 2s)");
        }
    }

    /** Whether {@code --scenario} names the storm. */
    static boolean storm(String scenario) throws FleetConfigException {
        return switch (scenario.trim().toLowerCase(Locale.ROOT)) {
            case "normal" -> false;
            case "storm" -> true;
            default -> throw new FleetConfigException("unknown --scenario '" + scenario + "' (use normal or storm)");
        };
    }

    /** Null when a TCP connection to the broker opens, else why not. */
    static String probe(String uri) {
        try {
            java.net.URI u = java.net.URI.create(uri);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(u.getHost(), u.getPort() < 0 ? 1883 : u.getPort()), 5000);
                return null;
            }
        } catch (IOException e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }

    static String progress(FleetSnapshot now, FleetSnapshot before) {
        return String.format(Locale.ROOT,
                "%6.0fs connected %d/%d (max %d, connect failures %d)  acked %,.0f readings/s  in flight %d  "
                        + "backlog %,d readings  dropped %d  PUBACK p99 so far %s  failed %d  skipped %d",
                now.elapsed().toMillis() / 1000.0, now.connectedNow(), now.gateways(), now.maxConnected(),
                now.connectFailures(), now.readingsAckedPerSecond(before), now.inFlight(), now.backlogReadings(),
                now.readingsDropped(), millis(now.ackLatencyP99()), now.messagesFailed(), now.packsSkipped());
    }

    static String summary(FleetSnapshot s) {
        double secs = Math.max(1e-3, s.elapsed().toNanos() / 1e9);
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "fleet summary after %.1f s:%n", secs));
        b.append(String.format(Locale.ROOT, "  gateways %d, connected at most %d, connects %d, connection losses %d,"
                + " connect failures %d%s%n", s.gateways(), s.maxConnected(), s.connects(), s.connectionsLost(),
                s.connectFailures(), reasons(s.connectFailuresByReason())));
        b.append(String.format(Locale.ROOT, "  readings published %,d, acknowledged %,d (%,.0f/s average), failed %,d%s%n",
                s.readingsPublished(), s.readingsAcked(), s.readingsAcked() / secs, s.readingsFailed(),
                reasons(s.publishFailuresByReason())));
        b.append(String.format(Locale.ROOT, "  readings left in backlogs %,d, dropped (backlog full) %,d%n",
                s.backlogReadings(), s.readingsDropped()));
        b.append(String.format(Locale.ROOT, "  packs published %,d, acknowledged %,d, skipped (backpressure) %,d%n",
                s.messagesPublished(), s.messagesAcked(), s.packsSkipped()));
        b.append(String.format(Locale.ROOT, "  publish->PUBACK p50 %s, p99 %s, max %s", millis(s.ackLatencyP50()),
                millis(s.ackLatencyP99()), millis(s.ackLatencyMax())));
        return b.toString();
    }

    private static String reasons(Map<String, Long> byReason) {
        if (byReason.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(" (");
        byReason.forEach((k, v) -> b.append(b.length() > 2 ? ", " : "").append(k).append(": ").append(v));
        return b.append(')').toString();
    }

    private static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }

    private static String number(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** 90s, 10m, 2h, 1500ms, 0 or an ISO-8601 duration (PT10M). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            try {
                if (t.equals("0")) {
                    return Duration.ZERO;
                }
                if (t.startsWith("p")) {
                    return Duration.parse(t.toUpperCase(Locale.ROOT));
                }
                if (t.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
                }
                double v = Double.parseDouble(t.substring(0, t.length() - 1));
                long unit = switch (t.charAt(t.length() - 1)) {
                    case 's' -> 1000;
                    case 'm' -> 60_000;
                    case 'h' -> 3_600_000;
                    default -> throw new IllegalArgumentException();
                };
                if (v < 0) {
                    throw new IllegalArgumentException();
                }
                return Duration.ofMillis(Math.round(v * unit));
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("bad duration '" + s + "' (use e.g. 500ms, 90s, 10m)");
            }
        }
    }
}
