package dev.weir.runner.distributed;

import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineFactory;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.fn.KeyedProcessFn;
import dev.weir.sdk.time.WatermarkStrategy;
import dev.weir.sdk.types.Types;
import dev.weir.testing.TestSource;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * A job whose last step is slow, so the step before its exchange is backpressured: a source of
 * far more numbers than the test lets it read, stamped with themselves as event times
 * (watermarks follow them), keyed to {@code slow}, which takes about a millisecond per record
 * and emits nothing. The source's chain is {@code numbers, stamped}; {@code slow} has the
 * job's parallelism. Arguments: none.
 */
public final class SlowSinkJob implements PipelineFactory {
  /** More numbers than a test reads at the slow step's pace: the job runs until cancelled. */
  static final long NUMBERS = 1_000_000_000L;

  @Override
  public Pipeline create(PipelineOptions options, List<String> args) {
    Pipeline p = Pipeline.create(options);
    p.read("numbers", TestSource.generate(Types.LONG, NUMBERS, i -> i))
        .withParallelism(1)
        .assignTimestampsAndWatermarks("stamped",
            WatermarkStrategy.<Long>forMonotonousTimestamps().withTimestampAssigner((v, ts) -> v))
        .keyBy("byKey", v -> v % 16, Types.LONG)
        .process("slow", new KeyedProcessFn<Long, Long, Long>() {
          @Override
          public void processElement(Long value, Context<Long, Long> ctx) {
            LockSupport.parkNanos(1_000_000); // the slow sink: about 1,000 records/s
          }
        }).withCoder(Types.LONG);
    return p;
  }
}
