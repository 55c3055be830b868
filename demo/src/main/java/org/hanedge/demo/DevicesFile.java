package org.hanedge.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A simulator's {@code --devices-out} file: the site-config devices of a kind, as the demo summarises them. */
final class DevicesFile {
    private static final Pattern TCP = Pattern.compile("modbus: \\{ transport: tcp, host: ([^,]+), port: (\\d+)");
    private static final Pattern RTU = Pattern.compile("modbus: \\{ transport: rtu, serialPort: ([^,]+),");

    private DevicesFile() {
    }

    /** {@code N devices (Modbus TCP on HOST:PORT)} or {@code (Modbus RTU on PATH)}. */
    static String summary(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        long n = lines.stream().filter(l -> l.startsWith("  - ")).count();
        String all = String.join("\n", lines);
        Matcher tcp = TCP.matcher(all);
        Matcher rtu = RTU.matcher(all);
        String modbus = tcp.find() ? "Modbus TCP on " + tcp.group(1) + ":" + tcp.group(2)
                : rtu.find() ? "Modbus RTU on " + rtu.group(1).trim() : "no Modbus";
        return n + " devices (" + modbus + ")";
    }
}
