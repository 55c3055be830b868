package org.hanedge.gateway.modbus.internal;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One physical bus: a {@link ModbusLink} and the single worker thread that is its only user. Devices enqueue one
 * request at a time ({@link #submit}); requests of different devices interleave in arrival order, so a device never
 * holds the bus for longer than one request (one timeout at worst).
 */
public final class ModbusBus {
    private static final Logger LOG = LoggerFactory.getLogger(ModbusBus.class);

    private final String key;
    private final BusConfig config;
    private final ModbusLink link;
    private final ThreadPoolExecutor worker;

    ModbusBus(BusConfig config, ModbusLink link) {
        this.key = config.key();
        this.config = config;
        this.link = link;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "modbus-bus " + link.describe());
            t.setDaemon(true);
            return t;
        });
    }

    public String key() {
        return key;
    }

    public BusConfig config() {
        return config;
    }

    /** The link; only to be used from tasks running on this bus. */
    public ModbusLink link() {
        return link;
    }

    public String describe() {
        return link.describe();
    }

    /** Queues a task for the bus worker; false when the bus is closed. */
    public boolean submit(Runnable task) {
        try {
            worker.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.error("{}: bus task failed", describe(), e);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Tasks waiting for the bus. */
    public int queued() {
        return worker.getQueue().size();
    }

    public boolean isClosed() {
        return worker.isShutdown();
    }

    /** Drops queued work, waits briefly for the running request, then closes the link. */
    void close() {
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("{}: worker still busy after 5 s, closing the link anyway", describe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link.close();
        LOG.info("{}: bus closed", describe());
    }
}
