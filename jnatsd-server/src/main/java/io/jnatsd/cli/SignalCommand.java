package io.jnatsd.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code --signal stop|quit|reopen|reload|ldm[=pid]}: sends the matching POSIX signal to a
 * running server, found by pid or through the pid file.
 */
final class SignalCommand {
    private SignalCommand() {
    }

    static int send(String spec, Path pidFile, PrintStream out, PrintStream err) {
        String name = spec;
        String pidText = null;
        int eq = spec.indexOf('=');
        if (eq >= 0) {
            name = spec.substring(0, eq);
            pidText = spec.substring(eq + 1);
        }
        String posix = switch (name.toLowerCase()) {
            case "stop", "term" -> "TERM";
            case "quit" -> "INT";
            case "reopen" -> "USR1";
            case "reload" -> "HUP";
            case "ldm" -> "USR2";
            default -> null;
        };
        if (posix == null) {
            err.println("jnatsd: unknown signal \"" + name + "\"");
            return 1;
        }
        long pid;
        try {
            if (pidText != null) {
                pid = Long.parseLong(pidText.trim());
            } else if (pidFile != null) {
                pid = PidFile.read(pidFile);
            } else {
                err.println("jnatsd: --signal needs a pid (" + name + "=<pid>) or a pid file (-P)");
                return 1;
            }
        } catch (IOException | NumberFormatException e) {
            err.println("jnatsd: cannot read pid: " + e.getMessage());
            return 1;
        }
        try {
            Process p = new ProcessBuilder("kill", "-" + posix, Long.toString(pid)).inheritIO().start();
            int rc = p.waitFor();
            if (rc != 0) {
                err.println("jnatsd: signal " + name + " to " + pid + " failed");
                return 1;
            }
        } catch (IOException e) {
            err.println("jnatsd: cannot send signal: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        return 0;
    }
}
