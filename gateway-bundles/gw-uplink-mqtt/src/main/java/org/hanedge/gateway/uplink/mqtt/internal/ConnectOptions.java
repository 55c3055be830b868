package org.hanedge.gateway.uplink.mqtt.internal;

import org.hanedge.contract.mqtt.ContentType;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;

import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The Paho connect options of one attempt: clean start, no automatic reconnect, credentials, the retained Last Will
 * on the state topic and, for {@code ssl://}, a host-verifying socket factory (TLS files are read on every attempt).
 */
final class ConnectOptions {
    static final long CONNECT_TIMEOUT_S = 15;

    private ConnectOptions() {
    }

    static MqttConnectionOptions of(UplinkSettings settings, StateDocuments documents, String stateTopic)
            throws TlsContexts.TlsConfigException {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setServerURIs(new String[] {settings.brokerUri()});
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(settings.keepaliveS());
        o.setConnectionTimeout((int) CONNECT_TIMEOUT_S);
        if (settings.username() != null) {
            o.setUserName(settings.username());
        }
        if (settings.password() != null) {
            o.setPassword(settings.password().getBytes(StandardCharsets.UTF_8));
        }
        MqttMessage will = new MqttMessage(documents.lastWill(), 1, true, null);
        o.setWill(stateTopic, will);
        MqttProperties willProps = new MqttProperties();
        willProps.setContentType(ContentType.JSON.mime());
        willProps.setPayloadFormat(true);
        o.setWillMessageProperties(willProps);
        if (settings.tls()) {
            o.setHttpsHostnameVerificationEnabled(true);
            o.setSocketFactory(socketFactory(settings));
        }
        return o;
    }

    private static SocketFactory socketFactory(UplinkSettings settings) throws TlsContexts.TlsConfigException {
        if (settings.tlsCaFile() != null || settings.tlsClientCertFile() != null) {
            return TlsContexts.socketFactory(settings.tlsCaFile(), settings.tlsClientCertFile(),
                    settings.tlsClientKeyFile());
        }
        try {
            return new TlsContexts.HostVerifyingSocketFactory(SSLContext.getDefault().getSocketFactory());
        } catch (NoSuchAlgorithmException e) {
            throw new TlsContexts.TlsConfigException("no default TLS context: " + e.getMessage(), e);
        }
    }
}
