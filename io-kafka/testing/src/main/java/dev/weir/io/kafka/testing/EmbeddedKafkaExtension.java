package dev.weir.io.kafka.testing;

import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that runs one {@link EmbeddedKafkaBroker} for a whole test class:
 * started before the first test, closed after the last. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();
 *
 * @Test void sends() {
 *   try (var producer = new KafkaProducer<>(KAFKA.clientProperties(), ...)) { ... }
 * }
 * }</pre>
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback {

  private final Map<String, String> brokerProperties;
  private volatile EmbeddedKafkaBroker broker;

  /** A broker with default settings. */
  public EmbeddedKafkaExtension() {
    this(Map.of());
  }

  /** A broker with extra broker properties (see {@link EmbeddedKafkaBroker#start(Map)}). */
  public EmbeddedKafkaExtension(Map<String, String> brokerProperties) {
    this.brokerProperties = Map.copyOf(brokerProperties);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (broker == null) {
      broker = EmbeddedKafkaBroker.start(brokerProperties);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    EmbeddedKafkaBroker b = broker;
    broker = null;
    if (b != null) {
      b.close();
    }
  }

  /** The running broker. */
  public EmbeddedKafkaBroker broker() {
    EmbeddedKafkaBroker b = broker;
    if (b == null) {
      throw new IllegalStateException("the embedded broker runs only while the test class runs;"
          + " register the extension on a static field");
    }
    return b;
  }

  /** {@code host:port} of the running broker. */
  public String bootstrapServers() {
    return broker().bootstrapServers();
  }

  /** Client properties that reach the running broker. */
  public Map<String, Object> clientProperties() {
    return broker().clientProperties();
  }
}
