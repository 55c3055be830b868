package org.hanedge.simulators.link;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A district's uplink as a TCP relay: gateways connect to it instead of the broker and it forwards both ways. While
 * {@link #cut() cut}, every open connection is dropped and new ones are closed as soon as they are accepted, as when a
 * district's backhaul fails; {@link #restore()} lets connections through again. One thread per direction of each
 * connection (small stacks): a district has tens to a few hundred gateways.
 */
public final class LinkRelay implements AutoCloseable {
    /** Counters since the start. */
    public record Status(boolean up, int open, long accepted, long refused, long dropped, long bytesUp,
            long bytesDown) {
    }

    private static final long STACK_BYTES = 128 * 1024;

    private final InetSocketAddress target;
    private final ServerSocket server;
    private final Set<Pair> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong bytesUp = new AtomicLong();
    private final AtomicLong bytesDown = new AtomicLong();
    private volatile boolean up = true;
    private volatile boolean closed;

    private record Pair(Socket client, Socket upstream) {
        void close() {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    /** Listens on {@code listen} (port 0: any free port) and relays to {@code target}. */
    public LinkRelay(InetSocketAddress listen, InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(listen, 200);
        Thread t = new Thread(this::acceptLoop, "link-accept-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    /** A relay on a free loopback port to {@code host:port}: a link a test can cut and restore. */
    public static LinkRelay onFreePort(String host, int port) throws IOException {
        return new LinkRelay(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new InetSocketAddress(host, port));
    }

    /** The port gateways connect to. */
    public int port() {
        return server.getLocalPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    public InetSocketAddress target() {
        return target;
    }

    /** Drops every open connection and refuses new ones until {@link #restore()}; returns how many were dropped. */
    public int cut() {
        up = false;
        int n = 0;
        for (Pair p : open) {
            if (open.remove(p)) {
                p.close();
                n++;
            }
        }
        dropped.addAndGet(n);
        return n;
    }

    public void restore() {
        up = true;
    }

    public boolean isUp() {
        return up;
    }

    public Status status() {
        return new Status(up, open.size(), accepted.get(), refused.get(), dropped.get(), bytesUp.get(),
                bytesDown.get());
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (!up) {
                refused.incrementAndGet();
                closeQuietly(client);
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(target, 5000);
            } catch (IOException e) {
                refused.incrementAndGet();
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            Pair p = new Pair(client, upstream);
            open.add(p);
            accepted.incrementAndGet();
            if (!up) { // cut while connecting
                if (open.remove(p)) {
                    dropped.incrementAndGet();
                }
                p.close();
                continue;
            }
            pump(p, client, upstream, bytesUp);
            pump(p, upstream, client, bytesDown);
        }
    }

    private void pump(Pair pair, Socket from, Socket to, AtomicLong bytes) {
        Thread t = new Thread(null, () -> {
            byte[] buf = new byte[8 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                    bytes.addAndGet(n);
                }
            } catch (IOException e) {
                // cut, or one side closed
            } finally {
                open.remove(pair);
                pair.close();
            }
        }, "link-pump", STACK_BYTES);
        t.setDaemon(true);
        t.start();
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
        cut();
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
