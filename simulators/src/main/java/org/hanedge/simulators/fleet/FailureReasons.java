package org.hanedge.simulators.fleet;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5MessageException;
import com.hivemq.client.mqtt.mqtt5.message.Mqtt5ReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5Disconnect;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAck;

/** Short, stable names for why a connect or publish failed, used as keys of the failure counters. */
final class FailureReasons {
    private FailureReasons() {
    }

    static String of(Throwable t) {
        Throwable e = unwrap(t);
        if (e instanceof Mqtt5MessageException m) {
            Object msg = m.getMqttMessage();
            if (msg instanceof Mqtt5ConnAck ack) {
                return "CONNACK " + code(ack.getReasonCode());
            }
            if (msg instanceof Mqtt5PubAck ack) {
                return "PUBACK " + code(ack.getReasonCode());
            }
            if (msg instanceof Mqtt5Disconnect d) {
                return "DISCONNECT " + code(d.getReasonCode());
            }
            return m.getMqttMessage().getType() + " " + e.getMessage();
        }
        if (e instanceof ConnectionFailedException) {
            Throwable c = e.getCause() == null ? e : unwrap(e.getCause());
            if (c instanceof ConnectException || String.valueOf(c.getMessage()).contains("refused")) {
                return "connection refused";
            }
            if (c instanceof UnknownHostException) {
                return "unknown host";
            }
            if (c instanceof SocketTimeoutException || c.getClass().getSimpleName().contains("Timeout")) {
                return "connect timed out";
            }
            if (c instanceof NoRouteToHostException) {
                return "no route to host";
            }
            return "connection failed: " + c.getClass().getSimpleName();
        }
        if (e instanceof ConnectionClosedException) {
            return "connection closed";
        }
        if (e instanceof MqttClientStateException) {
            return "not connected";
        }
        return e.getClass().getSimpleName();
    }

    static String code(Mqtt5ReasonCode code) {
        return code + " (" + code.getCode() + ")";
    }

    private static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
