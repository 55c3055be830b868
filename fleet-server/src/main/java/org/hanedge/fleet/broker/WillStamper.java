package org.hanedge.fleet.broker;

import com.hivemq.extension.sdk.api.interceptor.connect.ConnectInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundInput;
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.ModifiableUserProperties;

/**
 * Numbers each connection at its CONNECT and writes the number on its Last Will ({@link StateStamp#WILL}), so the
 * ingest can tell a Will of an earlier connection from one published after the gateway's latest birth. Any stamp
 * the client put on its Will itself is removed.
 */
final class WillStamper implements ConnectInboundInterceptor {
    private final ConnectionNumbers numbers;

    WillStamper(ConnectionNumbers numbers) {
        this.numbers = numbers;
    }

    @Override
    public void onConnect(ConnectInboundInput input, ConnectInboundOutput output) {
        long n = numbers.assign(input.getConnectionInformation().getConnectionAttributeStore());
        output.getConnectPacket().getModifiableWillPublish().ifPresent(will -> {
            ModifiableUserProperties p = will.getUserProperties();
            p.removeName(StateStamp.INGESTED);
            p.removeName(StateStamp.WILL);
            p.addUserProperty(StateStamp.WILL, Long.toString(n));
        });
    }
}
