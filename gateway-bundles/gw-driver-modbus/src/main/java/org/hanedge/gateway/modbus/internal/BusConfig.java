package org.hanedge.gateway.modbus.internal;

import java.util.Locale;
import java.util.Set;

/**
 * How to reach a bus. Devices whose {@link #key()} is equal share one bus: one serial line for RTU, one TCP
 * connection per host:port for TCP.
 */
public record BusConfig(Transport transport, String host, int port, String serialPort, int baud, String parity,
        int dataBits, int stopBits) {

    public enum Transport {
        TCP, RTU;

        public static Transport parse(String s) {
            if (s == null) {
                throw new IllegalArgumentException("transport is required (tcp or rtu)");
            }
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "tcp" -> TCP;
                case "rtu" -> RTU;
                default -> throw new IllegalArgumentException("transport must be tcp or rtu, not '" + s + "'");
            };
        }
    }

    public BusConfig {
        if (transport == Transport.TCP) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host is required for Modbus TCP");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, not " + port);
            }
        } else {
            if (serialPort == null || serialPort.isBlank()) {
                throw new IllegalArgumentException("serial.port is required for Modbus RTU");
            }
            parity = parity == null ? "none" : parity.trim().toLowerCase(Locale.ROOT);
            if (!Set.of("none", "even", "odd").contains(parity)) {
                throw new IllegalArgumentException("serial.parity must be none, even or odd, not '" + parity + "'");
            }
            if (baud <= 0) {
                throw new IllegalArgumentException("serial.baud must be positive, not " + baud);
            }
            if (dataBits != 7 && dataBits != 8) {
                throw new IllegalArgumentException("serial.dataBits must be 7 or 8, not " + dataBits);
            }
            if (stopBits != 1 && stopBits != 2) {
                throw new IllegalArgumentException("serial.stopBits must be 1 or 2, not " + stopBits);
            }
        }
    }

    public static BusConfig tcp(String host, int port) {
        return new BusConfig(Transport.TCP, host, port, null, 0, null, 0, 0);
    }

    public static BusConfig rtu(String serialPort, int baud, String parity, int dataBits, int stopBits) {
        return new BusConfig(Transport.RTU, null, 0, serialPort, baud, parity, dataBits, stopBits);
    }

    /** Identity of the physical bus. */
    public String key() {
        return transport == Transport.TCP ? "tcp:" + host + ":" + port : "rtu:" + serialPort;
    }

    /** Whether a device with this config can join a bus opened with {@code other} (same line settings). */
    public boolean compatibleWith(BusConfig other) {
        return equals(other);
    }

    public String describe() {
        return transport == Transport.TCP ? "tcp " + host + ":" + port
                : "rtu " + serialPort + " " + baud + " " + dataBits + Character.toUpperCase(parity.charAt(0))
                        + stopBits;
    }
}
