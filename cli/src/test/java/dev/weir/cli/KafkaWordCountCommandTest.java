package dev.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.examples.wordcount.GeneratedLines;
import dev.weir.examples.wordcount.WordCount;
import dev.weir.io.kafka.testing.EmbeddedKafkaExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** {@code weir wordcount} from a Kafka topic to a Kafka topic, checkpoints in Kafka, through a crash. */
class KafkaWordCountCommandTest {

  @RegisterExtension
  static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension();

  static final long LINES = 4_000;
  static final Map<String, Long> EXPECTED = new HashMap<>();

  @BeforeAll
  static void fillTheInputTopic() {
    int code = new CommandLine(new KafkaCommand()).execute("produce", "--bootstrap",
        KAFKA.bootstrapServers(), "--topic", "lines", "--lines", Long.toString(LINES));
    assertThat(code).isZero();
    GeneratedLines g = new GeneratedLines(LINES, 12);
    for (long i = 0; i < LINES; i++) {
      WordCount.words(g.line(i)).forEach(w -> EXPECTED.merge(w, 1L, Long::sum));
    }
  }

  @Test
  void countsABoundedTopicIntoATopicExactlyOnceThroughACrash() {
    String kafka = "kafka://" + KAFKA.bootstrapServers();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = new CommandLine(new WordCountCommand()).execute("--input", kafka + "/lines",
          "--bounded", "--output", kafka + "/counts", "--checkpoints", kafka,
          "--checkpoint-interval", "30", "--crash-at", "0.5");
    } finally {
      System.setOut(old);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(printed).isZero();
    assertThat(printed).contains("verified against a plain count: true")
        .contains(" completed, 1 restart (after the injected crash)");
    assertThat(KafkaCommand.latestCounts(KAFKA.bootstrapServers(), "counts", Map.of()))
        .isEqualTo(EXPECTED);
  }

  @Test
  void aKafkaAddressWithoutATopicIsAClearError() {
    WordCountCommand cmd = new WordCountCommand();
    new CommandLine(cmd).parseArgs("--input", "kafka://" + KAFKA.bootstrapServers(), "--bounded");
    assertThatThrownBy(cmd::call).isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--input").hasMessageContaining("names no topic")
        .hasMessageContaining("kafka://HOST:PORT/TOPIC");
    WordCountCommand bounded = new WordCountCommand();
    new CommandLine(bounded).parseArgs("--bounded");
    assertThatThrownBy(bounded::call).hasMessageContaining("--bounded applies to a kafka:// input");
  }
}
