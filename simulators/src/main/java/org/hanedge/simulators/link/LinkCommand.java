package org.hanedge.simulators.link;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.hanedge.simulators.AtomicFile;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code simulate link}: a district's uplink between its gateways and the broker, cut and restored by commands on
 * stdin ({@code cut}, {@code restore}, {@code status}); the demo's outage scenario drives it.
 */
@Command(name = "link", mixinStandardHelpOptions = true, version = "HanEdge simulators 0.1.0",
        description = {"Relays TCP from --listen to --to, standing in for a district's uplink.",
            "Commands on stdin: 'cut' (drop every connection, refuse new ones), 'restore', 'status'."})
public final class LinkCommand implements Callable<Integer> {

    @Option(names = "--listen", paramLabel = "[HOST:]PORT",
            description = "where gateways connect; port 0 = any free port (default: ${DEFAULT-VALUE})")
    String listen = "127.0.0.1:0";

    @Option(names = "--to", paramLabel = "HOST:PORT", required = true, description = "the broker")
    String to;

    @Option(names = "--name", paramLabel = "NAME", description = "shown in every line (default: ${DEFAULT-VALUE})")
    String name = "uplink";

    @Option(names = "--address-file", paramLabel = "FILE",
            description = "once listening, write HOST:PORT of the relay to FILE (atomically)")
    Path addressFile;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final CountDownLatch stopped = new CountDownLatch(1);

    public LinkCommand() {
        this(System.in, System.out, System.err);
    }

    LinkCommand(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new LinkCommand()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        InetSocketAddress from;
        InetSocketAddress target;
        try {
            from = address(listen, "127.0.0.1", "--listen");
            target = address(to, null, "--to");
        } catch (IllegalArgumentException e) {
            err.println("link: " + e.getMessage());
            return 2;
        }
        LinkRelay relay;
        try {
            relay = new LinkRelay(from, target);
        } catch (IOException e) {
            err.println("link: cannot listen on " + listen + ": " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            relay.close();
            stopped.countDown();
        }, "link-shutdown"));
        InetSocketAddress a = relay.address();
        say("link " + name + ": relaying " + a.getHostString() + ":" + a.getPort() + " -> "
                + target.getHostString() + ":" + target.getPort());
        say("commands on stdin: cut, restore, status");
        if (addressFile != null) {
            try {
                AtomicFile.write(addressFile, a.getHostString() + ":" + a.getPort() + "\n");
            } catch (IOException e) {
                err.println("link: --address-file " + addressFile + ": cannot write: " + e.getMessage());
                relay.close();
                return 1;
            }
        }
        Thread t = new Thread(() -> readCommands(relay), "link-stdin");
        t.setDaemon(true);
        t.start();
        stopped.await();
        return 0;
    }

    private void readCommands(LinkRelay relay) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String cmd = line.trim();
                if (!cmd.isEmpty()) {
                    say(command(relay, cmd));
                }
            }
        } catch (IOException e) {
            // stdin closed: keep relaying until stopped
        }
    }

    /** Executes one command and returns the reply line. */
    String command(LinkRelay relay, String cmd) {
        Instant now = Instant.now();
        switch (cmd.toLowerCase()) {
            case "cut" -> {
                int n = relay.cut();
                return "link " + name + ": cut at " + now + " (" + n + " connections dropped)";
            }
            case "restore" -> {
                relay.restore();
                return "link " + name + ": restored at " + now;
            }
            case "status" -> {
                LinkRelay.Status s = relay.status();
                return "link " + name + ": " + (s.up() ? "up" : "cut") + ", " + s.open() + " open, " + s.accepted()
                        + " accepted, " + s.refused() + " refused, " + s.dropped() + " dropped, " + s.bytesUp()
                        + " bytes up, " + s.bytesDown() + " bytes down";
            }
            default -> {
                return "link " + name + ": error: unknown command '" + cmd + "' (cut, restore, status)";
            }
        }
    }

    private synchronized void say(String line) {
        out.println(line);
        out.flush();
    }

    /** Parses [HOST:]PORT (host defaulting to {@code defaultHost}, required when null). */
    static InetSocketAddress address(String s, String defaultHost, String option) {
        int colon = s.lastIndexOf(':');
        String host = colon < 0 ? defaultHost : s.substring(0, colon);
        String port = colon < 0 ? s : s.substring(colon + 1);
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException(option + " '" + s + "': expected HOST:PORT");
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + s + "': port '" + port + "' is not a number");
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException(option + " '" + s + "': port " + p + " is out of range");
        }
        return new InetSocketAddress(host, p);
    }
}
