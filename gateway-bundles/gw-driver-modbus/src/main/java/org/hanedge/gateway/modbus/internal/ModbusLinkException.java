package org.hanedge.gateway.modbus.internal;

import org.hanedge.gateway.api.Quality;

/**
 * A failed Modbus request, classified by the quality its channels get. {@link #exceptionCode()} is the Modbus
 * exception code of an exception response, or 0 when the device gave no usable answer.
 */
public class ModbusLinkException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Quality quality;
    private final int exceptionCode;

    private ModbusLinkException(String message, Throwable cause, Quality quality, int exceptionCode) {
        super(message, cause);
        this.quality = quality;
        this.exceptionCode = exceptionCode;
    }

    /** The device answered with a Modbus exception response. */
    public static ModbusLinkException exceptionResponse(int code) {
        return new ModbusLinkException("Modbus exception " + code + " (" + describe(code) + ")", null,
                qualityOf(code), code);
    }

    /** No usable answer: timeout, connection or I/O failure, CRC/framing error, malformed response. */
    public static ModbusLinkException comm(String message, Throwable cause) {
        return new ModbusLinkException(message, cause, Quality.BAD_COMM, 0);
    }

    public Quality quality() {
        return quality;
    }

    public int exceptionCode() {
        return exceptionCode;
    }

    /** Whether the device answered (with an exception response); false for communication failures. */
    public boolean deviceAnswered() {
        return exceptionCode != 0;
    }

    /**
     * Quality for a Modbus exception code: 1-3 the request does not fit the device (configuration), 4 device failure,
     * 5-6 busy/acknowledge, 10-11 the gateway path failed (communication); unknown codes count as device failures.
     */
    public static Quality qualityOf(int exceptionCode) {
        return switch (exceptionCode) {
            case 1, 2, 3 -> Quality.BAD_CONFIG;
            case 4 -> Quality.BAD_DEVICE_FAILURE;
            case 5, 6 -> Quality.BAD_DEVICE_BUSY;
            case 10, 11 -> Quality.BAD_COMM;
            default -> Quality.BAD_DEVICE_FAILURE;
        };
    }

    static String describe(int code) {
        return switch (code) {
            case 1 -> "illegal function";
            case 2 -> "illegal data address";
            case 3 -> "illegal data value";
            case 4 -> "slave device failure";
            case 5 -> "acknowledge";
            case 6 -> "slave device busy";
            case 8 -> "memory parity error";
            case 10 -> "gateway path unavailable";
            case 11 -> "gateway target failed to respond";
            default -> "unknown";
        };
    }
}
