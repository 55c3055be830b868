package org.hanedge.fleet.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A backup file opened for a restore. {@link #open} checks that it is complete before anything is touched: a zip
 * whose directory can be read (a file cut short has none), a manifest, and a payload of the size and SHA-256 the
 * manifest states.
 */
final class BackupArchive implements AutoCloseable {
    private final Path file;
    private final ZipFile zip;
    private final BackupManifest manifest;

    private BackupArchive(Path file, ZipFile zip, BackupManifest manifest) {
        this.file = file;
        this.zip = zip;
        this.manifest = manifest;
    }

    static BackupArchive open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BackupException("backup file " + file + " does not exist");
        }
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new BackupException("backup file " + file + " is incomplete or not a backup (" + e.getMessage()
                    + "): nothing was changed");
        } catch (IOException e) {
            throw new BackupException("backup file " + file + " cannot be read: " + e.getMessage());
        }
        try {
            ZipEntry m = zip.getEntry(BackupManifest.ENTRY);
            if (m == null) {
                throw new BackupException("backup file " + file + " has no " + BackupManifest.ENTRY
                        + ": incomplete or not a fleet server backup; nothing was changed");
            }
            BackupManifest manifest;
            try (InputStream in = zip.getInputStream(m)) {
                manifest = BackupManifest.read(in);
            }
            BackupArchive archive = new BackupArchive(file, zip, manifest);
            archive.verifyPayload();
            return archive;
        } catch (IOException | RuntimeException e) {
            closeQuietly(zip);
            if (e instanceof BackupException b) {
                throw b;
            }
            throw new BackupException("backup file " + file + " cannot be read (" + e + "): nothing was changed", e);
        }
    }

    BackupManifest manifest() {
        return manifest;
    }

    /** Copies the database payload to {@code target}. */
    void extractPayload(Path target) throws IOException {
        try (InputStream in = zip.getInputStream(payloadEntry())) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        BackupFiles.restrict(target, "rw-------");
    }

    private ZipEntry payloadEntry() {
        ZipEntry e = zip.getEntry(manifest.kind().payloadEntry());
        if (e == null) {
            throw new BackupException("backup file " + file + " has no " + manifest.kind().payloadEntry()
                    + " (the database): incomplete; nothing was changed");
        }
        return e;
    }

    private void verifyPayload() throws IOException {
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = zip.getInputStream(payloadEntry())) {
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
                size += n;
            }
        } catch (ZipException e) {
            throw new BackupException("backup file " + file + ": the database part is damaged (" + e.getMessage()
                    + "); nothing was changed");
        }
        String hex = java.util.HexFormat.of().formatHex(sha.digest());
        if (size != manifest.payloadBytes() || !hex.equals(manifest.payloadSha256())) {
            throw new BackupException("backup file " + file + ": the database part has " + size + " bytes and SHA-256 "
                    + hex + ", the manifest says " + manifest.payloadBytes() + " bytes and " + manifest.payloadSha256()
                    + ": damaged; nothing was changed");
        }
    }

    @Override
    public void close() {
        closeQuietly(zip);
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException e) {
            // read-only: nothing to lose
        }
    }
}
