package dev.weir.runner.distributed;

import dev.weir.io.kafka.KafkaCoders;
import dev.weir.io.kafka.KafkaSink;
import dev.weir.io.kafka.KafkaSource;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineFactory;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import dev.weir.sdk.PStream;

/**
 * The test job of the distributed runner: words from a Kafka topic (bounded: up to the end
 * offsets at start), counted per word, every count update written to a Kafka topic through the
 * transactional sink. Arguments: bootstrap, input topic, output topic, and optionally a pace:
 * the most records per second each subtask reads (to make a job last long enough to kill
 * workers in the middle of it), and optionally the count step's name (default "count"; to
 * test renamed steps). A JVM started with {@code -Dweir.test.otherJobVersion=true}
 * builds another version of the job (one more step).
 */
public final class KeyedCountJob implements PipelineFactory {
  @Override
  public Pipeline create(PipelineOptions options, List<String> args) {
    String bootstrap = args.get(0);
    int pace = args.size() > 3 ? Integer.parseInt(args.get(3)) : 0;
    Pipeline p = Pipeline.create(options);
    PStream<String> words = p.read("in", KafkaSource.<byte[], String>builder()
        .bootstrapServers(bootstrap).topics(args.get(1)).valueCoder(KafkaCoders.UTF8).bounded()
        .buildValues());
    if (pace > 0) {
      // One pause of 1 ms every pace/1000 records on average: about `pace` records/s per thread.
      int every = Math.max(1, pace / 1000);
      words = words.map("pace", w -> {
        if (ThreadLocalRandom.current().nextInt(every) == 0) {
          LockSupport.parkNanos(1_000_000);
        }
        return w;
      }).withCoder(Types.STRING);
    }
    if (Boolean.getBoolean("weir.test.otherJobVersion")) {
      // Another version of the job: one more step (a worker started with this property plans
      // a different job and must be refused).
      words = words.filter("nonEmpty", w -> !w.isEmpty());
    }
    words.keyBy("byWord", w -> w, Types.STRING)
        .count(args.size() > 4 ? args.get(4) : "count")
        .write("out", KafkaSink.<KV<String, Long>>builder(bootstrap, args.get(2))
            .key(kv -> kv.key().getBytes(StandardCharsets.UTF_8))
            .value(kv -> Long.toString(kv.value()).getBytes(StandardCharsets.UTF_8))
            .createTopicIfMissing(3)
            .timeout(Duration.ofSeconds(30))
            .build());
    return p;
  }
}
