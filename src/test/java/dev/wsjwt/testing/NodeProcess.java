package dev.wsjwt.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standalone wsjwt server in its own JVM ({@code dev.wsjwt.chat.Main}), on an ephemeral
 * loopback port, its output kept in {@code target/node-<name>.log}.
 */
public final class NodeProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("wsjwt listening: ws://127\\.0\\.0\\.1:(\\d+)/ws/chat");

    private final Process process;
    private final int port;

    private NodeProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static NodeProcess start(String name, Map<String, String> settings) {
        List<String> command = new ArrayList<>();
        command.add(new File(System.getProperty("java.home"), "bin/java").getPath());
        command.add("-Xmx256m");
        command.add("-Dwsjwt.host=127.0.0.1");
        command.add("-Dwsjwt.port=0");
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.wsjwt.chat.Main");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(process, new File("target/node-" + name + ".log"), port), "node-" + name + "-output");
        pump.setDaemon(true);
        pump.start();
        try {
            return new NodeProcess(process, port.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new AssertionError("node " + name + " did not start; see target/node-" + name + ".log", e);
        }
    }

    /** The server process's id (for jcmd and /proc). */
    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public URI ws() {
        return URI.create("ws://127.0.0.1:" + port + "/ws/chat");
    }

    /** {@code http://127.0.0.1:<port><path>}: the node's HTTP endpoints. */
    public String http(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pump(Process process, File log, CompletableFuture<Integer> port) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(log, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                out.println(line);
                out.flush();
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException("node exited"));
    }
}
