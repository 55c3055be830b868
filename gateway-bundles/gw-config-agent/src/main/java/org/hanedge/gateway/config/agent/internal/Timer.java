package org.hanedge.gateway.config.agent.internal;

/** Runs a task later on the agent's own thread. */
interface Timer {
    void after(long delayMs, Runnable task);
}
