package org.hanedge.gateway.rules.internal;

/** Whiteboard inside this bundle: told of every raise and clear (the Event Admin bridge). Must not block. */
public interface AlarmSink {
    void alarm(AlarmTransition t);
}
