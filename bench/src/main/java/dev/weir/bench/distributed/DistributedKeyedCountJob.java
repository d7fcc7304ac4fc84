package dev.weir.bench.distributed;

import dev.weir.examples.bench.KafkaKeyedCountBench;
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

/**
 * The Weir side of {@code distributed-keyed-count} as a job other processes can build: reads
 * the input topic (bounded, {@code read_committed}), keys by the record key, keeps a running
 * count per key ({@link KafkaKeyedCountBench.RunningCount}) and writes every updated count
 * exactly once to the output topic, in the format the harness checks.
 *
 * <p>Arguments, as {@link #args(KeyedCountRun)} builds them: bootstrap servers, input topic,
 * output topic, transactional id prefix.
 */
public final class DistributedKeyedCountJob implements PipelineFactory {

  /** The options of a run: job name from the run id, parallelism, checkpoint interval. */
  public static PipelineOptions options(KeyedCountRun run) {
    return PipelineOptions.defaults()
        .withJobName("distributed-keyed-count-" + run.runId())
        .withParallelism(run.p())
        .withCheckpointInterval(Duration.ofMillis(run.checkpointIntervalMs()));
  }

  /** The job's arguments for a run. */
  public static List<String> args(KeyedCountRun run) {
    return List.of(run.bootstrap(), run.inputTopic(), run.outputTopic(), "weir-bench-" + run.runId());
  }

  @Override
  public Pipeline create(PipelineOptions options, List<String> args) {
    if (args.size() != 4) {
      throw new IllegalArgumentException("DistributedKeyedCountJob needs 4 arguments (bootstrap, "
          + "input topic, output topic, transactional id prefix), got " + args);
    }
    String bootstrap = args.get(0);
    Pipeline pipeline = Pipeline.create(options);
    pipeline.read("source", KafkaSource.<String, String>builder()
            .bootstrapServers(bootstrap)
            .topics(args.get(1))
            .keyCoder(KafkaCoders.UTF8)
            .valueCoder(KafkaCoders.UTF8)
            .bounded()
            .build())
        .keyBy("byKey", KV::key, Types.STRING)
        .process("count", new KafkaKeyedCountBench.RunningCount())
        .write("sink", KafkaSink.<KV<String, Long>>builder(bootstrap, args.get(2))
            .key(kv -> kv.key().getBytes(StandardCharsets.UTF_8))
            .value(kv -> Long.toString(kv.value()).getBytes(StandardCharsets.UTF_8))
            .guarantee(KafkaSink.Guarantee.EXACTLY_ONCE)
            .transactionalIdPrefix(args.get(3))
            .build());
    return pipeline;
  }
}
