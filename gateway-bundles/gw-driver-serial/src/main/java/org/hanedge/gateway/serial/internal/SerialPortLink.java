package org.hanedge.gateway.serial.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fazecast.jSerialComm.SerialPort;

/**
 * One open serial port (jSerialComm). Reads wait at most {@code readTimeoutMs} so the reader thread stays
 * responsive. The port counts as gone when a read or write fails, or when its device path disappears or now points
 * at another device (a USB-serial adapter that was unplugged and plugged back, a pty pair that was recreated):
 * jSerialComm does not always report an error for a vanished device, so the path is checked on idle reads.
 */
public final class SerialPortLink implements AutoCloseable {
    private final SerialSettings settings;
    private final SerialPort port;
    private final Path path;
    private final Path realPath;
    private long lastPathCheck;

    private SerialPortLink(SerialSettings settings, SerialPort port, Path path, Path realPath) {
        this.settings = settings;
        this.port = port;
        this.path = path;
        this.realPath = realPath;
    }

    /** Opens the port; throws with the reason when it cannot be opened (missing, busy, no permission). */
    public static SerialPortLink open(SerialSettings s, int readTimeoutMs) throws IOException {
        Path path = Path.of(s.port());
        if (!Files.exists(path)) {
            throw new IOException(s.port() + " does not exist");
        }
        Path real = path.toRealPath();
        SerialPort p = SerialPort.getCommPort(s.port());
        p.setComPortParameters(s.baud(), s.dataBits(),
                s.stopBits() == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT,
                switch (s.parity()) {
                    case "even" -> SerialPort.EVEN_PARITY;
                    case "odd" -> SerialPort.ODD_PARITY;
                    default -> SerialPort.NO_PARITY;
                });
        p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                readTimeoutMs, 1000);
        if (!p.openPort()) {
            throw new IOException("cannot open " + s.describe() + " (error " + p.getLastErrorCode() + ")");
        }
        return new SerialPortLink(s, p, path, real);
    }

    /**
     * Reads what is there, waiting up to the read timeout for the first byte.
     *
     * @return bytes read, 0 when nothing arrived
     * @throws IOException when the port is gone
     */
    public int read(byte[] buf) throws IOException {
        int n = port.readBytes(buf, buf.length);
        if (n < 0) {
            throw new IOException("read failed on " + settings.port() + " (error " + port.getLastErrorCode() + ")");
        }
        if (n == 0) {
            checkPath();
        }
        return n;
    }

    public void write(byte[] data) throws IOException {
        int n = port.writeBytes(data, data.length);
        if (n != data.length) {
            throw new IOException("write failed on " + settings.port() + " (" + n + " of " + data.length + " bytes)");
        }
    }

    private void checkPath() throws IOException {
        long now = System.nanoTime();
        if (now - lastPathCheck < 200_000_000L) {
            return;
        }
        lastPathCheck = now;
        if (!Files.exists(path)) {
            throw new IOException(settings.port() + " disappeared");
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new IOException(settings.port() + " disappeared", e);
        }
        if (!real.equals(realPath)) {
            throw new IOException(settings.port() + " now points at another device (" + real + ")");
        }
    }

    public SerialSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        port.closePort();
    }
}
