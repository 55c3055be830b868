package org.hanedge.gateway.modbus.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The buses of this gateway, shared by the device components of this bundle, and the scheduler that times every
 * device's polls. A device {@link #acquire acquires} its bus (opened on first use) and {@link #release releases} it;
 * a bus closes when its last device leaves. Scheduler threads only enqueue work on buses, they never talk to a device.
 */
@Component(service = ModbusBusRegistry.class, immediate = true)
public class ModbusBusRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ModbusBusRegistry.class);

    private final Function<BusConfig, ModbusLink> linkFactory;
    private final Map<String, Entry> buses = new HashMap<>();
    private ScheduledThreadPoolExecutor scheduler;

    private static final class Entry {
        final ModbusBus bus;
        int users;

        Entry(ModbusBus bus) {
            this.bus = bus;
        }
    }

    /** DS constructor: real j2mod links. */
    public ModbusBusRegistry() {
        this(ModbusBusRegistry::j2modLink);
    }

    /** For tests and simulators: links from the given factory. */
    public ModbusBusRegistry(Function<BusConfig, ModbusLink> linkFactory) {
        this.linkFactory = linkFactory;
    }

    /** Opens a real j2mod link for a bus (also used by the Modbus benchmark). */
    public static ModbusLink j2modLink(BusConfig config) {
        return config.transport() == BusConfig.Transport.TCP ? new J2modTcpLink(config.host(), config.port())
                : new J2modRtuLink(config);
    }

    @Activate
    public synchronized void activate() {
        AtomicInteger n = new AtomicInteger();
        scheduler = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "modbus-scheduler-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        scheduler.setRemoveOnCancelPolicy(true);
    }

    @Deactivate
    public synchronized void deactivate() {
        buses.values().forEach(e -> e.bus.close());
        buses.clear();
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    public synchronized ScheduledExecutorService scheduler() {
        if (scheduler == null) {
            throw new IllegalStateException("bus registry not active");
        }
        return scheduler;
    }

    /**
     * The bus for {@code config}, opened if this is its first device.
     *
     * @throws IllegalArgumentException if the serial line is already open with different settings
     */
    public synchronized ModbusBus acquire(BusConfig config) {
        Entry e = buses.get(config.key());
        if (e == null) {
            e = new Entry(new ModbusBus(config, linkFactory.apply(config)));
            buses.put(config.key(), e);
            LOG.info("{}: bus opened", e.bus.describe());
        } else if (!e.bus.config().compatibleWith(config)) {
            throw new IllegalArgumentException(config.serialPort() + " is already open as '"
                    + e.bus.config().describe() + "', not '" + config.describe() + "'");
        }
        e.users++;
        return e.bus;
    }

    /** Gives a bus back; the last device to leave closes it. */
    public void release(ModbusBus bus) {
        ModbusBus toClose = null;
        synchronized (this) {
            Entry e = buses.get(bus.key());
            if (e != null && e.bus == bus && --e.users <= 0) {
                buses.remove(bus.key());
                toClose = bus;
            }
        }
        if (toClose != null) {
            toClose.close(); // outside the lock: may wait for a running request
        }
    }

    /** Open buses, for tests and diagnostics. */
    public synchronized int openBuses() {
        return buses.size();
    }
}
