package org.hanedge.gateway.config.agent.internal;

/**
 * How the agent judges a pushed configuration.
 *
 * @param healthWindowMs how long an applied configuration has to become healthy before it is rolled back
 * @param healthCheckMs  how often health is looked at within the window
 * @param driftCheckMs   how often the site file is compared with the configuration in force
 */
record AgentSettings(long healthWindowMs, long healthCheckMs, long driftCheckMs) {
    AgentSettings {
        if (healthWindowMs < 1 || healthCheckMs < 1 || driftCheckMs < 1) {
            throw new IllegalArgumentException("agent periods must be positive: window " + healthWindowMs
                    + " ms, check " + healthCheckMs + " ms, drift " + driftCheckMs + " ms");
        }
    }
}
