package io.jnatsd.cli;

import io.jnatsd.log.Log;
import io.jnatsd.server.NatsServer;
import sun.misc.Signal;

/**
 * POSIX signals, as nats-server handles them: INT and TERM stop the server cleanly,
 * USR1 re-opens the log file; HUP (reload) and USR2 (lame duck) are acknowledged in the log. Handlers run on a JVM signal thread and only hand off work.
 */
final class Signals {
    private Signals() {
    }

    static void install(NatsServer server, Log log) {
        Runnable stop = () -> {
            log.notice("Trapped signal; initiating shutdown...");
            new Thread(server::close, "jnatsd-stop").start();
        };
        handle("INT", stop, log);
        handle("TERM", stop, log);
        handle("USR1", () -> {
            log.reopen();
            log.notice("Reopened log file");
        }, log);
        // Without a handler the JVM would treat HUP as "exit": a `--signal reload` must not
        // stop the server just because reload is not implemented yet.
        handle("HUP", () -> log.warn("Config reload (SIGHUP) is not supported by jnatsd yet; configuration unchanged"), log);
        handle("USR2", () -> log.warn("Lame duck mode (SIGUSR2) is not supported by jnatsd yet; ignored"), log);
    }

    private static void handle(String name, Runnable action, Log log) {
        try {
            Signal.handle(new Signal(name), s -> action.run());
        } catch (IllegalArgumentException e) {
            log.warn("cannot handle SIG" + name + " in this JVM: " + e.getMessage());
        }
    }
}
