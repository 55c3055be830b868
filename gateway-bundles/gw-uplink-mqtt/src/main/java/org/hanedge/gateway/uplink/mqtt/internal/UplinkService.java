package org.hanedge.gateway.uplink.mqtt.internal;

import java.util.concurrent.CompletionStage;

import org.hanedge.gateway.api.uplink.Uplink;

/** The {@link Uplink} service of one activation of the uplink: its session, for other bundles. */
final class UplinkService implements Uplink {
    private final String gatewayId;
    private volatile Sender sender;

    UplinkService(String gatewayId) {
        this.gatewayId = gatewayId;
    }

    void attach(Sender s) {
        this.sender = s;
    }

    @Override
    public String gatewayId() {
        return gatewayId;
    }

    @Override
    public boolean connected() {
        Sender s = sender;
        return s != null && s.connected();
    }

    @Override
    public CompletionStage<Void> publish(String path, byte[] json, boolean retained) {
        Sender s = sender;
        if (s == null) {
            return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("uplink stopped"));
        }
        return s.publish(path, json, retained);
    }

    @Override
    public String toString() {
        return "Uplink[" + gatewayId + "]";
    }
}
