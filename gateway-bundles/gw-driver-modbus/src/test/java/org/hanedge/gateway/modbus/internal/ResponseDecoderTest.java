package org.hanedge.gateway.modbus.internal;

import static org.hanedge.gateway.modbus.internal.Channels.ch;
import static org.hanedge.gateway.modbus.internal.Channels.src;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.profile.DataType;
import org.hanedge.gateway.api.profile.Endian;
import org.hanedge.gateway.api.profile.ModbusSource;
import org.hanedge.gateway.api.profile.RegisterTable;
import org.junit.jupiter.api.Test;

class ResponseDecoderTest {
    private static final Instant T = Instant.parse("2025-05-01T08:00:00Z");

    @Test
    void registersBecomeDoublesWithUnitsAndBitsBecomeBooleans() {
        ModbusSource alarmBit = new ModbusSource(RegisterTable.HOLDING_REGISTER, 12, DataType.BOOL, Endian.BIG,
                Endian.BIG, 1, 0, 1);
        ReadRequest r = PollPlanner.plan(List.of(
                ch("level", src(RegisterTable.HOLDING_REGISTER, 10, DataType.FLOAT32), "m", Duration.ofSeconds(5)),
                ch("alarm", alarmBit, null, Duration.ofSeconds(5))), 8).get(0);
        List<Reading> readings = ResponseDecoder.decode("lake-1", r, new int[] {0x42F6, 0xE979, 0x0002}, T);
        assertEquals(2, readings.size());
        Reading level = readings.get(0);
        assertEquals("level", level.channel());
        assertEquals("lake-1", level.deviceId());
        assertEquals("m", level.unit());
        assertEquals(T, level.time());
        assertEquals(Quality.GOOD, level.quality());
        assertEquals(123.456, level.numberValue(), 1e-4);
        assertEquals(Boolean.TRUE, readings.get(1).value());
    }

    @Test
    void coilsAndDiscreteInputs() {
        ReadRequest r = PollPlanner.plan(List.of(Channels.coil("a", 3), Channels.coil("b", 5)), 8).get(0);
        List<Reading> readings = ResponseDecoder.decode("d", r, new boolean[] {true, false, false}, T);
        assertEquals(Boolean.TRUE, readings.get(0).value());
        assertEquals(Boolean.FALSE, readings.get(1).value());
    }

    @Test
    void nanFromAFailedSensorIsADeviceFailure() {
        ReadRequest r = PollPlanner.plan(List.of(Channels.hr("x", 0, DataType.FLOAT32)), 8).get(0);
        Reading reading = ResponseDecoder.decode("d", r, new int[] {0x7FC0, 0x0000}, T).get(0);
        assertEquals(Quality.BAD_DEVICE_FAILURE, reading.quality());
        assertNull(reading.value());
    }

    @Test
    void failedRequestGivesOneValuelessReadingPerChannel() {
        ReadRequest r = PollPlanner.plan(List.of(Channels.hr("a", 0, DataType.UINT16),
                Channels.hr("b", 1, DataType.UINT16)), 8).get(0);
        List<Reading> readings = ResponseDecoder.failed("d", r, T, Quality.BAD_COMM);
        assertEquals(2, readings.size());
        readings.forEach(x -> {
            assertEquals(Quality.BAD_COMM, x.quality());
            assertNull(x.value());
        });
    }

    @Test
    void exceptionCodesMapToQualities() {
        assertEquals(Quality.BAD_CONFIG, ModbusLinkException.qualityOf(1));
        assertEquals(Quality.BAD_CONFIG, ModbusLinkException.qualityOf(2));
        assertEquals(Quality.BAD_CONFIG, ModbusLinkException.qualityOf(3));
        assertEquals(Quality.BAD_DEVICE_FAILURE, ModbusLinkException.qualityOf(4));
        assertEquals(Quality.BAD_DEVICE_BUSY, ModbusLinkException.qualityOf(5));
        assertEquals(Quality.BAD_DEVICE_BUSY, ModbusLinkException.qualityOf(6));
        assertEquals(Quality.BAD_COMM, ModbusLinkException.qualityOf(10));
        assertEquals(Quality.BAD_COMM, ModbusLinkException.qualityOf(11));
        assertEquals(Quality.BAD_COMM, ModbusLinkException.comm("timeout", null).quality());
    }
}
