package org.hanedge.gateway.serial.internal;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The reader thread of a serial device ({@code hanedge-serial-<id>}): opens the port (retrying with the
 * {@link PortWatchdog}'s back-off), feeds what it reads into the {@link LineFramer} and lets the watchdog check for
 * silence after every read (reads wait at most the read timeout). A lost port is closed and reopened.
 */
final class SerialReader {
    private final String deviceId;
    private final SerialSettings settings;
    private final SerialDeviceOptions options;
    private final LineFramer framer;
    private final PortWatchdog watchdog;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running;
    private volatile SerialPortLink link;
    private Thread thread;

    SerialReader(String deviceId, SerialSettings settings, SerialDeviceOptions options, LineFramer framer,
            PortWatchdog watchdog) {
        this.deviceId = deviceId;
        this.settings = settings;
        this.options = options;
        this.framer = framer;
        this.watchdog = watchdog;
    }

    void start() {
        running = true;
        thread = new Thread(this::run, "hanedge-serial-" + deviceId);
        thread.setDaemon(true);
        thread.start();
    }

    boolean running() {
        return running;
    }

    /** The open port, or null while there is none. */
    SerialPortLink link() {
        return link;
    }

    /** Tells the thread to stop (it ends within a read timeout). */
    void signalStop() {
        running = false;
        stopped.countDown();
    }

    /** Waits for the thread to end, then closes the port if still open. */
    void awaitStop() {
        try {
            thread.join(Math.max(2000, 5L * options.readTimeoutMs()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SerialPortLink l = link;
        if (l != null) {
            l.close();
        }
    }

    private void run() {
        while (running) {
            SerialPortLink l;
            try {
                l = SerialPortLink.open(settings, options.readTimeoutMs());
            } catch (IOException | RuntimeException e) {
                await(watchdog.openFailed(e));
                continue;
            }
            link = l;
            framer.reset();
            watchdog.opened();
            try {
                readLoop(l);
            } catch (IOException | RuntimeException e) {
                if (running) {
                    watchdog.lost(e);
                }
            } finally {
                link = null;
                l.close();
            }
        }
    }

    private void readLoop(SerialPortLink l) throws IOException {
        byte[] buf = new byte[1024];
        while (running) {
            int n = l.read(buf);
            if (n > 0) {
                framer.feed(buf, 0, n);
            }
            watchdog.checkSilence();
        }
    }

    private void await(long ms) {
        try {
            stopped.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
