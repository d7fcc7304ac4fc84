package dev.weir.console;

import com.sun.net.httpserver.HttpServer;
import dev.weir.console.internal.AccessGuard;
import dev.weir.console.internal.ApiHandler;
import dev.weir.console.internal.StaticHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console and REST API of the jobs a {@link JobSource} reports, served by the JDK's
 * HTTP server: pages at {@code /}, JSON under {@code /api/} (see {@code docs/console.md}).
 *
 * <pre>{@code
 * RegisteredJobs jobs = new RegisteredJobs(Path.of("savepoints"), "local");
 * try (WeirConsole console = WeirConsole.start(jobs, "127.0.0.1", 8081)) {
 *   jobs.register(LocalRunner.create().run(pipeline));
 *   ...
 * }
 * }</pre>
 *
 * <h2>Security</h2>
 * On a loopback address anyone on this machine may act; on any other address the console
 * makes a random token, prints it once on standard output, and refuses actions without it
 * (403). Reading is never refused. No answer carries a client secret: free text a job reports
 * is masked ({@code password=...}, {@code sasl.jaas.config=...}).
 *
 * <h2>Threading</h2>
 * Serves on daemon threads (they never keep the JVM alive); thread-safe.
 */
public final class WeirConsole implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WeirConsole.class);

  private final HttpServer server;
  private final ExecutorService threads;
  private final Optional<String> token;
  private final URI uri;

  private WeirConsole(HttpServer server, ExecutorService threads, Optional<String> token, URI uri) {
    this.server = server;
    this.threads = threads;
    this.token = token;
    this.uri = uri;
  }

  /**
   * Serves {@code source} on {@code host:port} (port 0 picks a free one).
   *
   * @throws IOException if the address cannot be bound
   */
  public static WeirConsole start(JobSource source, String host, int port) throws IOException {
    return start(source, host, port, Optional.empty());
  }

  /**
   * Serves {@code source} on {@code host:port} (port 0 picks a free one); actions need
   * {@code token} if one is given (on any address, loopback too), else as
   * {@link #start(JobSource, String, int)} says. A given token is not printed.
   *
   * @throws IOException if the address cannot be bound
   * @throws IllegalArgumentException if {@code token} is blank
   */
  public static WeirConsole start(JobSource source, String host, int port,
      Optional<String> token) throws IOException {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(token, "token");
    if (token.isPresent() && token.get().isBlank()) {
      throw new IllegalArgumentException("the console's token is blank; give a token of "
          + "visible characters, or none");
    }
    InetAddress address = InetAddress.getByName(host);
    Optional<String> given = token;
    if (token.isEmpty()) {
      token = address.isLoopbackAddress() ? Optional.empty() : Optional.of(newToken());
    }
    HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 32);
    ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "weir-console-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext("/api/", new ApiHandler(source, new AccessGuard(token), token.isPresent()));
    server.createContext("/", new StaticHandler());
    startOnDaemonThread(server);
    int bound = server.getAddress().getPort();
    String shownHost = address.isAnyLocalAddress() ? InetAddress.getLocalHost().getHostName()
        : address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]"
        : address.getHostAddress();
    URI uri = URI.create("http://" + shownHost + ":" + bound + "/");
    LOG.info("Weir console at {}", uri);
    token.filter(t -> given.isEmpty()).ifPresent(t -> System.out.println("weir console: "
        + uri + " is bound to " + host
        + "; its actions need this token (header " + AccessGuard.TOKEN_HEADER + ", or paste it "
        + "in the page when asked): " + t));
    return new WeirConsole(server, threads, token, uri);
  }

  /**
   * Starts the server from a daemon thread: the JDK's dispatcher thread inherits its daemon
   * status from the thread that starts it, so the console never keeps the JVM alive.
   */
  private static void startOnDaemonThread(HttpServer server) throws IOException {
    AtomicReference<RuntimeException> failed = new AtomicReference<>();
    Thread starter = new Thread(() -> {
      try {
        server.start();
      } catch (RuntimeException e) {
        failed.set(e);
      }
    }, "weir-console-start");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.stop(0);
      throw new IOException("interrupted while starting the console", e);
    }
    if (failed.get() != null) {
      throw new UncheckedIOException(new IOException("the console did not start", failed.get()));
    }
  }

  private static String newToken() {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** The console's address, e.g. {@code http://127.0.0.1:8081/}. */
  public URI uri() {
    return uri;
  }

  /** The token actions need, when the console is bound to a non-loopback address. */
  public Optional<String> token() {
    return token;
  }

  /** Stops serving (requests in progress get a second to finish). */
  @Override
  public void close() {
    server.stop(1);
    threads.shutdownNow();
  }
}
