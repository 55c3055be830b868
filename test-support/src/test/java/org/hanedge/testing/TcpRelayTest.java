package org.hanedge.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.Test;

class TcpRelayTest {
    /** An echo server for one connection at a time. */
    private static ServerSocket echo() throws IOException {
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!s.isClosed()) {
                try (Socket c = s.accept()) {
                    c.getInputStream().transferTo(c.getOutputStream());
                } catch (IOException e) {
                    // next
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return s;
    }

    private static int roundTrip(int port, int b) throws IOException {
        try (Socket c = new Socket(InetAddress.getLoopbackAddress(), port)) {
            c.setSoTimeout(5000);
            c.getOutputStream().write(b);
            return c.getInputStream().read();
        }
    }

    @Test
    void relaysUntilCutAndAgainAfterRestore() throws Exception {
        try (ServerSocket server = echo(); TcpRelay relay = new TcpRelay("127.0.0.1", server.getLocalPort())) {
            assertEquals(42, roundTrip(relay.port(), 42));
            Socket held = new Socket(InetAddress.getLoopbackAddress(), relay.port());
            held.setSoTimeout(5000);
            held.getOutputStream().write(1);
            InputStream in = held.getInputStream();
            assertEquals(1, in.read());
            relay.cut();
            // the open connection is dropped: end of stream or a reset
            int r;
            try {
                r = in.read();
            } catch (IOException e) {
                r = -1;
            }
            assertEquals(-1, r);
            held.close();
            assertThrows(IOException.class, () -> {
                if (roundTrip(relay.port(), 7) < 0) {
                    throw new IOException("closed");
                }
            });
            relay.restore();
            assertEquals(9, roundTrip(relay.port(), 9));
        }
    }
}
