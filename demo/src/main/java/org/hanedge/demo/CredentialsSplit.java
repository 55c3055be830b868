package org.hanedge.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits the virtual fleet's credentials file ({@code gateway_id,password,profile}, comments and header kept in both
 * parts) into the gateways of a set and the rest; both files owner-only, like the file they come from. Only the
 * first field is read: a password may hold anything.
 */
public final class CredentialsSplit {
    private CredentialsSplit() {
    }

    /** Writes the lines of {@code in}'s gateways in {@code ids} to {@code selected}, the others to {@code rest}. */
    public static Counts split(Path in, Set<String> ids, Path selected, Path rest) throws IOException {
        List<String> sel = new ArrayList<>();
        List<String> oth = new ArrayList<>();
        for (String line : Files.readAllLines(in, StandardCharsets.UTF_8)) {
            String id = DemoSites.InterimCsv.firstField(line);
            if (line.startsWith("#") || id.equals("gateway_id") || line.isBlank()) {
                sel.add(line);
                oth.add(line);
            } else if (ids.contains(id)) {
                sel.add(line);
            } else {
                oth.add(line);
            }
        }
        writePrivate(selected, sel);
        writePrivate(rest, oth);
        return new Counts(count(sel), count(oth));
    }

    /** Gateways (not comments or the header) in a credentials file. */
    public static int gateways(Path file) throws IOException {
        return count(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    private static int count(List<String> lines) {
        return (int) lines.stream().filter(l -> !l.isBlank() && !l.startsWith("#")
                && !DemoSites.InterimCsv.firstField(l).equals("gateway_id")).count();
    }

    private static void writePrivate(Path file, List<String> lines) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    /** Gateways written to each part. */
    public record Counts(int selected, int rest) {
    }
}
