package org.hanedge.simulators.link;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LinkRelayTest {
    private ServerSocket echo;

    @BeforeEach
    void echoServer() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread c = new Thread(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException e) {
                            // peer gone
                        }
                    });
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @AfterEach
    void close() throws IOException {
        echo.close();
    }

    private LinkRelay relay() throws IOException {
        return new LinkRelay(new InetSocketAddress("127.0.0.1", 0),
                new InetSocketAddress("127.0.0.1", echo.getLocalPort()));
    }

    private static Socket connect(LinkRelay r) throws IOException {
        Socket s = new Socket("127.0.0.1", r.address().getPort());
        s.setSoTimeout(10_000);
        return s;
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        s.getOutputStream().write(b);
        s.getOutputStream().flush();
        byte[] back = s.getInputStream().readNBytes(b.length);
        return new String(back, StandardCharsets.UTF_8);
    }

    @Test
    void relaysUntilCutRefusesWhileCutAndRelaysAgainAfterRestore() throws IOException {
        try (LinkRelay r = relay(); Socket a = connect(r)) {
            assertEquals("hello", roundTrip(a, "hello"));
            await().atMost(Duration.ofSeconds(5)).until(() -> r.status().open() == 1);

            assertEquals(1, r.cut());
            assertEquals(-1, readOrEnd(a), "a connection open at the cut is dropped");
            try (Socket b = connect(r)) {
                assertEquals(-1, readOrEnd(b), "a connection made while cut is closed at once");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> r.status().refused() == 1);
            assertEquals(false, r.status().up());

            r.restore();
            try (Socket c = connect(r)) {
                assertEquals("again", roundTrip(c, "again"));
            }
            // the relay counts a chunk after writing it on: the client may have it a moment before the count
            await().atMost(Duration.ofSeconds(5)).until(() -> r.status().bytesUp() >= 10 && r.status().bytesDown() >= 10);
            LinkRelay.Status s = r.status();
            assertEquals(2, s.accepted());
            assertEquals(1, s.dropped());
        }
    }

    private static int readOrEnd(Socket s) {
        try {
            return s.getInputStream().read();
        } catch (IOException e) {
            return -1; // reset by the relay: also the end of the connection
        }
    }

    @Test
    void theCommandCutsAndRestoresFromStdinAndRefusesBadAddresses() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LinkCommand bad = new LinkCommand(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        bad.to = "broker";
        assertEquals(2, bad.call());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--to 'broker': expected HOST:PORT"), err.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinkCommand.address("127.0.0.1:x", null, "--listen"));
        assertEquals("--listen '127.0.0.1:x': port 'x' is not a number", e.getMessage());

        LinkCommand cmd = new LinkCommand();
        cmd.name = "Hai Chau";
        try (LinkRelay r = relay(); Socket a = connect(r)) {
            assertEquals("hello", roundTrip(a, "hello"));
            await().atMost(Duration.ofSeconds(5)).until(() -> r.status().open() == 1);
            assertTrue(cmd.command(r, "cut").matches("link Hai Chau: cut at \\S+Z \\(1 connections dropped\\)"));
            assertTrue(cmd.command(r, "status").startsWith("link Hai Chau: cut, 0 open"));
            assertTrue(cmd.command(r, "restore").startsWith("link Hai Chau: restored at "));
            assertTrue(cmd.command(r, "status").startsWith("link Hai Chau: up"));
            assertEquals("link Hai Chau: error: unknown command 'unplug' (cut, restore, status)",
                    cmd.command(r, "unplug"));
        }
    }
}
