/**
 * A JUnit 5 extension that runs in-process jnatsd servers for tests.
 *
 * <pre>{@code
 * @JnatsdServer                          // one server for the class, on 127.0.0.1 and a free port
 * class OrdersTest {
 *     @ServerUrl String url;             // nats://127.0.0.1:<port>
 *
 *     @Test
 *     void publishes() throws Exception {
 *         try (Connection nc = Nats.connect(url)) { ... }
 *     }
 *
 *     @Test
 *     @JnatsdServer(user = "app", password = "s3cret")   // this test gets its own server
 *     void needsCredentials(@ServerUrl String url, NatsServer server) { ... }
 * }
 * }</pre>
 *
 * <ul>
 *   <li>{@link io.jnatsd.junit.JnatsdServer} declares a server, per class or per method, with
 *       options from a config file and attributes; repeat it with names for several.</li>
 *   <li>{@link io.jnatsd.junit.JnatsdCluster} declares N servers joined by routes.</li>
 *   <li>{@link io.jnatsd.junit.ServerUrl}, {@link io.jnatsd.junit.ServerPort} and
 *       {@link io.jnatsd.junit.InjectServer} inject into fields and parameters; a parameter of
 *       type {@code NatsServer} or {@link io.jnatsd.junit.RunningCluster} needs no annotation.</li>
 * </ul>
 *
 * <p>Servers share nothing, so test classes may run in parallel. They are closed when their
 * class or test ends, pass or fail.
 */
package io.jnatsd.junit;
