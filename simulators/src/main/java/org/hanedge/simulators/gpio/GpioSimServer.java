package org.hanedge.simulators.gpio;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.GpioMode;
import org.hanedge.gateway.api.profile.GpioSource;

/**
 * The GPIO header of a gateway as a TCP server speaking a line protocol (UTF-8, lines ending in {@code \n}):
 * <ul>
 * <li>server → client {@code in <bcmPin> <0|1>}: the electrical level (1 = high) of an input or counter pin, on
 * every change and, right after a client connects, the current level of every input pin;</li>
 * <li>client → server {@code out <bcmPin> <0|1>}: a gateway driving an output (relay) pin.</li>
 * </ul>
 * {@code #} comments and blank lines are ignored; anything else is counted as garbage ({@link #garbage()}), never
 * thrown. Pins come from the profile's {@code bus: gpio} channels; {@code activeLow} pins are at level 0 when
 * active. Inputs start inactive. Several clients may connect; each gets every change.
 */
public final class GpioSimServer implements AutoCloseable {

    /** A gpio channel of the profile. */
    public record Pin(String channel, int pin, GpioMode mode, boolean activeLow) {
        int level(boolean active) {
            return active != activeLow ? 1 : 0;
        }

        boolean active(int level) {
            return (level == 1) != activeLow;
        }
    }

    private final DeviceProfile profile;
    private final Map<String, Pin> byName = new LinkedHashMap<>();
    private final Map<Integer, Pin> outputsByPin = new HashMap<>();
    private final Map<String, Integer> levels = new HashMap<>();
    private final Map<String, Integer> outputs = new ConcurrentHashMap<>();
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final AtomicLong garbage = new AtomicLong();
    private final AtomicLong outCommands = new AtomicLong();
    private final Object lock = new Object();
    private volatile BiConsumer<String, Boolean> outputListener = (c, on) -> { };
    private ServerSocket server;
    private volatile boolean closed;

    public GpioSimServer(DeviceProfile profile) {
        this.profile = profile;
        for (ChannelSpec c : profile.channelsOn(GpioSource.class)) {
            GpioSource s = (GpioSource) c.source();
            Pin p = new Pin(c.name(), s.pin(), s.mode(), s.activeLow());
            byName.put(c.name(), p);
            if (s.mode() == GpioMode.OUTPUT) {
                outputsByPin.put(s.pin(), p);
            } else {
                levels.put(c.name(), p.level(false));
            }
        }
    }

    /** Whether the profile has gpio channels at all. */
    public static boolean hasGpio(DeviceProfile profile) {
        return !profile.channelsOn(GpioSource.class).isEmpty();
    }

    public DeviceProfile profile() {
        return profile;
    }

    /** The gpio channels, in profile order. */
    public List<Pin> pins() {
        return List.copyOf(byName.values());
    }

    /** Called with (channel, on) for every accepted {@code out} line (on = logical state, respecting activeLow). */
    public GpioSimServer onOutput(BiConsumer<String, Boolean> listener) {
        this.outputListener = listener;
        return this;
    }

    /** Binds {@code bind:port} (0 = any free port) and starts accepting clients. */
    public GpioSimServer start(String bind, int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        try {
            s.bind(new InetSocketAddress(InetAddress.getByName(bind), port));
        } catch (IOException e) {
            s.close();
            throw e;
        }
        server = s;
        Thread t = new Thread(this::acceptLoop, "gpio-sim-accept");
        t.setDaemon(true);
        t.start();
        return this;
    }

    public int port() {
        return server.getLocalPort();
    }

    private Pin input(String channel) {
        Pin p = byName.get(channel);
        if (p == null) {
            throw new IllegalArgumentException("no gpio channel '" + channel + "' in profile " + profile.id());
        }
        if (p.mode() == GpioMode.OUTPUT) {
            throw new IllegalArgumentException("gpio channel '" + channel + "' is an output");
        }
        return p;
    }

    /** Sets an input or counter channel active or inactive; sends {@code in} to every client if the level changed. */
    public boolean set(String channel, boolean active) {
        Pin p = input(channel);
        int level = p.level(active);
        synchronized (lock) {
            Integer old = levels.put(channel, level);
            if (old != null && old == level) {
                return false;
            }
            broadcast("in " + p.pin() + " " + level + "\n");
            return true;
        }
    }

    /** One counter pulse: active, then inactive (an already active channel first goes inactive). */
    public void pulse(String channel) {
        synchronized (lock) {
            set(channel, false);
            set(channel, true);
            set(channel, false);
        }
    }

    /** Whether an input channel is currently active. */
    public boolean active(String channel) {
        Pin p = input(channel);
        synchronized (lock) {
            return p.active(levels.get(channel));
        }
    }

    /** Latest {@code out} level (1 = high) by output channel name; outputs never written are absent. */
    public Map<String, Integer> outputs() {
        return Map.copyOf(outputs);
    }

    /** Lines received that were neither comments, blank nor a valid {@code out} for an output pin. */
    public long garbage() {
        return garbage.get();
    }

    /** Valid {@code out} lines received. */
    public long outCommands() {
        return outCommands.get();
    }

    public int clientCount() {
        return clients.size();
    }

    private void broadcast(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        for (Client c : clients) {
            c.send(b);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            try {
                s.setTcpNoDelay(true);
                Client c = new Client(s);
                synchronized (lock) {
                    StringBuilder sb = new StringBuilder();
                    for (Pin p : byName.values()) {
                        if (p.mode() != GpioMode.OUTPUT) {
                            sb.append("in ").append(p.pin()).append(' ').append(levels.get(p.channel())).append('\n');
                        }
                    }
                    c.send(sb.toString().getBytes(StandardCharsets.UTF_8));
                    clients.add(c);
                }
                Thread t = new Thread(() -> readLoop(c), "gpio-sim-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                closeQuietly(s);
            }
        }
    }

    private void readLoop(Client c) {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(c.socket.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                handle(line);
            }
        } catch (IOException e) {
            // client gone
        } finally {
            clients.remove(c);
            closeQuietly(c.socket);
        }
    }

    /** Handles one received line (package-visible for tests). */
    void handle(String raw) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        String[] w = line.split("\\s+");
        if (w.length != 3 || !w[0].equals("out") || !(w[2].equals("0") || w[2].equals("1"))) {
            garbage.incrementAndGet();
            return;
        }
        int pin;
        try {
            pin = Integer.parseInt(w[1]);
        } catch (NumberFormatException e) {
            garbage.incrementAndGet();
            return;
        }
        Pin p = outputsByPin.get(pin);
        if (p == null) {
            garbage.incrementAndGet();
            return;
        }
        int level = w[2].equals("1") ? 1 : 0;
        outputs.put(p.channel(), level);
        outCommands.incrementAndGet();
        try {
            outputListener.accept(p.channel(), p.active(level));
        } catch (RuntimeException e) {
            // a listener problem is not the client's
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        for (Client c : new ArrayList<>(clients)) {
            closeQuietly(c.socket);
        }
        clients.clear();
    }

    private final class Client {
        final Socket socket;
        final OutputStream out;

        Client(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        void send(byte[] b) {
            try {
                synchronized (this) {
                    out.write(b);
                    out.flush();
                }
            } catch (IOException e) {
                clients.remove(this);
                closeQuietly(socket);
            }
        }
    }
}
