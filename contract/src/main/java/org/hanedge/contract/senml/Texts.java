package org.hanedge.contract.senml;

/** Wire text made safe for one log line: control characters as {@code ?}, length capped. */
final class Texts {
    private Texts() {
    }

    static String clip(String s) {
        return clip(s, 80);
    }

    static String clip(String s, int max) {
        if (s == null) {
            return "null";
        }
        int n = Math.min(s.length(), max);
        if (n < s.length() && n > 0 && Character.isHighSurrogate(s.charAt(n - 1))) {
            n--;
        }
        StringBuilder b = new StringBuilder(n + 12);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        if (s.length() > max) {
            b.append("...(").append(s.length()).append(" chars)");
        }
        return b.toString();
    }
}
