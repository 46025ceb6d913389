package io.jnatsd.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Loads /dashboard in headless Chromium (Debian's package; skipped without it), lets its script
 * poll the server, and checks the page shows the server's figures. Also leaves screenshots in
 * target/ (laptop and phone sizes) for a person to look at.
 */
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final long BROWSER_TIMEOUT_SECONDS = 90;

    @Test
    void dashboardShowsTheServersNumbers(@TempDir Path profile) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed (apt-get install chromium)");
        try (MonitoredServer server = MonitoredServer.start();
             Connection pub = server.connect("dash-pub");
             Connection sub = server.connect("dash-sub")) {
            Subscription s = sub.subscribe("dash.>");
            sub.flush(MonitoredServer.TIMEOUT);
            for (int i = 0; i < 42; i++) {
                pub.publish("dash." + i, new byte[10]);
            }
            pub.flush(MonitoredServer.TIMEOUT);
            for (int i = 0; i < 42; i++) {
                assertNotNull(s.nextMessage(MonitoredServer.TIMEOUT));
            }
            String url = "http://127.0.0.1:" + server.monitor().httpPort() + "/dashboard";

            String dom = chromium(profile.resolve("dom"), "--dump-dom", "--window-size=1280,900", url);
            JsonNode varz = server.json("/varz");
            assertEquals(varz.get("in_msgs").asText(), dataValue(dom, "in-msgs"), "messages in");
            assertEquals(varz.get("out_msgs").asText(), dataValue(dom, "out-msgs"), "messages out");
            assertEquals(varz.get("total_connections").asText(), dataValue(dom, "total-connections"));
            assertEquals(varz.get("subscriptions").asText(), dataValue(dom, "subscriptions"));
            assertEquals("0", dataValue(dom, "slow-consumers"));
            assertTrue(dom.contains("dash-pub") && dom.contains("dash-sub"), "both connections are listed");
            assertTrue(dom.contains("dash.&gt;"), "the subscription is listed");
            assertTrue(dom.contains("No routes"), "routes section filled");

            Path shots = Path.of("target");
            Files.createDirectories(shots);
            Path laptop = shots.resolve("dashboard.png").toAbsolutePath();
            chromium(profile.resolve("laptop"), "--screenshot=" + laptop, "--window-size=1280,900", url);
            assertTrue(Files.size(laptop) > 10_000, "a laptop screenshot was taken");
            Path phone = shots.resolve("dashboard-phone.png").toAbsolutePath();
            chromium(profile.resolve("phone"), "--screenshot=" + phone, "--window-size=390,1600", url);
            assertTrue(Files.size(phone) > 10_000, "a phone screenshot was taken");
        }
    }

    /** The data-value of the element with this id. */
    private static String dataValue(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*data-value=\"([^\"]*)\"").matcher(dom);
        assertTrue(m.find(), "no element #" + id + " with a data-value in the page");
        return m.group(1);
    }

    /** Runs headless Chromium once and returns what it printed; bounded in time. */
    private static String chromium(Path profile, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--virtual-time-budget=5000"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        try {
            if (!p.waitFor(BROWSER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("chromium did not finish within " + BROWSER_TIMEOUT_SECONDS + " s");
            }
            return new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        } finally {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
