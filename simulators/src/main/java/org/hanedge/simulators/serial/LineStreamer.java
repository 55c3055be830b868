package org.hanedge.simulators.serial;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fazecast.jSerialComm.SerialPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the serial simulators: once per simulated second (but at most every 20 ms of real time) it asks the
 * subclass for the bytes of the route state at the current route time and writes them to a serial port (jSerialComm,
 * 8N1, typically the simulator side of a {@link org.hanedge.simulators.PtyPair}) or to a stream. Route time runs
 * {@code speed} times faster than real time from {@code startS}. Raw bytes can be injected between outputs (bad
 * input tests). On a pty the baud rate has no effect; on a real port it is set as given.
 */
public abstract class LineStreamer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LineStreamer.class);
    static final long MIN_PERIOD_MS = 20;

    protected final Route route;
    private final double speed;
    private final double startS;
    private final Instant utcAtStart;
    private final AtomicLong outputs = new AtomicLong();
    private final Object writeLock = new Object();
    private volatile long t0Nanos;
    private ScheduledExecutorService timer;
    private SerialPort port;
    private OutputStream stream;

    protected LineStreamer(Route route, double speed, double startS, Instant utcAtStart) {
        if (speed <= 0) {
            throw new IllegalArgumentException("speed must be positive, was " + speed);
        }
        this.route = route;
        this.speed = speed;
        this.startS = startS;
        this.utcAtStart = utcAtStart;
    }

    /** Bytes to send for one state, or null to send nothing. */
    protected abstract byte[] output(Route.State state, Instant utc);

    protected abstract String name();

    /** Opens the serial port at {@code baud} 8N1 and starts streaming. */
    public LineStreamer start(String path, int baud) throws IOException {
        SerialPort p = SerialPort.getCommPort(path);
        p.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        p.setComPortTimeouts(SerialPort.TIMEOUT_WRITE_BLOCKING, 0, 1000);
        if (!p.openPort()) {
            throw new IOException("cannot open " + path + " (error " + p.getLastErrorCode() + ")");
        }
        port = p;
        return begin();
    }

    /** Streams into {@code out} (tests). */
    public LineStreamer start(OutputStream out) {
        stream = out;
        return begin();
    }

    private LineStreamer begin() {
        t0Nanos = System.nanoTime();
        long period = Math.max(MIN_PERIOD_MS, Math.round(1000 / speed));
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-" + name());
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Current route time, seconds. */
    public double routeTime() {
        return startS + (System.nanoTime() - t0Nanos) / 1e9 * speed;
    }

    private void tick() {
        try {
            double t = routeTime();
            Route.State s = route.at(t);
            byte[] b = output(s, utcAtStart.plusMillis(Math.round((t - startS) * 1000)));
            if (b != null) {
                write(b);
                outputs.incrementAndGet();
            }
        } catch (IOException e) {
            LOG.debug("{}: write failed: {}", name(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{}: output failed", name(), e);
        }
    }

    /** Writes raw bytes between outputs (garbage, broken sentences ...). */
    public void inject(byte[] raw) throws IOException {
        write(raw);
    }

    private void write(byte[] b) throws IOException {
        synchronized (writeLock) {
            if (port != null) {
                int n = port.writeBytes(b, b.length);
                if (n != b.length) {
                    throw new IOException("wrote " + n + " of " + b.length + " bytes");
                }
            } else if (stream != null) {
                stream.write(b);
                stream.flush();
            }
        }
    }

    /** Outputs written so far (epochs with something to send). */
    public long outputs() {
        return outputs.get();
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (writeLock) {
            if (port != null) {
                port.closePort();
                port = null;
            }
        }
    }
}
