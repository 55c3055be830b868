package org.hanedge.simulators;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.profile.ProfileException;
import org.hanedge.gateway.profile.ProfileLoader;
import org.hanedge.simulators.gpio.GpioScenario;
import org.hanedge.simulators.gpio.GpioScenarios;
import org.hanedge.simulators.gpio.GpioSimServer;
import org.hanedge.simulators.gpio.SosButton;
import org.hanedge.simulators.modbus.Fault;
import org.hanedge.simulators.modbus.FaultInjector;
import org.hanedge.simulators.modbus.RegisterBank;
import org.hanedge.simulators.serial.NmeaGps;
import org.hanedge.simulators.serial.Route;
import org.hanedge.simulators.serial.Routes;
import org.hanedge.simulators.serial.ScaleIndicator;
import org.hanedge.simulators.signals.SignalDriver;
import org.hanedge.simulators.signals.Signals;
import org.hanedge.simulators.signals.SimClock;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code simulate KIND}: a field device of a profile kind as a Modbus TCP and/or RTU slave with plausible signals
 * and run-time fault injection (commands on stdin, see {@link Fault}).
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, version = "HanEdge simulators 0.1.0",
        description = {"Simulates the field devices of a profile kind: a Modbus slave (TCP and/or RTU) with "
                + "plausible signals, the serial GPS/weighing indicator on pty pairs (waste-truck, fishing-boat) and "
                + "the gateway's GPIO pins as a TCP line server (kinds with gpio channels).",
            "Commands on stdin: 'fault none|slow DURATION|exception CODE|timeout|drop|garble [PROBABILITY]', "
                + "'stats', 'sos' (fishing-boat), 'help'."})
public final class SimulateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "KIND", description = "profile id (a file KIND.yaml in --profiles)")
    String kind;

    @Option(names = "--profiles", paramLabel = "DIR", description = "profile directory (default: ${DEFAULT-VALUE})")
    Path profiles = Path.of(System.getProperty("hanedge.root", "."), "device-profiles");

    @Option(names = "--modbus-port", paramLabel = "N",
            description = "Modbus TCP port; 0 = any free port, negative = no TCP (default: ${DEFAULT-VALUE})")
    int modbusPort = 5020;

    @Option(names = "--bind", paramLabel = "ADDR", description = "TCP bind address (default: ${DEFAULT-VALUE})")
    String bind = "127.0.0.1";

    @Option(names = "--rtu", paramLabel = "PATH", description = "serial device or pty path to serve Modbus RTU on")
    String rtu;

    @Option(names = "--rtu-pty", paramLabel = "PATH",
            description = "create a socat pty pair: the gateway opens PATH, the simulator serves PATH.sim")
    Path rtuPty;

    @Option(names = "--baud", paramLabel = "N", description = "serial baud rate (default: ${DEFAULT-VALUE})")
    int baud = 9600;

    @Option(names = "--line-baud", paramLabel = "N",
            description = "emulate the wire time of an N-baud line on RTU (11 bits/char + 3.5-char gap); 0 = off")
    int lineBaud;

    @Option(names = "--unit-id", paramLabel = "N", description = "Modbus unit id (default: ${DEFAULT-VALUE})")
    int unitId = 1;

    @Option(names = "--speed", paramLabel = "X", description = "simulated time runs X times faster (default: ${DEFAULT-VALUE})")
    double speed = 1.0;

    @Option(names = "--fault", paramLabel = "SPEC",
            description = "initial fault, e.g. \"slow 800ms\", \"exception 4\", \"garble 0.3\" (default: none)")
    String fault;

    @Option(names = "--gps", paramLabel = "PATH",
            description = "serial device or pty path to send NMEA 0183 on (waste-truck, fishing-boat)")
    String gps;

    @Option(names = "--gps-pty", paramLabel = "PATH",
            description = "create a socat pty pair for the GPS: the gateway opens PATH, the simulator writes PATH.sim")
    Path gpsPty;

    @Option(names = "--gps-baud", paramLabel = "N", description = "GPS baud rate, 4800 or 9600 (default: ${DEFAULT-VALUE})")
    int gpsBaud = 4800;

    @Option(names = "--gps-talker", paramLabel = "ID",
            description = "NMEA talker id: GP, GN, GL, GA, BD ... (default: ${DEFAULT-VALUE})")
    String gpsTalker = "GP";

    @Option(names = "--scale", paramLabel = "PATH",
            description = "serial device or pty path to stream the weighing indicator on (waste-truck)")
    String scale;

    @Option(names = "--scale-pty", paramLabel = "PATH",
            description = "create a socat pty pair for the weighing indicator: the gateway opens PATH, the simulator writes PATH.sim")
    Path scalePty;

    @Option(names = "--scale-baud", paramLabel = "N", description = "weighing indicator baud rate (default: ${DEFAULT-VALUE})")
    int scaleBaud = 9600;

    @Option(names = "--route-start", paramLabel = "SECONDS",
            description = "start the route this many simulated seconds in (default: ${DEFAULT-VALUE})")
    double routeStart;

    @Option(names = "--gpio-port", paramLabel = "N",
            description = "GPIO simulator TCP port (kinds with gpio channels); 0 = any free port, -1 = off (default: 5030, "
                    + "or any free port if 5030 is taken)")
    Integer gpioPort;

    /** GPIO port when --gpio-port is not given (if taken, any free port is used instead). */
    static final int DEFAULT_GPIO_PORT = 5030;

    @Option(names = "--scenario", paramLabel = "NAME",
            description = "GPIO scenario: normal, or storm (pump-station: rain rising to 60 mm/h) (default: ${DEFAULT-VALUE})")
    String scenario = "normal";

    @Option(names = "--sos-at", paramLabel = "DURATION",
            description = "fishing-boat: press the SOS button this long after start in simulated time (e.g. 90s, 10m, 2h)")
    String sosAt;

    @Option(names = "--no-serial", description = "do not start the default GPS/scale pty pairs")
    boolean noSerial;

    @Option(names = "--devices-out", paramLabel = "FILE",
            description = "once every device is up, write the site-config devices snippet to FILE (atomically): "
                    + "a supervisor waits for it instead of reading the output")
    Path devicesOut;

    @Option(names = "--seed", paramLabel = "N", description = "random seed of the signal models (default: ${DEFAULT-VALUE})")
    long seed = 42;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final PrintStream out;
    private final PrintStream err;
    private final List<String> snippet = new ArrayList<>();
    private final Rig rig;
    private volatile SosButton sos;

    public SimulateCommand() {
        this(System.out, System.err);
    }

    SimulateCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        this.rig = new Rig(resources, snippet, out, err);
    }

    /** Default gateway-side pty path of a serial device of a kind ({@code /tmp/hanedge-KIND-gps}). */
    static Path defaultPty(String kind, String device) {
        return Path.of(System.getProperty("java.io.tmpdir"), "hanedge-" + kind + "-" + device);
    }

    /** Parses 90s, 10m, 2h, 1500ms or an ISO-8601 duration (PT10M). */
    static Duration parseDuration(String s) {
        String t = s.trim().toLowerCase();
        try {
            if (t.startsWith("pt") || t.startsWith("p")) {
                return Duration.parse(t.toUpperCase());
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            double v = Double.parseDouble(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofMillis(Math.round(v * 1000));
                case 'm' -> Duration.ofMillis(Math.round(v * 60_000));
                case 'h' -> Duration.ofMillis(Math.round(v * 3_600_000));
                default -> throw new IllegalArgumentException("bad duration '" + s + "' (use e.g. 90s, 10m, 2h)");
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad duration '" + s + "' (use e.g. 90s, 10m, 2h)");
        }
    }

    private static final String RANDOMIZE_NATIVE_NAME = "jSerialComm.library.randomizeNativeName";

    public static void main(String[] args) {
        // jSerialComm extracts its native library to one shared file and rewrites it in place on every start; a
        // JVM that has it mapped (another simulator or gateway started alongside, as the demo does) then dies of
        // SIGBUS. A file of its own per JVM, as bin/hanedge-gateway does.
        if (System.getProperty(RANDOMIZE_NATIVE_NAME) == null) {
            System.setProperty(RANDOMIZE_NATIVE_NAME, "true");
        }
        int code = new CommandLine(new SimulateCommand()).execute(args);
        System.exit(code);
    }

    static List<String> availableKinds(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public Integer call() {
        DeviceProfile profile = loadProfile();
        if (profile == null) {
            return 2;
        }
        FaultInjector faults = new FaultInjector();
        Duration sosDelay;
        Route route;
        boolean gpio;
        try {
            initialFault(faults);
            sosDelay = sosDelay();
            checkScenario();
            route = Routes.forKind(kind);
            applySerialDefaults(route);
            gpio = gpioTcpPort() >= 0 && GpioSimServer.hasGpio(profile);
            checkDevices(route, gpio);
        } catch (UsageException e) {
            err.println("simulate: " + e.getMessage());
            return 2;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "simulate-shutdown"));
        RegisterBank bank = new RegisterBank(profile);
        try {
            startDevices(profile, bank, faults, route, gpio, sosDelay);
        } catch (IOException | RuntimeException e) {
            err.println("simulate: " + e.getMessage());
            shutdown();
            return 1;
        }
        printSummary(faults);
        if (devicesOut != null) {
            try {
                AtomicFile.write(devicesOut, snippet() + "\n");
            } catch (IOException e) {
                err.println("simulate: --devices-out " + devicesOut + ": cannot write: " + e.getMessage());
                shutdown();
                return 1;
            }
        }
        serveCommands(faults);
        return 0;
    }

    /** A wrong option value; its message is printed after "simulate: " and the command exits with 2. */
    private static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** Loads the profile of {@link #kind}, or prints why not and returns null. */
    private DeviceProfile loadProfile() {
        Path file = profiles.resolve(kind + ".yaml");
        if (!Files.isRegularFile(file)) {
            List<String> kinds = availableKinds(profiles);
            err.println("simulate: unknown kind '" + kind + "' (no " + file + "); available: "
                    + (kinds.isEmpty() ? "none (is --profiles " + profiles + " right?)" : String.join(", ", kinds)));
            return null;
        }
        try {
            return ProfileLoader.load(file);
        } catch (ProfileException e) {
            err.println("simulate: profile " + file + " failed to load:");
            err.println(e.getMessage());
            return null;
        }
    }

    private void initialFault(FaultInjector faults) throws UsageException {
        if (fault != null) {
            try {
                faults.set(Fault.parse(fault));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--fault: " + e.getMessage());
            }
        }
    }

    private Duration sosDelay() throws UsageException {
        if (sosAt == null) {
            return null;
        }
        try {
            return parseDuration(sosAt);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--sos-at: " + e.getMessage());
        }
    }

    private void checkScenario() throws UsageException {
        if (!"normal".equalsIgnoreCase(scenario) && !"storm".equalsIgnoreCase(scenario)) {
            throw new UsageException("--scenario must be normal or storm, was " + scenario);
        }
    }

    /** By default every device of the kind: the serial ones on pty pairs at default paths (if socat is there). */
    private void applySerialDefaults(Route route) {
        boolean defaultGps = false;
        boolean defaultScale = false;
        if (!noSerial && route != null && gps == null && gpsPty == null) {
            gpsPty = defaultPty(kind, "gps");
            defaultGps = true;
        }
        if (!noSerial && "waste-truck".equals(kind) && scale == null && scalePty == null) {
            scalePty = defaultPty(kind, "scale");
            defaultScale = true;
        }
        if ((defaultGps || defaultScale) && !PtyPair.socatAvailable()) {
            err.println("simulate: " + PtyPair.SOCAT_MISSING + "; serial devices skipped (give --no-serial to silence)");
            if (defaultGps) {
                gpsPty = null;
            }
            if (defaultScale) {
                scalePty = null;
            }
        }
    }

    private int gpioTcpPort() {
        return gpioPort != null ? gpioPort : DEFAULT_GPIO_PORT;
    }

    private boolean gpsWanted() {
        return gps != null || gpsPty != null;
    }

    private boolean scaleWanted() {
        return scale != null || scalePty != null;
    }

    private void checkDevices(Route route, boolean gpio) throws UsageException {
        boolean serial = gpsWanted() || scaleWanted();
        if (modbusPort < 0 && rtu == null && rtuPty == null && !serial && !gpio) {
            throw new UsageException("nothing to serve: give --modbus-port >= 0, --rtu, --rtu-pty, --gps(-pty), "
                    + "--scale(-pty) or --gpio-port >= 0");
        }
        if (serial && route == null) {
            throw new UsageException("--gps/--scale need a route; kinds with one: waste-truck, fishing-boat");
        }
        if (scaleWanted() && !"waste-truck".equals(kind)) {
            throw new UsageException("--scale/--scale-pty: only the waste-truck has a weighing indicator");
        }
        if (gpsBaud != 4800 && gpsBaud != 9600) {
            throw new UsageException("--gps-baud must be 4800 or 9600, was " + gpsBaud);
        }
    }

    /** Starts the signals and each side (Modbus, serial, GPIO), printing where each listens. */
    private void startDevices(DeviceProfile profile, RegisterBank bank, FaultInjector faults, Route route,
            boolean gpio, Duration sosDelay) throws IOException {
        String head = profile.id() + " simulator (profile " + profile.ref() + ", " + bank.channels().size()
                + " Modbus channels)";
        Signals signals = Signals.forBank(bank, seed);
        SimClock clock = SimClock.realTime(speed);
        SignalDriver driver = new SignalDriver(signals, bank, clock);
        rig.closeLast(driver);
        driver.start();
        ModbusSide modbus = new ModbusSide(rig, head, bank, unitId, faults);
        if (modbusPort >= 0) {
            modbus.startTcp(bind, modbusPort);
        }
        modbus.startRtu(rtu, rtuPty, baud, lineBaud);
        startSerial(route);
        if (gpio) {
            startGpio(profile, signals, clock, sosDelay);
        }
    }

    private void startSerial(Route route) throws IOException {
        SerialSide serial = new SerialSide(rig, kind);
        if (gpsWanted()) {
            serial.start(new NmeaGps(route, gpsTalker, speed, routeStart), gps, gpsPty, gpsBaud, "nmea",
                    "NMEA 0183 GPS (talker " + gpsTalker + ", GGA/RMC/VTG/GSA at 1 Hz, route " + route.name() + ")");
        }
        if (scaleWanted()) {
            serial.start(new ScaleIndicator(route, speed, routeStart), scale, scalePty, scaleBaud, "ascii",
                    "weighing indicator (continuous ST,GS lines)");
        }
    }

    private void startGpio(DeviceProfile profile, Signals signals, SimClock clock, Duration sosDelay)
            throws IOException {
        GpioSide side = new GpioSide(rig, profile, kind, bind);
        GpioSimServer io = side.startServer(gpioTcpPort(), gpioPort != null);
        GpioScenario sc = GpioScenarios.create(profile, scenario, signals.kindModel(), io, speed, routeStart,
                sosDelay);
        sos = side.drive(io, sc, clock);
    }

    private void printSummary(FaultInjector faults) {
        if (speed != 1.0) {
            out.println("simulated time runs " + speed + "x");
        }
        if (faults.current().kind() != Fault.Kind.NONE) {
            out.println("fault: " + faults.current());
        }
        out.println("gateway site config (devices of this simulator, paste under devices:):");
        out.println(snippet());
        out.println("commands on stdin: fault none|slow DURATION|exception CODE|timeout|drop|garble [PROBABILITY], stats"
                + (sos != null ? ", sos" : ""));
        out.flush();
    }

    /** Reads commands from stdin until {@link #stop()} or shutdown. */
    private void serveCommands(FaultInjector faults) {
        Thread stdin = new Thread(() -> readCommands(faults), "simulate-stdin");
        stdin.setDaemon(true);
        stdin.start();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The site-config {@code devices:} entries of what was started. */
    String snippet() {
        StringBuilder sb = new StringBuilder("devices:\n");
        for (String d : snippet) {
            boolean tcp = snippet.stream().anyMatch(e -> e.startsWith("modbus: { transport: tcp"));
            String suffix = d.startsWith("modbus: { transport: rtu") && tcp ? "-rtu"
                    : d.startsWith("modbus") ? "" : d.contains("protocol: nmea") ? "-gps"
                    : d.contains("protocol: ascii") ? "-scale" : "-io";
            sb.append("  - { id: ").append(kind).append("-sim").append(suffix).append(", profile: ").append(kind)
                    .append(", ").append(d).append(" }\n");
        }
        return sb.toString().stripTrailing();
    }

    private void readCommands(FaultInjector faults) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String cmd = line.trim();
                if (cmd.isEmpty()) {
                    continue;
                }
                if (cmd.equalsIgnoreCase("sos")) {
                    SosButton b = sos;
                    if (b != null) {
                        b.press();
                        out.println("sos: button pressed");
                    } else {
                        out.println("error: no SOS button (fishing-boat with --gpio-port >= 0)");
                    }
                    out.flush();
                    continue;
                }
                out.println(command(cmd, faults));
                out.flush();
            }
        } catch (IOException e) {
            // stdin closed: keep running
        }
    }

    /** Executes one stdin command and returns the reply line. */
    static String command(String cmd, FaultInjector faults) {
        String first = cmd.split("\\s+")[0].toLowerCase();
        switch (first) {
            case "stats", "status" -> {
                return faults.summary();
            }
            case "help", "?" -> {
                return Fault.USAGE + "; stats";
            }
            default -> {
                try {
                    Fault f = Fault.parse(cmd);
                    faults.set(f);
                    return "fault: " + f;
                } catch (IllegalArgumentException e) {
                    return "error: " + e.getMessage();
                }
            }
        }
    }

    /** Stops the simulator: {@link #call()} returns. */
    void stop() {
        shutdown();
    }

    private synchronized void shutdown() {
        for (AutoCloseable c : resources) {
            try {
                c.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
        resources.clear();
        stopped.countDown();
    }
}
