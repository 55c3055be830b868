package org.hanedge.demo;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

import org.hanedge.sites.CredentialsCsv;
import org.hanedge.sites.CredentialsCsvException;
import org.hanedge.sites.GatewayCredential;

/**
 * Splits the virtual fleet's credentials file (read and written by {@link CredentialsCsv}) into the gateways of a
 * set and the rest; both files owner-only, like the file they come from.
 */
public final class CredentialsSplit {
    private CredentialsSplit() {
    }

    /** Writes {@code in}'s gateways in {@code ids} to {@code selected}, the others to {@code rest}. */
    public static Counts split(Path in, Set<String> ids, Path selected, Path rest) throws IOException {
        List<GatewayCredential> all = read(in);
        List<GatewayCredential> sel = all.stream().filter(c -> ids.contains(c.gatewayId())).toList();
        List<GatewayCredential> oth = all.stream().filter(c -> !ids.contains(c.gatewayId())).toList();
        writePrivate(selected, sel);
        writePrivate(rest, oth);
        return new Counts(sel.size(), oth.size());
    }

    /** Gateways in a credentials file. */
    public static int gateways(Path file) throws IOException {
        return read(file).size();
    }

    private static List<GatewayCredential> read(Path file) throws IOException {
        try {
            return CredentialsCsv.read(file, null, 0);
        } catch (CredentialsCsvException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static void writePrivate(Path file, List<GatewayCredential> credentials) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            CredentialsCsv.write(w, credentials);
        }
    }

    /** Gateways written to each part. */
    public record Counts(int selected, int rest) {
    }
}
