package org.hanedge.demo;

import java.nio.file.Path;
import java.util.List;

/**
 * What the demo is to run, checked: {@code virtual} negative means every other site; {@code outageDistrict} null
 * means the first real gateway's district; {@code rateText} is {@code --rate} as given (passed on unchanged).
 */
public record DemoPlan(boolean fresh, int virtual, List<SiteKind> kinds, SimTime time, ScenarioName scenario,
        String outageDistrict, double outageMinutes, int httpPort, int mqttPort, int simPort, double rate,
        String rateText, Path data) {

    public DemoPlan {
        kinds = List.copyOf(kinds);
    }

    /** Modbus TCP port of the i-th kind's simulator (0: any free port). */
    public int modbusPort(int i) {
        return simPort == 0 ? 0 : simPort + i;
    }

    /** GPIO port of the i-th kind's simulator (0: any free port). */
    public int gpioPort(int i) {
        return simPort == 0 ? 0 : simPort + 10 + i;
    }

    public String serverUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public String brokerUri() {
        return "tcp://127.0.0.1:" + mqttPort;
    }
}
