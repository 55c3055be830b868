package org.hanedge.demo;

import java.util.Locale;

/** {@code --scenario}: what happens a simulated minute after "ready". */
public enum ScenarioName {
    NORMAL, STORM, OUTAGE, SOS;

    /** The name as written on the command line and in scenario.log. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws DemoUsageException naming the value and the accepted names */
    public static ScenarioName parse(String s) throws DemoUsageException {
        for (ScenarioName n : values()) {
            if (n.id().equals(s)) {
                return n;
            }
        }
        throw new DemoUsageException("--scenario must be normal, storm, outage or sos, was '" + s + "'");
    }
}
