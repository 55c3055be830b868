package org.hanedge.demo;

/** A simulator's line-based control (its stdin): {@code sos}, {@code cut}, {@code restore}. */
@FunctionalInterface
public interface ControlLine {
    void send(String command) throws DemoFailure;
}
