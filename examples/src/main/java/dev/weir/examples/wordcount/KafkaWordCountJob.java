package dev.weir.examples.wordcount;

import dev.weir.io.kafka.KafkaCoders;
import dev.weir.io.kafka.KafkaSink;
import dev.weir.io.kafka.KafkaSource;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineFactory;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.types.KV;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Word count from one Kafka topic to another, as a job the distributed runner can run (and the
 * local runner too): lines from the input topic (bounded: up to the end offsets seen at start),
 * the {@link WordCount} transform, and every count update written exactly once to the output
 * topic (key = word, value = its count as text).
 *
 * <p>Arguments: {@code BOOTSTRAP INPUT_TOPIC OUTPUT_TOPIC}.
 *
 * <pre>
 * ./weir submit --bootstrap 127.0.0.1:9092 --job dev.weir.examples.wordcount.KafkaWordCountJob \
 *     --parallelism 4 -- 127.0.0.1:9092 lines counts
 * </pre>
 */
public final class KafkaWordCountJob implements PipelineFactory {
  @Override
  public Pipeline create(PipelineOptions options, List<String> args) {
    if (args.size() != 3) {
      throw new IllegalArgumentException("KafkaWordCountJob needs 3 arguments: BOOTSTRAP "
          + "INPUT_TOPIC OUTPUT_TOPIC, got " + args);
    }
    String bootstrap = args.get(0);
    Pipeline p = Pipeline.create(options);
    p.read("lines", KafkaSource.<byte[], String>builder().bootstrapServers(bootstrap)
            .topics(args.get(1)).valueCoder(KafkaCoders.UTF8).bounded().buildValues())
        .apply("wordcount", new WordCount())
        .write("output", KafkaSink.<KV<String, Long>>builder(bootstrap, args.get(2))
            .key(kv -> kv.key().getBytes(StandardCharsets.UTF_8))
            .value(kv -> Long.toString(kv.value()).getBytes(StandardCharsets.UTF_8))
            .createTopicIfMissing(4)
            .build());
    return p;
  }
}
