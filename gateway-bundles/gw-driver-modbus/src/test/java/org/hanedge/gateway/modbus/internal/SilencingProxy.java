package org.hanedge.gateway.modbus.internal;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Modbus TCP gateway in front of a real slave that forwards every frame, except those for unit ids that were
 * {@link #silence silenced}: those are swallowed, as a serial gateway does when the device behind it is unplugged,
 * so the master sees a genuine timeout.
 */
final class SilencingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int upstreamPort;
    private final Set<Integer> silenced = ConcurrentHashMap.newKeySet();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    SilencingProxy(int upstreamPort) {
        this.upstreamPort = upstreamPort;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread accept = new Thread(this::acceptLoop, "proxy-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void silence(int unitId) {
        silenced.add(unitId);
    }

    void unsilence(int unitId) {
        silenced.remove(unitId);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                daemon(() -> requests(client, upstream));
                daemon(() -> copy(upstream, client));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void requests(Socket client, Socket upstream) {
        try (DataInputStream in = new DataInputStream(client.getInputStream())) {
            OutputStream out = upstream.getOutputStream();
            byte[] header = new byte[7];
            while (true) {
                in.readFully(header);
                int length = (header[4] & 0xFF) << 8 | header[5] & 0xFF; // unit id + PDU
                byte[] frame = new byte[7 + length - 1];
                System.arraycopy(header, 0, frame, 0, 7);
                in.readFully(frame, 7, length - 1);
                if (!silenced.contains(header[6] & 0xFF)) {
                    out.write(frame);
                    out.flush();
                }
            }
        } catch (IOException e) {
            closeQuietly(client, upstream);
        }
    }

    private void copy(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            in.transferTo(to.getOutputStream());
        } catch (IOException e) {
            // closed
        }
        closeQuietly(from, to);
    }

    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "proxy-io");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket... sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // ignore
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // ignore
        }
        sockets.forEach(SilencingProxy::closeQuietly);
    }
}
