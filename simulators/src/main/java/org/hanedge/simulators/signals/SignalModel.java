package org.hanedge.simulators.signals;

import java.time.ZonedDateTime;
import java.util.Set;

import org.hanedge.simulators.modbus.RegisterBank;

/**
 * Plausible values for a profile kind. A model keeps its own physical state (levels, counters, run states) and, on
 * each {@link #step}, advances it by {@code dtSeconds} of simulated time and writes the channels it drives into the
 * bank with {@link RegisterBank#update} (so values written by a Modbus master stick).
 */
public interface SignalModel {

    /** Advances to simulated local time {@code time}, {@code dtSeconds} after the previous step (0 on the first). */
    void step(ZonedDateTime time, double dtSeconds, RegisterBank bank);

    /** Channel names this model drives; a generic model fills in the rest. */
    Set<String> channels();
}
