package org.hanedge.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between an MQTT 5 client and a broker that reads what the client sends: every PUBLISH packet as it went
 * on the wire (its size, topic name, Topic Alias and user properties; MQTT 5.0 §3.3), with the topic an alias stands
 * for in that connection. Bytes are relayed unchanged, both ways. For tests that must show what really crosses the
 * link.
 */
public final class PublishTap implements AutoCloseable {
    /**
     * One PUBLISH from the client.
     *
     * @param bytes          the whole packet: fixed header, variable header, properties, payload
     * @param topicName      the topic name field as sent (empty when the alias stands for it)
     * @param topicAlias     the Topic Alias property, or null
     * @param topic          the topic it was published to (the name, or what the alias was set to)
     * @param userProperties its user properties, in order
     * @param payloadBytes   payload size
     */
    public record Publish(int bytes, String topicName, Integer topicAlias, String topic,
            Map<String, String> userProperties, int payloadBytes) {
    }

    private final ServerSocket server;
    private final int brokerPort;
    private final List<Publish> publishes = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    /** Listens on a free loopback port and relays each connection to {@code brokerPort} on loopback. */
    public PublishTap(int brokerPort) throws IOException {
        this.brokerPort = brokerPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "publish-tap-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    /** The URI a client connects to instead of the broker's. */
    public String uri() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    /** Every PUBLISH the clients sent so far, in order. */
    public List<Publish> publishes() {
        return List.copyOf(publishes);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket broker = new Socket(InetAddress.getLoopbackAddress(), brokerPort);
                sockets.add(client);
                sockets.add(broker);
                start(() -> readClient(client, broker));
                start(() -> copy(broker, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void start(Runnable r) {
        Thread t = new Thread(r, "publish-tap-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void copy(Socket from, Socket to) {
        byte[] buf = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // connection ended
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Relays the client's packets one at a time, reading each PUBLISH. */
    private void readClient(Socket client, Socket broker) {
        Map<Integer, String> aliases = new HashMap<>();
        try (DataInputStream in = new DataInputStream(client.getInputStream());
                OutputStream out = broker.getOutputStream()) {
            while (true) {
                int first = in.read();
                if (first < 0) {
                    return;
                }
                ByteArrayOutputStream header = new ByteArrayOutputStream(5);
                header.write(first);
                int remaining = 0;
                for (int shift = 0;; shift += 7) {
                    int b = in.readUnsignedByte();
                    header.write(b);
                    remaining |= (b & 0x7F) << shift;
                    if ((b & 0x80) == 0) {
                        break;
                    }
                }
                byte[] body = new byte[remaining];
                in.readFully(body);
                if (first >>> 4 == 3) {
                    publishes.add(parse(first, header.size() + remaining, body, aliases));
                }
                out.write(header.toByteArray());
                out.write(body);
                out.flush();
            }
        } catch (EOFException e) {
            // connection ended
        } catch (IOException | RuntimeException e) {
            // connection ended, or not MQTT: stop relaying
        } finally {
            closeQuietly(client);
            closeQuietly(broker);
        }
    }

    private static Publish parse(int first, int size, byte[] b, Map<Integer, String> aliases) {
        int[] at = {0};
        String name = utf8(b, at);
        if ((first >>> 1 & 3) > 0) {
            at[0] += 2; // packet identifier
        }
        int end = varInt(b, at);
        end += at[0];
        Integer alias = null;
        Map<String, String> user = new LinkedHashMap<>();
        while (at[0] < end) {
            int id = varInt(b, at);
            switch (id) {
                case 0x01 -> at[0] += 1; // payload format indicator
                case 0x02 -> at[0] += 4; // message expiry interval
                case 0x23 -> {
                    alias = (b[at[0]] & 0xFF) << 8 | b[at[0] + 1] & 0xFF;
                    at[0] += 2;
                }
                case 0x03, 0x08 -> utf8(b, at); // content type, response topic
                case 0x09 -> at[0] += 2 + ((b[at[0]] & 0xFF) << 8 | b[at[0] + 1] & 0xFF); // correlation data
                case 0x0B -> varInt(b, at); // subscription identifier
                case 0x26 -> user.put(utf8(b, at), utf8(b, at));
                default -> throw new IllegalStateException("unknown PUBLISH property 0x" + Integer.toHexString(id));
            }
        }
        if (alias != null && !name.isEmpty()) {
            aliases.put(alias, name);
        }
        String topic = name.isEmpty() && alias != null ? aliases.get(alias) : name;
        return new Publish(size, name, alias, topic, user, b.length - end);
    }

    private static String utf8(byte[] b, int[] at) {
        int len = (b[at[0]] & 0xFF) << 8 | b[at[0] + 1] & 0xFF;
        String s = new String(b, at[0] + 2, len, StandardCharsets.UTF_8);
        at[0] += 2 + len;
        return s;
    }

    private static int varInt(byte[] b, int[] at) {
        int v = 0;
        for (int shift = 0;; shift += 7) {
            int x = b[at[0]++] & 0xFF;
            v |= (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
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
    public void close() throws IOException {
        server.close();
        for (Socket s : new ArrayList<>(sockets)) {
            closeQuietly(s);
        }
    }
}
