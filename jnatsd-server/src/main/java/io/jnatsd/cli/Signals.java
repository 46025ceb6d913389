package io.jnatsd.cli;

import io.jnatsd.log.Log;
import io.jnatsd.server.NatsServer;
import sun.misc.Signal;

/**
 * POSIX signals, as nats-server handles them: INT and TERM stop the server cleanly,
 * USR1 re-opens the log file, HUP reloads the configuration, USR2 enters lame duck mode
 * (TERM is then ignored, so the lame duck shutdown is not cut short). Handlers run on a JVM
 * signal thread and only hand off work.
 */
final class Signals {
    private Signals() {
    }

    static void install(NatsServer server, Log log, Runnable reload) {
        Runnable stop = () -> {
            log.notice("Trapped signal; initiating shutdown...");
            new Thread(server::close, "jnatsd-stop").start();
        };
        handle("INT", stop, log);
        handle("TERM", () -> {
            // nats-server: a graceful (lame duck) shutdown in progress is not interrupted by TERM
            if (!server.isLameDuckMode()) {
                stop.run();
            }
        }, log);
        handle("USR1", log::reopen, log); // the log itself says "File log re-opened", as nats-server
        // one reload at a time, in order, off the signal thread
        java.util.concurrent.ExecutorService reloads = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "jnatsd-reload");
            t.setDaemon(true);
            return t;
        });
        handle("HUP", () -> reloads.execute(reload), log);
        handle("USR2", server::enterLameDuckMode, log);
    }

    private static void handle(String name, Runnable action, Log log) {
        try {
            Signal.handle(new Signal(name), s -> action.run());
        } catch (IllegalArgumentException e) {
            log.warn("cannot handle SIG" + name + " in this JVM: " + e.getMessage());
        }
    }
}
