package org.hanedge.demo;

import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine.Option;

/** The options of {@code ./hanedge demo}, as given; {@link #validate()} turns them into a {@link DemoPlan}. */
public final class DemoOptions {

    @Option(names = "--fresh", description = "start from nothing (deletes the demo's data directory first; only one "
            + "the demo made: it holds .hanedge-demo)")
    boolean fresh;

    @Option(names = "--virtual", paramLabel = "N",
            description = "virtual gateways for the other sites of the demo city (default: all of them)")
    int virtual = -1;

    @Option(names = "--kinds", paramLabel = "LIST", description = "site kinds that get a real gateway runtime on "
            + "simulators (default: all five: ${DEFAULT-VALUE})")
    String kinds = SiteKind.allIds();

    @Option(names = "--speed", paramLabel = "X", description = "simulated time runs X times faster: signal models, "
            + "truck and boat routes, the storm, and the scenarios' timings (readings keep real time stamps) (default 1)")
    String speed = "1";

    @Option(names = "--scenario", paramLabel = "NAME", description = "normal (default); storm: rain rises to 60 mm/h "
            + "over 45 simulated minutes, wet wells fill, pump and flood alarms trip; outage: one district's uplink is "
            + "cut for ten minutes, then restored and the backlogs drain; sos: a boat far offshore raises SOS. Events "
            + "start a simulated minute after \"ready\".")
    String scenario = "normal";

    @Option(names = "--outage-district", paramLabel = "D",
            description = "the district the outage cuts (default: the first real gateway's, Hai Chau)")
    String outageDistrict;

    @Option(names = "--outage-minutes", paramLabel = "M",
            description = "how long the outage lasts, in simulated minutes (default 10)")
    String outageMinutes = "10";

    @Option(names = "--http-port", paramLabel = "N", description = "fleet server HTTP port (default 8080)")
    int httpPort = 8080;

    @Option(names = "--mqtt-port", paramLabel = "N", description = "its MQTT broker port (default 1883)")
    int mqttPort = 1883;

    @Option(names = "--sim-port", paramLabel = "N", description = "first simulator port: Modbus TCP N..N+4, GPIO "
            + "N+10..N+14 (default 5020; 0: any free ports)")
    int simPort = 5020;

    @Option(names = "--rate", paramLabel = "R", description = "readings per second of each virtual gateway (default 0.2)")
    String rate = "0.2";

    @Option(names = "--data", paramLabel = "DIR", description = "data directory (default run/demo); starting again "
            + "reuses it")
    Path data;

    /**
     * Checks the options and returns the plan they describe.
     *
     * @param root the HanEdge checkout (default data directory {@code root/run/demo})
     * @throws DemoUsageException naming the option and what was wrong with it
     */
    public DemoPlan validate(Path root) throws DemoUsageException {
        double sp = positive("--speed", speed);
        double minutes = positive("--outage-minutes", outageMinutes);
        double r = positive("--rate", rate);
        ScenarioName sc = ScenarioName.parse(scenario);
        List<SiteKind> ks = SiteKind.parseList(kinds);
        port("--http-port", httpPort, false);
        port("--mqtt-port", mqttPort, false);
        port("--sim-port", simPort, true);
        if (sc == ScenarioName.SOS && !ks.contains(SiteKind.FISHING_BOAT)) {
            throw new DemoUsageException("--scenario sos needs the real fishing boat (--kinds with fishing-boat)");
        }
        Path dir = (data != null ? data : root.resolve("run/demo")).toAbsolutePath().normalize();
        return new DemoPlan(fresh, virtual, ks, new SimTime(sp), sc, outageDistrict, minutes, httpPort, mqttPort,
                simPort, r, rate, dir);
    }

    private static double positive(String option, String value) throws DemoUsageException {
        double d;
        try {
            d = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            d = Double.NaN;
        }
        if (!value.matches("[0-9]+(\\.[0-9]+)?") || !(d > 0) || Double.isInfinite(d)) {
            throw new DemoUsageException(option + ": '" + value + "' is not a positive number");
        }
        return d;
    }

    private static void port(String option, int port, boolean zeroAllowed) throws DemoUsageException {
        if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
            throw new DemoUsageException(option + ": " + port + " is not a port (" + (zeroAllowed ? 0 : 1)
                    + "-65535)");
        }
    }
}
