package org.hanedge.simulators.gpio;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.profile.ProfileLoader;

import static org.awaitility.Awaitility.await;

/** Shipped profiles and a line client of the GPIO simulator. */
final class GpioTestSupport {
    private GpioTestSupport() {
    }

    static DeviceProfile profile(String kind) throws Exception {
        return ProfileLoader.load(Path.of("../device-profiles", kind + ".yaml"));
    }

    /** A client collecting every line the server sends. */
    static final class LineClient implements AutoCloseable {
        final Socket socket;
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final OutputStream out;

        LineClient(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            out = socket.getOutputStream();
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
                    String l;
                    while ((l = r.readLine()) != null) {
                        lines.add(l);
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "gpio-test-client");
            t.setDaemon(true);
            t.start();
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Waits until the received lines end with (or contain, in order) {@code expected}. */
        void awaitLines(String... expected) {
            await().atMost(Duration.ofSeconds(5)).until(() -> containsInOrder(lines, List.of(expected)));
        }

        static boolean containsInOrder(List<String> lines, List<String> expected) {
            int i = 0;
            for (String l : lines) {
                if (i < expected.size() && l.equals(expected.get(i))) {
                    i++;
                }
            }
            return i == expected.size();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
