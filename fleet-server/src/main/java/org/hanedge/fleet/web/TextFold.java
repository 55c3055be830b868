package org.hanedge.fleet.web;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Folds text for accent-insensitive search: "Thạc Gián" and "thac gian" both become "thac gian". */
public final class TextFold {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private TextFold() {
    }

    public static String fold(String s) {
        if (s == null) {
            return "";
        }
        String d = Normalizer.normalize(s, Normalizer.Form.NFD);
        return MARKS.matcher(d).replaceAll("").replace('đ', 'd').replace('Đ', 'D').toLowerCase(Locale.ROOT).trim();
    }
}
