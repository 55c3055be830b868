package org.hanedge.gateway.modbus.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.AbstractModbusMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.util.BitVector;

/**
 * A {@link ModbusLink} over a j2mod master facade. Connects lazily; after any communication failure the master is
 * disconnected so the next request reconnects (a dropped TCP connection or an unplugged USB adapter heals on the next
 * poll, and a late answer to a timed-out request can never be taken for the answer to the next one). j2mod's own
 * retries are disabled: retries and back-off belong to the poller, which knows the device's policy.
 */
abstract class J2modLink implements ModbusLink {
    private static final Logger LOG = LoggerFactory.getLogger(J2modLink.class);

    private AbstractModbusMaster master;
    private int timeoutMs = -1;
    private boolean closed;

    /** A new, unconnected master with the given response timeout. */
    protected abstract AbstractModbusMaster createMaster(int timeoutMs) throws Exception;

    private AbstractModbusMaster master(int timeout) throws ModbusLinkException {
        if (closed) {
            throw ModbusLinkException.comm(describe() + ": link closed", null);
        }
        try {
            if (master == null) {
                master = createMaster(timeout);
                timeoutMs = timeout;
            }
            if (timeout != timeoutMs) {
                master.setTimeout(timeout);
                timeoutMs = timeout;
            }
            if (!master.isConnected()) {
                master.connect();
                master.setRetries(1);
                master.setCheckingValidity(true);
                LOG.debug("{}: connected", describe());
            }
            return master;
        } catch (Exception e) {
            disconnect();
            throw ModbusLinkException.comm(describe() + ": cannot connect: " + message(e), e);
        }
    }

    @FunctionalInterface
    private interface Call<T> {
        T call(AbstractModbusMaster m) throws ModbusException;
    }

    private <T> T execute(int timeout, Call<T> call) throws ModbusLinkException {
        AbstractModbusMaster m = master(timeout);
        try {
            T result = call.call(m);
            if (result == null) {
                throw ModbusLinkException.comm(describe() + ": no response", null);
            }
            return result;
        } catch (ModbusSlaveException e) {
            throw ModbusLinkException.exceptionResponse(e.getType());
        } catch (ModbusException | RuntimeException e) {
            disconnect();
            throw ModbusLinkException.comm(describe() + ": " + message(e), e);
        }
    }

    @Override
    public boolean[] readCoils(int unitId, int start, int count, int timeout) throws ModbusLinkException {
        return bits(execute(timeout, m -> m.readCoils(unitId, start, count)), count);
    }

    @Override
    public boolean[] readDiscreteInputs(int unitId, int start, int count, int timeout) throws ModbusLinkException {
        return bits(execute(timeout, m -> m.readInputDiscretes(unitId, start, count)), count);
    }

    @Override
    public int[] readHoldingRegisters(int unitId, int start, int count, int timeout) throws ModbusLinkException {
        return words(execute(timeout, m -> m.readMultipleRegisters(unitId, start, count)), count);
    }

    @Override
    public int[] readInputRegisters(int unitId, int start, int count, int timeout) throws ModbusLinkException {
        return words(execute(timeout, m -> m.readInputRegisters(unitId, start, count)), count);
    }

    private boolean[] bits(BitVector v, int count) throws ModbusLinkException {
        if (v.size() < count) {
            disconnect();
            throw ModbusLinkException.comm(describe() + ": short response, " + v.size() + " of " + count + " bits",
                    null);
        }
        boolean[] bits = new boolean[count];
        for (int i = 0; i < count; i++) {
            bits[i] = v.getBit(i);
        }
        return bits;
    }

    private int[] words(InputRegister[] regs, int count) throws ModbusLinkException {
        if (regs.length != count) {
            disconnect();
            throw ModbusLinkException.comm(describe() + ": response has " + regs.length + " registers, expected "
                    + count, null);
        }
        int[] words = new int[count];
        for (int i = 0; i < count; i++) {
            words[i] = regs[i].toUnsignedShort();
        }
        return words;
    }

    private void disconnect() {
        if (master != null) {
            try {
                master.disconnect();
            } catch (RuntimeException e) {
                LOG.debug("{}: disconnect failed", describe(), e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        disconnect();
        master = null;
    }

    private static String message(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        Throwable cause = e.getCause();
        if (cause != null && cause != e && cause.getMessage() != null && !sb.toString().contains(cause.getMessage())) {
            sb.append(": ").append(cause.getMessage());
        }
        return sb.toString();
    }
}
