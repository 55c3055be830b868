package org.hanedge.contract.senml;

/** RFC 8428 §4.5.1 name rules: {@code [A-Za-z0-9][A-Za-z0-9:./_-]*}. */
final class SenmlNames {
    private SenmlNames() {
    }

    static boolean isValid(String name) {
        if (name == null || name.isEmpty() || !isAlnum(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAlnum(c) && c != '-' && c != ':' && c != '.' && c != '/' && c != '_') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlnum(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    /** @throws IllegalArgumentException naming the sample when device or channel break the rules */
    static void requireValid(String baseName, Sample s) {
        String name = s.device() + "/" + s.channel();
        if (!isValid(name) || s.device().indexOf('/') >= 0 || s.channel().indexOf('/') >= 0
                || s.channel().endsWith(Labels.QUALITY_SUFFIX) || s.channel().isEmpty() || s.device().isEmpty()) {
            throw new IllegalArgumentException("device \"" + Texts.clip(s.device()) + "\" / channel \""
                    + Texts.clip(s.channel()) + "\" is not a SenML name part: letters, digits and - : . _ only, "
                    + "starting with a letter or digit, no '/', and a channel must not end with \":q\"");
        }
        if (baseName != null && !isValid(baseName)) {
            throw new IllegalArgumentException("base name \"" + Texts.clip(baseName) + "\" breaks RFC 8428 §4.5.1");
        }
    }
}
