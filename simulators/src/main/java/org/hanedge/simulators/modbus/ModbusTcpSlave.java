package org.hanedge.simulators.modbus;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Modbus TCP slave (MBAP framing) serving a {@link RegisterBank}, one thread per connection, any number of
 * connections at once, with faults from a {@link FaultInjector} applied per request.
 *
 * <p><b>Unit id.</b> Requests for the configured unit id, for 0 and for 255 (the "no sub-unit" id of Modbus TCP) are
 * served; any other unit id gets exception 11 (gateway target device failed to respond), as a TCP gateway answers
 * for a missing serial slave.
 *
 * <p><b>Garbled replies</b> keep the MBAP length (so a master does not hang on a short read) but damage the
 * transaction id, the protocol id and the first data byte.
 */
public final class ModbusTcpSlave implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModbusTcpSlave.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final RegisterBank bank;
    private final PduHandler handler;
    private final int unitId;
    private final FaultInjector faults;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile boolean closed;

    public ModbusTcpSlave(RegisterBank bank, int unitId, FaultInjector faults) {
        this.bank = bank;
        this.handler = new PduHandler(bank);
        this.unitId = unitId;
        this.faults = faults;
    }

    public ModbusTcpSlave(RegisterBank bank, int unitId) {
        this(bank, unitId, new FaultInjector());
    }

    /** Binds and starts accepting; {@code port} 0 picks a free port (see {@link #port()}). */
    public ModbusTcpSlave start(String bindAddress, int port) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 50);
        server = ss;
        Thread t = new Thread(this::acceptLoop, "modbus-tcp-accept-" + ss.getLocalPort());
        t.setDaemon(true);
        t.start();
        return this;
    }

    public int port() {
        return server.getLocalPort();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    public FaultInjector faults() {
        return faults;
    }

    public RegisterBank bank() {
        return bank;
    }

    public int unitId() {
        return unitId;
    }

    /** Connections currently open. */
    public int connections() {
        return clients.size();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                clients.add(s);
                Thread t = new Thread(() -> serve(s), "modbus-tcp-conn-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("accept failed: {}", e.toString());
                }
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            byte[] header = new byte[7];
            while (!closed) {
                try {
                    in.readFully(header);
                } catch (EOFException e) {
                    return;
                }
                int tid = (header[0] & 0xFF) << 8 | header[1] & 0xFF;
                int pid = (header[2] & 0xFF) << 8 | header[3] & 0xFF;
                int len = (header[4] & 0xFF) << 8 | header[5] & 0xFF;
                int unit = header[6] & 0xFF;
                if (pid != 0 || len < 2 || len > 254) {
                    LOG.debug("bad MBAP header (protocol {}, length {}); closing", pid, len);
                    return;
                }
                byte[] pdu = new byte[len - 1];
                in.readFully(pdu);
                faults.countRequest();
                int fc = pdu[0] & 0xFF;
                if (unit != unitId && unit != 0 && unit != 255) {
                    faults.countOtherUnit();
                    send(out, tid, unit, PduHandler.exception(fc, PduHandler.GATEWAY_TARGET_FAILED), false);
                    continue;
                }
                Fault f = faults.next();
                byte[] reply;
                switch (f.kind()) {
                    case TIMEOUT:
                        continue;
                    case DROP:
                        LOG.debug("fault drop: closing connection from {}", s.getRemoteSocketAddress());
                        return;
                    case SLOW:
                        Thread.sleep(f.delay().toMillis());
                        reply = handler.handle(pdu);
                        break;
                    case EXCEPTION:
                        reply = PduHandler.exception(fc, f.code());
                        break;
                    default:
                        reply = handler.handle(pdu);
                }
                send(out, tid, unit, reply, f.kind() == Fault.Kind.GARBLE);
            }
        } catch (SocketException | EOFException e) {
            LOG.debug("connection ended: {}", e.toString());
        } catch (IOException e) {
            if (!closed) {
                LOG.warn("connection failed: {}", e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            clients.remove(s);
        }
    }

    private void send(OutputStream out, int tid, int unit, byte[] pdu, boolean garble) throws IOException {
        byte[] frame = new byte[7 + pdu.length];
        frame[0] = (byte) (tid >> 8);
        frame[1] = (byte) tid;
        frame[4] = (byte) ((pdu.length + 1) >> 8);
        frame[5] = (byte) (pdu.length + 1);
        frame[6] = (byte) unit;
        System.arraycopy(pdu, 0, frame, 7, pdu.length);
        if (garble) {
            frame[0] ^= 0x5A;
            frame[1] ^= 0xA5;
            frame[2] = (byte) 0xBE;
            frame[3] = (byte) 0xEF;
            if (frame.length > 8) {
                frame[8] ^= 0xFF;
            }
        }
        out.write(frame);
        out.flush();
        faults.countServed();
    }

    @Override
    public void close() {
        closed = true;
        ServerSocket ss = server;
        if (ss != null) {
            try {
                ss.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        for (Socket c : clients) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        clients.clear();
    }
}
