package org.hanedge.gateway.modbus.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DataType;
import org.hanedge.gateway.api.profile.ModbusSource;
import org.hanedge.gateway.modbus.RegisterCodec;

/** Turns the answer to one {@link ReadRequest} into one {@link Reading} per channel. */
public final class ResponseDecoder {

    private ResponseDecoder() {
    }

    /**
     * Decodes {@code data} ({@code boolean[]} for bit tables, {@code int[]} for register tables, as returned by
     * {@link ModbusLink#read}). Bits and {@link DataType#BOOL} values become Booleans, everything else a Double
     * through {@link RegisterCodec}. A float that decodes to NaN or infinity is what instruments send for a failed
     * sensor; it becomes a value-less {@link Quality#BAD_DEVICE_FAILURE} reading.
     */
    public static List<Reading> decode(String deviceId, ReadRequest request, Object data, Instant time) {
        List<Reading> readings = new ArrayList<>(request.channels().size());
        for (ChannelSpec c : request.channels()) {
            ModbusSource s = ReadRequest.source(c);
            int offset = s.address() - request.start();
            if (data instanceof boolean[] bits) {
                readings.add(new Reading(deviceId, c.name(), bits[offset], c.unit(), time, Quality.GOOD));
            } else if (data instanceof int[] registers) {
                double value = RegisterCodec.decode(s, registers, offset);
                if (s.type() == DataType.BOOL) {
                    readings.add(new Reading(deviceId, c.name(), value != 0, c.unit(), time, Quality.GOOD));
                } else if (Double.isNaN(value) || Double.isInfinite(value)) {
                    readings.add(Reading.failed(deviceId, c.name(), c.unit(), time, Quality.BAD_DEVICE_FAILURE));
                } else {
                    readings.add(Reading.of(deviceId, c.name(), value, c.unit(), time));
                }
            } else {
                throw new IllegalArgumentException("unexpected response data " + data);
            }
        }
        return readings;
    }

    /** One value-less reading per channel of the request. */
    public static List<Reading> failed(String deviceId, ReadRequest request, Instant time, Quality quality) {
        return failed(deviceId, request.channels(), time, quality);
    }

    public static List<Reading> failed(String deviceId, List<ChannelSpec> channels, Instant time, Quality quality) {
        List<Reading> readings = new ArrayList<>(channels.size());
        for (ChannelSpec c : channels) {
            readings.add(Reading.failed(deviceId, c.name(), c.unit(), time, quality));
        }
        return readings;
    }
}
