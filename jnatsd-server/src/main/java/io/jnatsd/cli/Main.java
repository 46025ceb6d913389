package io.jnatsd.cli;

import io.jnatsd.config.ConfigException;
import io.jnatsd.config.ConfigFile;
import io.jnatsd.config.LoadedConfig;
import io.jnatsd.config.ServerOptions;
import io.jnatsd.log.Log;
import io.jnatsd.log.ServerLog;
import io.jnatsd.log.SwappableLog;
import io.jnatsd.monitor.MonitorStartException;
import io.jnatsd.server.ReloadException;
import io.jnatsd.server.NatsServer;
import io.jnatsd.server.Prebound;
import io.jnatsd.server.Version;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * The {@code jnatsd} command: reads flags and config, starts the server, and stops it cleanly
 * on SIGINT/SIGTERM (pid file removed, pending data flushed).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Netty's JFR buffer events boot the JDK's flight recorder (~0.3 s of start-up); the
        // process is ours, so turn them off unless the user asked for them.
        if (System.getProperty("io.netty.jfr.enabled") == null) {
            System.setProperty("io.netty.jfr.enabled", "false");
        }
        // The leak detector samples 1 buffer in 128 with a stack trace: allocation on the
        // delivery path (JMH FanoutBenchmark). Tests keep it on; the command line turns it off.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        Prebound early = EarlyListener.tryBind(args);
        if (early != null) {
            NatsServer.preload(); // load JSON and native classes while the flags are parsed
        }
        int code = run(args, early, System.out, System.err);
        System.exit(code);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, null, out, err);
    }

    static int run(String[] args, Prebound early, PrintStream out, PrintStream err) {
        try {
            return runWith(args, early, out, err);
        } finally {
            if (early != null && !early.adopted()) {
                early.close();
            }
        }
    }

    private static int runWith(String[] args, Prebound early, PrintStream out, PrintStream err) {
        Flags flags = new Flags();
        CommandLine cl = new CommandLine(flags)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setUnmatchedOptionsArePositionalParams(false);
        try {
            cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            err.println("jnatsd: " + e.getMessage());
            err.println("Usage: jnatsd [options]   (jnatsd -h for help)");
            return 1;
        }
        if (flags.help) {
            cl.usage(out);
            return 0;
        }
        if (flags.version) {
            out.println("jnatsd: v" + Version.JNATSD + " (NATS protocol of nats-server v" + Version.PROTOCOL_COMPATIBLE + ")");
            return 0;
        }
        if (flags.signal != null) {
            return SignalCommand.send(flags.signal, flags.pidFile, out, err);
        }

        ServerOptions options;
        List<String> warnings = new java.util.ArrayList<>();
        try {
            options = load(flags, warnings);
        } catch (ConfigException e) {
            err.println("jnatsd: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("jnatsd: " + e.getMessage());
            return 1;
        }
        if (flags.checkConfig) {
            for (String w : warnings) {
                err.println("jnatsd: warning: " + w);
            }
            out.println("jnatsd: configuration file " + flags.config + " is valid");
            return 0;
        }

        SwappableLog log = new SwappableLog(ServerLog.create(options));
        for (String w : warnings) {
            log.warn(w);
        }
        for (String f : flags.unsupportedGiven()) {
            log.warn("jnatsd does not support " + f + " yet; flag ignored");
        }
        return serve(flags, options, log, early);
    }

    /**
     * The options of the config file (if any) with the flags over them, as at start-up and on
     * every reload (nats-server's FlagSnapshot: flags keep overriding the file).
     */
    private static ServerOptions load(Flags flags, List<String> warnings) throws ConfigException {
        LoadedConfig loaded = flags.config != null ? ConfigFile.load(flags.config) : null;
        ServerOptions.Builder b = loaded != null ? loaded.builder() : ServerOptions.builder();
        if (loaded != null) {
            warnings.addAll(loaded.warnings());
        }
        FlagOverrides.apply(flags, b);
        return b.build();
    }

    /** SIGHUP: re-reads the config file and applies it; errors are logged, the old config stays. */
    static void reload(Flags flags, NatsServer server, Log log) {
        try {
            if (flags.config == null) {
                throw new ReloadException("can only reload config when a file is provided using -c or --config");
            }
            List<String> warnings = new java.util.ArrayList<>();
            ServerOptions next = load(flags, warnings);
            server.reload(next);
        } catch (ConfigException | ReloadException | IllegalArgumentException e) {
            log.error("Failed to reload server configuration: " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("Failed to reload server configuration: " + e);
        }
    }

    private static int serve(Flags flags, ServerOptions options, Log log, Prebound early) {
        NatsServer server = new NatsServer(options, log, ServerLog::create);
        log.notice("Starting jnatsd");
        log.notice("  Version:  " + Version.JNATSD + " (NATS protocol of nats-server " + Version.PROTOCOL_COMPATIBLE + ")");
        log.notice("  Name:     " + server.serverName());
        log.notice("  ID:       " + server.serverId());
        if (options.configFile() != null) {
            log.notice("Using configuration file: " + options.configFile());
        }
        PidFile pid = null;
        try {
            if (options.pidFile() != null) {
                pid = PidFile.write(options.pidFile());
            }
            server.start(early);
        } catch (IOException e) {
            // a monitoring failure already reads as nats-server's fatal line
            log.fatal(e instanceof MonitorStartException ? e.getMessage()
                    : "Error listening on port: " + e.getMessage());
            if (pid != null) {
                pid.remove();
            }
            log.close();
            return 1;
        }
        PidFile pidToRemove = pid;
        Signals.install(server, log, () -> reload(flags, server, log));
        Thread hook = new Thread(() -> {
            server.close();
            if (pidToRemove != null) {
                pidToRemove.remove();
            }
        }, "jnatsd-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        log.notice("Server is ready");
        try {
            server.awaitShutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        }
        if (pid != null) {
            pid.remove();
        }
        log.close();
        return 0;
    }
}
