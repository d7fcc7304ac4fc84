package dev.weir.io.kafka;

import dev.weir.io.kafka.testing.CommittedReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Every record of a topic as a {@code key=value} string (UTF-8), through {@link CommittedReader}. */
final class CommittedRecords {
  private CommittedRecords() {
  }

  /** What a {@code read_committed} consumer sees, partition by partition. */
  static List<String> read(Map<String, Object> clientProperties, String topic) {
    return read(clientProperties, topic, "read_committed");
  }

  static List<String> read(Map<String, Object> clientProperties, String topic, String isolation) {
    List<String> out = new ArrayList<>();
    CommittedReader.read(clientProperties, topic, isolation.equals("read_committed"),
        Duration.ofSeconds(30), r -> {
          String k = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
          out.add(k + "=" + new String(r.value(), StandardCharsets.UTF_8));
        });
    return out;
  }
}
