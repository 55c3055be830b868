package org.hanedge.contract.senml;

/** RFC 8428 field labels: JSON names and CBOR integer labels (§6), and our text extensions. */
final class Labels {
    static final int BVER = -1, BN = -2, BT = -3, BU = -4, BV = -5, BS = -6;
    static final int N = 0, U = 1, V = 2, VS = 3, VB = 4, S = 5, T = 6, UT = 7, VD = 8;
    /** Extension: quality name of a record with a value (UNCERTAIN). */
    static final String Q = "q";
    /** Extension: the outbox sequence number. */
    static final String SEQ = "seq";
    /** Extension, first record of a thin pack: every record's sequence offset from the first's, as varints. */
    static final String SEQ_OFFSETS = "so";
    /** Extension, first record of a thin pack: every record's sequence number from the times ({@link SeqRanks}). */
    static final String SEQ_RANKS = "sr";
    /** Suffix of a quality record's name. */
    static final String QUALITY_SUFFIX = ":q";

    private Labels() {
    }

    static String jsonName(int label) {
        return switch (label) {
            case BVER -> "bver";
            case BN -> "bn";
            case BT -> "bt";
            case BU -> "bu";
            case BV -> "bv";
            case BS -> "bs";
            case N -> "n";
            case U -> "u";
            case V -> "v";
            case VS -> "vs";
            case VB -> "vb";
            case S -> "s";
            case T -> "t";
            case UT -> "ut";
            case VD -> "vd";
            default -> Integer.toString(label);
        };
    }

    /** The label of a JSON field name, or {@link Integer#MIN_VALUE} for an extension. */
    static int ofJson(String name) {
        return switch (name) {
            case "bver" -> BVER;
            case "bn" -> BN;
            case "bt" -> BT;
            case "bu" -> BU;
            case "bv" -> BV;
            case "bs" -> BS;
            case "n" -> N;
            case "u" -> U;
            case "v" -> V;
            case "vs" -> VS;
            case "vb" -> VB;
            case "s" -> S;
            case "t" -> T;
            case "ut" -> UT;
            case "vd" -> VD;
            default -> Integer.MIN_VALUE;
        };
    }

    /** CBOR: Jackson reports integer keys as their decimal text; text keys are extensions (or JSON names). */
    static int ofCbor(String key) {
        if (!key.isEmpty() && key.length() <= 3 && (key.charAt(0) == '-' || Character.isDigit(key.charAt(0)))) {
            try {
                int label = Integer.parseInt(key);
                return label >= BS && label <= VD ? label : Integer.MIN_VALUE + 1;
            } catch (NumberFormatException e) {
                return Integer.MIN_VALUE;
            }
        }
        return Integer.MIN_VALUE;
    }
}
