package org.hanedge.demo;

import java.util.List;

/** The summary printed once the city is ready: gateways, web UI address, demo logins, what runs. */
final class ReadyBanner {
    private ReadyBanner() {
    }

    static String text(DemoPlan plan, long seconds, int online, int expected, List<String> real, int virtual) {
        String reals = real.isEmpty() ? "none" : String.join(" ", real);
        int http = plan.httpPort();
        return "\n"
                + "hanedge demo: ready in " + seconds + " s: " + online + "/" + expected + " gateways online ("
                + real.size() + " real: " + reals + "; " + virtual + " virtual)\n"
                + "  web UI and API   http://localhost:" + http + "/   (API docs: http://localhost:" + http
                + "/swagger-ui.html)\n"
                + "  demo logins      admin/admin, operator/operator, viewer/viewer   (demo only)\n"
                + "  MQTT broker      " + plan.brokerUri() + "\n"
                + "  runs             fleet server, " + real.size() + " simulators, " + real.size() + " gateway runtimes"
                + (virtual > 0 ? ", a virtual fleet of " + virtual + " gateways" : "") + "\n"
                + "  try              curl -u viewer:viewer http://localhost:" + http + "/api/v1/gateways/"
                + (real.isEmpty() ? "INT-001" : real.get(0)) + "/latest\n"
                + "  data and logs    " + plan.data() + "   (starting again reuses it; --fresh starts from nothing)\n"
                + "Ctrl-C stops everything.";
    }
}
