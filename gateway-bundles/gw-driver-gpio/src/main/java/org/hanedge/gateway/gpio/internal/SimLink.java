package org.hanedge.gateway.gpio.internal;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wire between a device on provider {@code sim} and a GPIO simulator in another process (a test rig, not field
 * hardware). One daemon thread per device connects to the simulator (the TCP server) and reads its lines; writes go
 * out on the caller's thread. Line protocol, UTF-8, one command per {@code \n}-terminated line:
 * <ul>
 * <li>simulator → gateway {@code in <bcmPin> <0|1>}: the electrical level of an input pin (1 = high), sent on every
 * change and for every pin right after connect; applied to the pin's {@link MockDigitalInput}, so the device's
 * capture, debounce and counters run as on hardware. Pins without an input/counter channel are counted and
 * ignored.</li>
 * <li>gateway → simulator {@code out <bcmPin> <0|1>}: the electrical level of an output, whenever it is driven, and
 * every output's current level right after connect.</li>
 * <li>blank lines and lines starting with {@code #} are ignored; anything else is counted and logged (at most one
 * WARN a minute), never thrown.</li>
 * </ul>
 * A lost connection is logged once at WARN and retried with back-off (0.5 s doubling to 10 s); meanwhile the inputs
 * keep their last level and nothing new is published for them.
 */
final class SimLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimLink.class);
    static final long FIRST_BACKOFF_MS = 500;
    static final long MAX_BACKOFF_MS = 10_000;
    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final long GARBAGE_WARN_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final String deviceId;
    private final String address;
    private final InetSocketAddress target;
    private final Map<Integer, MockDigitalInput> inputs;
    /** Last level driven per output pin (true = high), re-sent on every connect. */
    private final Map<Integer, Boolean> outputs = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong garbage = new AtomicLong();
    private volatile Socket socket;
    private Writer writer; // guarded by writeLock; null while disconnected
    private long lastGarbageWarn;
    private boolean garbageWarned;

    /**
     * @param address {@code host:port} of the simulator
     * @param inputs  the mock inputs by BCM pin (input and counter channels)
     */
    SimLink(String deviceId, String address, Map<Integer, MockDigitalInput> inputs) {
        this.deviceId = deviceId;
        this.address = address;
        this.target = address(address);
        this.inputs = Map.copyOf(inputs);
        this.thread = new Thread(this::run, "hanedge-gpio-sim-" + deviceId);
        this.thread.setDaemon(true);
    }

    /** Parses {@code host:port} ({@code [v6]:port} too) into an unresolved address; resolved at every connect. */
    static InetSocketAddress address(String s) {
        int colon = s == null ? -1 : s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("sim.address '" + s + "': expected host:port");
        }
        String host = s.substring(0, colon).trim();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1).trim());
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (host.isEmpty() || port < 1 || port > 65_535) {
            throw new IllegalArgumentException("sim.address '" + s + "': expected host:port");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    SimLink start() {
        thread.start();
        return this;
    }

    /** Records an output's electrical level and sends it if connected (else it goes out on the next connect). */
    void output(int pin, boolean high) {
        outputs.put(pin, high);
        synchronized (writeLock) {
            if (writer != null) {
                try {
                    writer.write(line(pin, high));
                    writer.flush();
                } catch (IOException e) {
                    LOG.debug("device {}: GPIO simulator {}: write failed: {}", deviceId, address, e.toString());
                    closeSocket(); // the reader sees it and reconnects
                }
            }
        }
    }

    private static String line(int pin, boolean high) {
        return "out " + pin + (high ? " 1\n" : " 0\n");
    }

    private void run() {
        long backoff = FIRST_BACKOFF_MS;
        boolean warned = false;
        while (stopped.getCount() > 0) {
            Socket s = new Socket();
            socket = s;
            try {
                if (stopped.getCount() == 0) {
                    break;
                }
                s.connect(new InetSocketAddress(target.getHostString(), target.getPort()), CONNECT_TIMEOUT_MS);
                s.setTcpNoDelay(true);
                BufferedReader in = new BufferedReader(
                        new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                synchronized (writeLock) {
                    writer = new BufferedWriter(new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8));
                    for (var e : new TreeMap<>(outputs).entrySet()) {
                        writer.write(line(e.getKey(), e.getValue()));
                    }
                    writer.flush();
                }
                connects.incrementAndGet();
                LOG.info("device {}: connected to GPIO simulator {}", deviceId, address);
                warned = false;
                backoff = FIRST_BACKOFF_MS;
                String l;
                while ((l = in.readLine()) != null) {
                    handle(l);
                }
                throw new IOException("closed by the simulator");
            } catch (IOException | RuntimeException e) {
                if (stopped.getCount() == 0) {
                    break;
                }
                if (!warned) {
                    LOG.warn("device {}: GPIO simulator {} not connected ({}); retrying with back-off, inputs keep "
                            + "their last level", deviceId, address, e.getMessage() != null ? e.getMessage() : e);
                    warned = true;
                } else {
                    LOG.debug("device {}: GPIO simulator {}: {}", deviceId, address, e.toString());
                }
            } finally {
                synchronized (writeLock) {
                    writer = null;
                    closeSocket();
                }
            }
            try {
                if (stopped.await(backoff, TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
    }

    /** One line from the simulator (link thread). */
    void handle(String raw) {
        String l = raw.strip();
        if (l.isEmpty() || l.startsWith("#")) {
            return;
        }
        String[] f = l.split("\\s+");
        if (f.length == 3 && f[0].equals("in") && (f[2].equals("0") || f[2].equals("1"))) {
            int pin;
            try {
                pin = Integer.parseInt(f[1]);
            } catch (NumberFormatException e) {
                pin = -1;
            }
            if (pin >= 0) {
                MockDigitalInput input = inputs.get(pin);
                if (input == null) {
                    ignored.incrementAndGet();
                    LOG.debug("device {}: GPIO simulator: pin {} is no input of the profile, ignored", deviceId, pin);
                    return;
                }
                try {
                    input.mockState(f[2].equals("1") ? DigitalState.HIGH : DigitalState.LOW);
                } catch (RuntimeException e) {
                    LOG.debug("device {}: GPIO simulator: pin {} not set: {}", deviceId, pin, e.toString());
                }
                applied.incrementAndGet();
                return;
            }
        }
        long n = garbage.incrementAndGet();
        long now = System.nanoTime();
        if (!garbageWarned || now - lastGarbageWarn >= GARBAGE_WARN_NANOS) {
            garbageWarned = true;
            lastGarbageWarn = now;
            String shown = l.length() > 120 ? l.substring(0, 120) + "..." : l;
            LOG.warn("device {}: GPIO simulator {}: ignored unparseable line '{}' ({} so far; at most one such "
                    + "warning a minute)", deviceId, address, shown, n);
        }
    }

    private void closeSocket() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** Closes the connection and joins the thread; outputs recorded afterwards are not sent. */
    @Override
    public void close() {
        stopped.countDown();
        synchronized (writeLock) {
            writer = null;
            closeSocket();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("device {}: GPIO simulator link thread did not stop", deviceId);
        }
    }

    boolean connected() {
        synchronized (writeLock) {
            return writer != null;
        }
    }

    /** Successful connections so far. */
    long connects() {
        return connects.get();
    }

    /** {@code in} lines applied to an input. */
    long applied() {
        return applied.get();
    }

    /** {@code in} lines for pins the profile does not read. */
    long ignored() {
        return ignored.get();
    }

    /** Lines that are not part of the protocol. */
    long garbage() {
        return garbage.get();
    }
}
