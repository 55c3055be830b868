package org.hanedge.simulators.link;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code simulate link} as a supervisor runs it: a child process whose relay address arrives in {@code --address-file}
 * and which is cut and restored by lines on its stdin.
 */
class LinkCommandProcessTest {

    @Test
    void writesItsAddressFileAndObeysCutAndRestoreOnStdin(@TempDir Path dir) throws Exception {
        Path addressFile = dir.resolve("link.address");
        try (ServerSocket broker = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> echo(broker));
            accept.setDaemon(true);
            accept.start();
            Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), LinkCommand.class.getName(),
                    "--to", "127.0.0.1:" + broker.getLocalPort(), "--address-file", addressFile.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("link.log").toFile()).start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(addressFile) || !p.isAlive());
                String address = Files.readString(addressFile).trim();
                assertTrue(address.matches("127\\.0\\.0\\.1:\\d+"), address);
                int port = Integer.parseInt(address.substring(address.indexOf(':') + 1));
                try (Socket a = new Socket("127.0.0.1", port)) {
                    a.setSoTimeout(10_000);
                    a.getOutputStream().write("hi".getBytes(StandardCharsets.UTF_8));
                    assertEquals("hi", new String(a.getInputStream().readNBytes(2), StandardCharsets.UTF_8));
                    OutputStream control = p.getOutputStream();
                    control.write("cut\n".getBytes(StandardCharsets.UTF_8));
                    control.flush();
                    assertEquals(-1, readOrEnd(a), "the cut drops the open connection");
                    control.write("restore\n".getBytes(StandardCharsets.UTF_8));
                    control.flush();
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(dir.resolve("link.log"))
                        .contains("restored at "));
                try (Socket b = new Socket("127.0.0.1", port)) {
                    b.setSoTimeout(10_000);
                    b.getOutputStream().write("ok".getBytes(StandardCharsets.UTF_8));
                    assertEquals("ok", new String(b.getInputStream().readNBytes(2), StandardCharsets.UTF_8));
                }
            } finally {
                p.destroy();
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the link stops on SIGTERM");
            }
        }
    }

    private static void echo(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
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
    }

    private static int readOrEnd(Socket s) {
        try {
            return s.getInputStream().read();
        } catch (IOException e) {
            return -1;
        }
    }
}
