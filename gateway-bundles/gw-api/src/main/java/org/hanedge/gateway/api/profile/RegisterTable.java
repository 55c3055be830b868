package org.hanedge.gateway.api.profile;

/** The four Modbus data tables, with the read function code for each and the most items one read may return. */
public enum RegisterTable {
    COIL(1, 2000, true),
    DISCRETE_INPUT(2, 2000, true),
    HOLDING_REGISTER(3, 125, false),
    INPUT_REGISTER(4, 125, false);

    private final int readFunction;
    private final int maxPerRead;
    private final boolean bitTable;

    RegisterTable(int readFunction, int maxPerRead, boolean bitTable) {
        this.readFunction = readFunction;
        this.maxPerRead = maxPerRead;
        this.bitTable = bitTable;
    }

    public int readFunction() {
        return readFunction;
    }

    /** Protocol limit on items per read request: 2000 bits or 125 registers. */
    public int maxPerRead() {
        return maxPerRead;
    }

    /** Coils and discrete inputs hold single bits; holding and input registers hold 16-bit words. */
    public boolean isBitTable() {
        return bitTable;
    }
}
