package org.hanedge.fleet.broker;

/** The broker the server consumes from and publishes commands to: embedded (default) or external. */
public interface ServerMqttAccess {
    /** Available once the broker is started (Spring lifecycle phase {@link #BROKER_PHASE}). */
    MqttEndpoint endpoint();

    /** Lifecycle phase of the broker; MQTT consumers start in a later phase and stop before it. */
    int BROKER_PHASE = 100;
}
