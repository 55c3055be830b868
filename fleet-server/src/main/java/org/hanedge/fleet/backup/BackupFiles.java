package org.hanedge.fleet.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** The backup file format: a zip with the database payload (stored, not recompressed) then the manifest. */
final class BackupFiles {
    private BackupFiles() {
    }

    /** Creates the directory with 0700 if missing (backups hold hashed credentials). */
    static void privateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
        restrict(dir, "rwx------");
    }

    static void restrict(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the directory's ACL applies
        }
    }

    /** Size, CRC-32 and SHA-256 of a file, read once. */
    record Digest(long size, long crc, String sha256) {
        static Digest of(Path file) throws IOException {
            MessageDigest sha;
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            CRC32 crc = new CRC32();
            long size = 0;
            byte[] buf = new byte[1 << 16];
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    crc.update(buf, 0, n);
                    size += n;
                }
            }
            return new Digest(size, crc.getValue(), HexFormat.of().formatHex(sha.digest()));
        }
    }

    /**
     * Writes {@code target} (0600) from the payload and the manifest: first to a temporary name, then renamed, so a
     * file with the final name is always complete.
     */
    static void write(Path target, Path payload, Digest digest, BackupManifest manifest) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        restrict(tmp, "rw-------");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
            ZipEntry entry = new ZipEntry(manifest.kind().payloadEntry());
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(digest.size());
            entry.setCompressedSize(digest.size());
            entry.setCrc(digest.crc());
            zip.putNextEntry(entry);
            Files.copy(payload, zip);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(BackupManifest.ENTRY));
            manifest.write(new NonClosing(zip));
            zip.closeEntry();
        }
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Keeps {@link java.util.Properties#store} from closing the zip stream. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
