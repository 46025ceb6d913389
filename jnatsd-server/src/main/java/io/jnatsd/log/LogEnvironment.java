package io.jnatsd.log;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The facts about the process that log lines carry or need: clock (and zone), pid, host name,
 * syslog tag, the stderr stream and the local syslog socket paths. {@link #system()} reads the
 * real ones; tests replace them with the {@code with...} methods.
 *
 * @param stderrIsTerminal colour the level labels on stderr, as nats-server does on a terminal
 */
public record LogEnvironment(Clock clock, long pid, String hostname, String syslogTag,
                             PrintStream stderr, boolean stderrIsTerminal,
                             List<Path> localSyslogPaths) {

    /**
     * The syslog tag. nats-server uses its executable's name; a JVM has no such name, so the
     * server's own name stands in.
     */
    public static final String DEFAULT_SYSLOG_TAG = "jnatsd";

    /** Where Go's log/syslog (so nats-server) looks for the local daemon, in this order. */
    public static final List<Path> DEFAULT_LOCAL_SYSLOG_PATHS =
            List.of(Path.of("/dev/log"), Path.of("/var/run/syslog"), Path.of("/var/run/log"));

    public LogEnvironment {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(syslogTag, "syslogTag");
        Objects.requireNonNull(stderr, "stderr");
        localSyslogPaths = List.copyOf(localSyslogPaths);
    }

    public static LogEnvironment system() {
        return new LogEnvironment(Clock.systemDefaultZone(), ProcessHandle.current().pid(),
                systemHostname(), DEFAULT_SYSLOG_TAG, System.err, systemStderrIsTerminal(),
                DEFAULT_LOCAL_SYSLOG_PATHS);
    }

    public LogEnvironment withClock(Clock v) {
        return new LogEnvironment(v, pid, hostname, syslogTag, stderr, stderrIsTerminal, localSyslogPaths);
    }

    public LogEnvironment withPid(long v) {
        return new LogEnvironment(clock, v, hostname, syslogTag, stderr, stderrIsTerminal, localSyslogPaths);
    }

    public LogEnvironment withHostname(String v) {
        return new LogEnvironment(clock, pid, v, syslogTag, stderr, stderrIsTerminal, localSyslogPaths);
    }

    public LogEnvironment withSyslogTag(String v) {
        return new LogEnvironment(clock, pid, hostname, v, stderr, stderrIsTerminal, localSyslogPaths);
    }

    /** A stream that is not the real stderr is taken to be no terminal. */
    public LogEnvironment withStderr(PrintStream v) {
        return new LogEnvironment(clock, pid, hostname, syslogTag, v, false, localSyslogPaths);
    }

    public LogEnvironment withStderrIsTerminal(boolean v) {
        return new LogEnvironment(clock, pid, hostname, syslogTag, stderr, v, localSyslogPaths);
    }

    public LogEnvironment withLocalSyslogPaths(List<Path> v) {
        return new LogEnvironment(clock, pid, hostname, syslogTag, stderr, stderrIsTerminal, v);
    }

    /** Like Go's os.Hostname on Linux: the kernel's name, with no DNS lookup unless that fails. */
    private static String systemHostname() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: ask the resolver below
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** nats-server colours only a terminal; Java 17 can tell that only through /proc. */
    private static boolean systemStderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
