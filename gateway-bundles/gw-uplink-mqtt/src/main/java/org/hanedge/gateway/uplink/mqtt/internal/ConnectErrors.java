package org.hanedge.gateway.uplink.mqtt.internal;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

import org.eclipse.paho.mqttv5.common.MqttException;

/** Turns a failed connect or a lost connection into one short, human-readable cause (never with credentials). */
public final class ConnectErrors {
    private ConnectErrors() {
    }

    public static String describe(Throwable t) {
        // Walk the cause chain from the outside in; the most specific known cause wins.
        String tls = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof CertificateExpiredException) {
                return "server certificate expired (" + c.getMessage() + ")";
            }
            if (c instanceof CertificateNotYetValidException) {
                return "server certificate not yet valid (" + c.getMessage() + ")";
            }
            if (c instanceof CertPathValidatorException cpe) {
                if (cpe.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
                    return "server certificate expired";
                }
                if (cpe.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                    return "server certificate not yet valid";
                }
                tls = "server certificate not trusted by tls.ca.file (" + cpe.getMessage() + ")";
            }
            String msg = c.getMessage() == null ? "" : c.getMessage();
            if (c instanceof java.security.cert.CertificateException && (msg.contains("No subject alternative")
                    || msg.contains("No name matching"))) {
                return "server certificate does not match the host name (" + msg + ")";
            }
            if (c instanceof SSLPeerUnverifiedException) {
                return "server certificate does not match the host name (" + msg + ")";
            }
            if (tls == null && msg.contains("unable to find valid certification path")) {
                tls = "server certificate not trusted by tls.ca.file (no path to a trusted CA)";
            }
            if (c instanceof UnknownHostException) {
                return "unknown host " + msg + " (DNS lookup failed)";
            }
            if (c instanceof ConnectException) {
                return "connection refused (" + msg + ")";
            }
            if (c instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (c instanceof SocketTimeoutException) {
                return "connect timed out";
            }
            if (c instanceof java.net.SocketException && msg.toLowerCase(java.util.Locale.ROOT).contains("reset")) {
                return "connection reset by the broker or the network";
            }
            if (c instanceof java.io.EOFException) {
                return "connection closed by the broker";
            }
        }
        if (tls != null) {
            return tls;
        }
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SSLHandshakeException || c instanceof SSLException) {
                return "TLS handshake failed (" + c.getMessage() + ")";
            }
        }
        if (t instanceof MqttException me) {
            int rc = me.getReasonCode();
            String reason = reasonText(rc);
            if (reason != null) {
                return reason + " (reason " + rc + ")";
            }
            Throwable cause = me.getCause();
            if (cause != null) {
                return cause.getClass().getSimpleName() + ": " + cause.getMessage();
            }
            return me.getMessage() + " (reason " + rc + ")";
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** MQTT 5 CONNACK / DISCONNECT reason codes, plus Paho's client-side codes we expect. */
    static String reasonText(int rc) {
        return switch (rc) {
            case 128 -> "unspecified error";
            case 129 -> "malformed packet";
            case 130 -> "protocol error";
            case 131 -> "implementation specific error";
            case 132 -> "unsupported protocol version";
            case 133 -> "client identifier not valid";
            case 134 -> "bad user name or password";
            case 135 -> "not authorized";
            case 136 -> "server unavailable";
            case 137 -> "server busy";
            case 138 -> "banned";
            case 139 -> "server shutting down";
            case 140 -> "bad authentication method";
            case 141 -> "keep alive timeout";
            case 142 -> "session taken over (another client uses this gateway id)";
            case 149 -> "packet too large";
            case 151 -> "quota exceeded";
            case 153 -> "payload format invalid";
            case 156 -> "use another server";
            case 157 -> "server moved";
            case 159 -> "connection rate exceeded";
            case 32000 -> "timed out waiting for the broker";
            case 32103 -> "connection refused";
            case 32104 -> "not connected";
            case 32109 -> "connection lost";
            default -> null;
        };
    }
}
