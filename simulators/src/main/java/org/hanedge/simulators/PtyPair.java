package org.hanedge.simulators;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Two connected pseudo-terminals made by socat ({@code socat pty,raw,echo=0,link=A pty,raw,echo=0,link=B}), exposed
 * as the symlinks A and B: bytes written to one come out of the other, like a null-modem cable. jSerialComm opens
 * the links like serial ports (baud settings are accepted and have no effect on the pty).
 * {@link #close()} stops socat and removes the links.
 */
public final class PtyPair implements AutoCloseable {

    public static final String SOCAT_MISSING = "socat not found: install it with apt-get install socat";

    private final Path a;
    private final Path b;
    private final Process socat;

    private PtyPair(Path a, Path b, Process socat) {
        this.a = a;
        this.b = b;
        this.socat = socat;
    }

    /** Starts socat and waits (up to 5 s) until both links exist. */
    public static PtyPair open(Path a, Path b) throws IOException {
        String exe = findSocat();
        if (exe == null) {
            throw new IOException(SOCAT_MISSING);
        }
        Files.deleteIfExists(a);
        Files.deleteIfExists(b);
        if (a.toAbsolutePath().getParent() != null) {
            Files.createDirectories(a.toAbsolutePath().getParent());
        }
        if (b.toAbsolutePath().getParent() != null) {
            Files.createDirectories(b.toAbsolutePath().getParent());
        }
        ProcessBuilder pb = new ProcessBuilder(List.of(exe, "-d", "-d",
                "pty,raw,echo=0,link=" + a.toAbsolutePath(), "pty,raw,echo=0,link=" + b.toAbsolutePath()));
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException(SOCAT_MISSING + " (" + e.getMessage() + ")", e);
        }
        PtyPair pair = new PtyPair(a.toAbsolutePath(), b.toAbsolutePath(), p);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!(Files.exists(pair.a) && Files.exists(pair.b))) {
            if (!p.isAlive()) {
                pair.close();
                throw new IOException("socat exited with status " + p.exitValue() + " before creating " + a + " and " + b);
            }
            if (System.nanoTime() > deadline) {
                pair.close();
                throw new IOException("socat did not create " + a + " and " + b + " within 5 s");
            }
            LockSupport.parkNanos(10_000_000L);
        }
        return pair;
    }

    /** A pair of links {@code prefix} and {@code prefix.sim}. */
    public static PtyPair open(Path prefix) throws IOException {
        return open(prefix, Path.of(prefix + ".sim"));
    }

    /** Creates links in a fresh temporary directory (for tests). */
    public static PtyPair openTemp() throws IOException {
        Path dir = Files.createTempDirectory("hanedge-pty");
        dir.toFile().deleteOnExit();
        return open(dir.resolve("a"), dir.resolve("b"));
    }

    /** Whether socat is on the PATH. */
    public static boolean socatAvailable() {
        return findSocat() != null;
    }

    private static String findSocat() {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : (path + ":/usr/bin:/usr/local/bin").split(File.pathSeparator)) {
            File f = new File(dir, "socat");
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }

    /** First link (e.g. the gateway's side). */
    public Path a() {
        return a;
    }

    /** Second link (e.g. the simulator's side). */
    public Path b() {
        return b;
    }

    public boolean isAlive() {
        return socat.isAlive();
    }

    @Override
    public void close() {
        socat.destroy();
        try {
            if (!socat.waitFor(2, TimeUnit.SECONDS)) {
                socat.destroyForcibly();
                socat.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(a);
            Files.deleteIfExists(b);
            Path dir = a.getParent();
            if (dir != null && dir.getFileName() != null && dir.getFileName().toString().startsWith("hanedge-pty")) {
                Files.deleteIfExists(dir);
            }
        } catch (IOException ignored) {
            // best effort
        }
    }

    @Override
    public String toString() {
        return "PtyPair[" + a + " <-> " + b + "]";
    }
}
