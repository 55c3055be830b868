package org.hanedge.gateway.serial.internal;

import java.util.Locale;

/**
 * How to open a serial port.
 *
 * @param port     device path ({@code /dev/ttyUSB0}, {@code /dev/serial/by-id/...}, a socat pty link)
 * @param baud     bits per second (NMEA 0183: 4800; many receivers 9600)
 * @param parity   {@code none}, {@code even} or {@code odd}
 * @param dataBits 7 or 8
 * @param stopBits 1 or 2
 */
public record SerialSettings(String port, int baud, String parity, int dataBits, int stopBits) {
    public SerialSettings {
        if (port == null || port.isBlank()) {
            throw new IllegalArgumentException("serial.port is required");
        }
        if (baud <= 0) {
            throw new IllegalArgumentException("serial.baud must be positive, was " + baud);
        }
        parity = parity == null ? "none" : parity.toLowerCase(Locale.ROOT);
        if (!parity.equals("none") && !parity.equals("even") && !parity.equals("odd")) {
            throw new IllegalArgumentException("serial.parity must be none, even or odd, was " + parity);
        }
        if (dataBits != 7 && dataBits != 8) {
            throw new IllegalArgumentException("serial.dataBits must be 7 or 8, was " + dataBits);
        }
        if (stopBits != 1 && stopBits != 2) {
            throw new IllegalArgumentException("serial.stopBits must be 1 or 2, was " + stopBits);
        }
    }

    /** 8N1 at the given speed. */
    public static SerialSettings of(String port, int baud) {
        return new SerialSettings(port, baud, "none", 8, 1);
    }

    /** {@code /dev/ttyUSB0 4800 8N1}. */
    public String describe() {
        return port + " " + baud + " " + dataBits + Character.toUpperCase(parity.charAt(0)) + stopBits;
    }
}
