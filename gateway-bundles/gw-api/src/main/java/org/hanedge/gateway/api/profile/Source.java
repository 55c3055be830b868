package org.hanedge.gateway.api.profile;

/** Where a channel's value comes from. One record type per bus kind; a driver serves the sources of its kind. */
public sealed interface Source permits ModbusSource, NmeaSource, SerialLineSource, GpioSource {
    /** The bus keyword used in profile YAML ({@code modbus}, {@code nmea}, {@code ascii}, {@code gpio}). */
    String bus();
}
