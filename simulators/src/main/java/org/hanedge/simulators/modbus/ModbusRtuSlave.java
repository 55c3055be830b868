package org.hanedge.simulators.modbus;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

import com.fazecast.jSerialComm.SerialPort;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Modbus RTU slave on a serial port (a real device or a pseudo-terminal, e.g. a socat link made by
 * {@link org.hanedge.simulators.PtyPair}), opened with jSerialComm.
 *
 * <p><b>Framing.</b> A request ends when it reaches the length its function code implies (8 bytes for FC 1-6,
 * {@code 9 + byte count} for FC 15/16); for other function codes it ends after a silence of 3.5 characters (at least
 * {@link #MIN_SILENCE_MS} ms, since pseudo-terminals and USB adapters deliver bytes in bursts). A frame with a bad
 * CRC, or one cut short by silence, gets no reply and is counted ({@link FaultInjector#badCrc()}).
 *
 * <p><b>Unit id.</b> Only the configured unit id is answered; other unit ids are ignored silently (as on a shared
 * bus). Unit 0 is broadcast: writes are applied, nothing is sent back.
 *
 * <p><b>Line emulation.</b> With {@link #lineBaud(int)} set, each response is held back until the request and the
 * response would have taken on a real line of that speed (11 bits per character plus a 3.5-character gap), counted
 * from the arrival of the request's first byte; see {@link LineTiming}.
 */
public final class ModbusRtuSlave implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModbusRtuSlave.class);
    /** Shortest silence that ends a frame of unknown length. */
    public static final int MIN_SILENCE_MS = 10;

    private final RegisterBank bank;
    private final PduHandler handler;
    private final int unitId;
    private final FaultInjector faults;
    private volatile LineTiming lineTiming;
    private SerialPort port;
    private String path;
    private Thread thread;
    private volatile boolean closed;
    private long silenceNanos;

    public ModbusRtuSlave(RegisterBank bank, int unitId, FaultInjector faults) {
        this.bank = bank;
        this.handler = new PduHandler(bank);
        this.unitId = unitId;
        this.faults = faults;
    }

    public ModbusRtuSlave(RegisterBank bank, int unitId) {
        this(bank, unitId, new FaultInjector());
    }

    /** Emulates the wire time of a {@code baud} line; 0 switches emulation off. Can be changed while running. */
    public ModbusRtuSlave lineBaud(int baud) {
        lineTiming = baud > 0 ? new LineTiming(baud) : null;
        return this;
    }

    /** Opens {@code portPath} at {@code baud}, 8N1, and starts serving. */
    public ModbusRtuSlave start(String portPath, int baud) throws IOException {
        SerialPort p = SerialPort.getCommPort(portPath);
        if (!p.openPort()) {
            throw new IOException("cannot open serial port " + portPath + " (error " + p.getLastErrorCode() + ")");
        }
        p.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 100, 0);
        this.port = p;
        this.path = portPath;
        long charNanos = LineTiming.BITS_PER_CHAR * 1_000_000_000L / baud;
        this.silenceNanos = Math.max(charNanos * 7 / 2, MIN_SILENCE_MS * 1_000_000L);
        thread = new Thread(this::loop, "modbus-rtu-" + portPath);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    public String path() {
        return path;
    }

    public FaultInjector faults() {
        return faults;
    }

    public RegisterBank bank() {
        return bank;
    }

    public int unitId() {
        return unitId;
    }

    /** Expected request length from the bytes so far: -1 unknown yet, 0 delimited by silence only. */
    static int expectedRequestLength(byte[] buf, int n) {
        if (n < 2) {
            return -1;
        }
        int fc = buf[1] & 0xFF;
        if (fc >= 1 && fc <= 6) {
            return 8;
        }
        if (fc == 15 || fc == 16) {
            return n < 7 ? -1 : 9 + (buf[6] & 0xFF);
        }
        return 0;
    }

    private void loop() {
        byte[] buf = new byte[600];
        int n = 0;
        long frameStart = 0;
        long lastByte = 0;
        while (!closed) {
            if (n == 0) {
                int r = port.readBytes(buf, buf.length);
                if (r < 0) {
                    if (closed) {
                        return;
                    }
                    LOG.warn("read from {} failed (error {}); retrying", path, port.getLastErrorCode());
                    LockSupport.parkNanos(200_000_000L);
                    continue;
                }
                if (r == 0) {
                    continue;
                }
                n = r;
                frameStart = lastByte = System.nanoTime();
            }
            // cut complete frames of known length
            int need;
            while (n > 0 && (need = expectedRequestLength(buf, n)) > 0 && n >= need) {
                byte[] frame = new byte[need];
                System.arraycopy(buf, 0, frame, 0, need);
                System.arraycopy(buf, need, buf, 0, n - need);
                n -= need;
                process(frame, frameStart);
                frameStart = System.nanoTime();
            }
            if (n == 0) {
                continue;
            }
            // wait for more bytes or for the silence that ends the frame
            int avail = port.bytesAvailable();
            if (avail > 0) {
                int r = port.readBytes(buf, Math.min(avail, buf.length - n), n);
                if (r > 0) {
                    n += r;
                    lastByte = System.nanoTime();
                }
                if (n >= buf.length) {
                    LOG.debug("frame overflow; discarding {} bytes", n);
                    faults.countBadCrc();
                    n = 0;
                }
            } else if (avail < 0) {
                n = 0;
            } else if (System.nanoTime() - lastByte >= silenceNanos) {
                byte[] frame = new byte[n];
                System.arraycopy(buf, 0, frame, 0, n);
                n = 0;
                if (expectedRequestLength(frame, frame.length) == 0) {
                    process(frame, frameStart);
                } else {
                    LOG.debug("incomplete frame of {} bytes discarded", frame.length);
                    faults.countBadCrc();
                }
            } else {
                LockSupport.parkNanos(200_000L);
            }
        }
    }

    private void process(byte[] frame, long start) {
        if (!Crc16.check(frame, frame.length)) {
            LOG.debug("bad CRC on {}-byte frame; ignored", frame.length);
            faults.countBadCrc();
            return;
        }
        int unit = frame[0] & 0xFF;
        byte[] pdu = new byte[frame.length - 3];
        System.arraycopy(frame, 1, pdu, 0, pdu.length);
        int fc = pdu[0] & 0xFF;
        if (unit == 0) {
            if (PduHandler.isWrite(fc)) {
                faults.countRequest();
                handler.handle(pdu);
            }
            return;
        }
        if (unit != unitId) {
            faults.countOtherUnit();
            return;
        }
        faults.countRequest();
        Fault f = faults.next();
        byte[] reply;
        switch (f.kind()) {
            case TIMEOUT:
            case DROP:
                return;
            case SLOW:
                LockSupport.parkNanos(f.delay().toNanos());
                reply = handler.handle(pdu);
                break;
            case EXCEPTION:
                reply = PduHandler.exception(fc, f.code());
                break;
            default:
                reply = handler.handle(pdu);
        }
        byte[] out = Crc16.frame(unit, reply);
        if (f.kind() == Fault.Kind.GARBLE) {
            out[out.length - 3] ^= (byte) 0xFF;
        }
        LineTiming lt = lineTiming;
        if (lt != null) {
            lt.awaitResponseSlot(start, frame.length, out.length);
        }
        if (port.writeBytes(out, out.length) == out.length) {
            faults.countServed();
        } else {
            LOG.warn("short write on {}", path);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (port != null) {
            port.closePort();
        }
    }
}
