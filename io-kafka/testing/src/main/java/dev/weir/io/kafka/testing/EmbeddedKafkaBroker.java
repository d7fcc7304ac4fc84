package dev.weir.io.kafka.testing;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) running inside this
 * JVM on free loopback ports, for tests and demos. No Docker, no mocked clients.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
 *   Map<String, Object> props = Map.of("bootstrap.servers", kafka.bootstrapServers());
 *   ...
 * }
 * }</pre>
 *
 * <p>Start-up takes a few seconds: share one broker per test class
 * ({@link EmbeddedKafkaExtension}). The broker's data lives in a temporary directory that
 * {@link #close()} deletes. Internal topics (consumer offsets, transaction state, share-group
 * state) use replication factor 1, so transactional producers and consumer groups work.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final long START_TIMEOUT_MS = 60_000;

  private final Path dir;
  private final Properties props;
  private KafkaRaftServer server;
  private final String bootstrapServers;
  private boolean closed;

  private EmbeddedKafkaBroker(Path dir, Properties props, KafkaRaftServer server,
      String bootstrapServers) {
    this.dir = dir;
    this.props = props;
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Formats a fresh log directory and starts a broker on two free loopback ports (clients,
   * controller); returns once the broker answers {@code describeCluster}.
   *
   * @throws IllegalStateException if the broker does not start within 60 s
   */
  public static EmbeddedKafkaBroker start() {
    return start(Map.of());
  }

  /**
   * Like {@link #start()}, with extra broker properties (e.g. {@code message.max.bytes})
   * that override the defaults.
   */
  public static EmbeddedKafkaBroker start(Map<String, String> overrides) {
    return start(0, overrides);
  }

  /**
   * Like {@link #start(Map)}, with the client listener on {@code port} (0: a free port), for
   * demos that print a fixed address.
   */
  public static EmbeddedKafkaBroker start(int port, Map<String, String> overrides) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    Path dir;
    try {
      dir = Files.createTempDirectory("weir-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for the broker", e);
    }
    KafkaRaftServer server = null;
    try {
      int clientPort = port == 0 ? freePort() : port;
      int controllerPort = freePort();
      Properties props = new Properties();
      props.put("process.roles", "broker,controller");
      props.put("node.id", "1");
      props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
      props.put("listeners",
          "PLAINTEXT://127.0.0.1:" + clientPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
      props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + clientPort);
      props.put("controller.listener.names", "CONTROLLER");
      props.put("inter.broker.listener.name", "PLAINTEXT");
      props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
      props.put("log.dirs", dir.resolve("logs").toString());
      props.put("num.partitions", "1");
      props.put("offsets.topic.replication.factor", "1");
      props.put("offsets.topic.num.partitions", "1");
      props.put("transaction.state.log.replication.factor", "1");
      props.put("transaction.state.log.min.isr", "1");
      props.put("transaction.state.log.num.partitions", "1");
      props.put("share.coordinator.state.topic.replication.factor", "1");
      props.put("share.coordinator.state.topic.min.isr", "1");
      props.put("group.initial.rebalance.delay.ms", "0");
      props.put("auto.create.topics.enable", "false");
      props.putAll(overrides);

      Path config = dir.resolve("server.properties");
      try (var out = Files.newOutputStream(config)) {
        props.store(out, "weir embedded broker");
      }
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      try (PrintStream print = new PrintStream(log, true, StandardCharsets.UTF_8)) {
        int rc = kafka.tools.StorageTool.execute(new String[] {"format", "-t",
            Uuid.randomUuid().toString(), "-c", config.toString()}, print);
        if (rc != 0) {
          throw new IllegalStateException("formatting the broker's storage failed ("
              + rc + "): " + log.toString(StandardCharsets.UTF_8));
        }
      }
      server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      server.startup();
      String bootstrap = "127.0.0.1:" + clientPort;
      awaitReady(bootstrap);
      return new EmbeddedKafkaBroker(dir, props, server, bootstrap);
    } catch (Exception e) {
      if (server != null) {
        stop(server);
      }
      deleteRecursively(dir);
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("the embedded Kafka broker did not start: " + e, e);
    }
  }

  /** {@code host:port} of the client listener, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Client properties that reach this broker: {@code bootstrap.servers}. */
  public Map<String, Object> clientProperties() {
    return Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
  }

  /**
   * Stops the broker and starts it again on the same ports and data, as after a crash or a
   * rolling restart; returns once it answers again. Clients keep working across it.
   */
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException("the broker is closed");
    }
    stop(server);
    server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    server.startup();
    try {
      awaitReady(bootstrapServers);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the broker restarted", e);
    }
  }

  /** Stops the broker and deletes its data; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      stop(server);
    } finally {
      deleteRecursively(dir);
    }
  }

  private static void stop(KafkaRaftServer server) {
    server.shutdown();
    server.awaitShutdown();
  }

  private static void awaitReady(String bootstrap) throws InterruptedException {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    Exception last = null;
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000))) {
      while (System.currentTimeMillis() < deadline) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          last = e;
        }
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("the embedded Kafka broker at " + bootstrap
        + " did not answer within " + START_TIMEOUT_MS + " ms", last);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: the temporary directory is left behind
    }
  }

  @Override
  public String toString() {
    return "EmbeddedKafkaBroker[" + bootstrapServers + "]";
  }
}
