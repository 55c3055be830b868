package org.hanedge.fleet.broker;

import java.net.InetAddress;

import org.hanedge.fleet.credential.MqttPrincipal;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;

/**
 * Checks every PUBLISH against {@link AclRules} before HiveMQ sees it. A refused MQTT 5 QoS 1 publish is answered
 * with PUBACK NOT_AUTHORIZED and the client stays connected: HiveMQ CE's own authorization (default permissions or a
 * PublishAuthorizer) would also disconnect it, and a gateway whose outbox holds such a message would then reconnect
 * and resend it forever. The default permissions set at authentication stay as a second line (and cover Last Wills).
 */
final class PublishAcl implements PublishInboundInterceptor {
    private final RefusalLog refusals;

    PublishAcl(RefusalLog refusals) {
        this.refusals = refusals;
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        String topic = input.getPublishPacket().getTopic();
        MqttPrincipal p = ConnectionPrincipal.read(input.getConnectionInformation().getConnectionAttributeStore()).orElse(null);
        if (p != null && AclRules.mayPublish(p, topic)) {
            return;
        }
        refusals.refused("publish on '" + RefusalLog.clean(topic) + "' not allowed", p == null ? "" : p.username(),
                input.getClientInformation().getClientId(),
                input.getConnectionInformation().getInetAddress().map(InetAddress::getHostAddress).orElse("unknown address"));
        output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, "not authorized to publish on this topic");
    }
}
