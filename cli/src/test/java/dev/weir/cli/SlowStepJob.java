package dev.weir.cli;

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
 * A job that runs until it is stopped, for tests that look at a running job: far more numbers
 * than a test lets it read ({@code numbers}, parallelism 1), stamped with themselves as event
 * times ({@code stamped}), keyed to {@code slow}, which takes about a millisecond per record,
 * so the source's task is backpressured.
 */
public final class SlowStepJob implements PipelineFactory {
  @Override
  public Pipeline create(PipelineOptions options, List<String> args) {
    Pipeline p = Pipeline.create(options);
    p.read("numbers", TestSource.generate(Types.LONG, 1_000_000_000L, i -> i))
        .withParallelism(1)
        .assignTimestampsAndWatermarks("stamped",
            WatermarkStrategy.<Long>forMonotonousTimestamps().withTimestampAssigner((v, ts) -> v))
        .keyBy("byKey", v -> v % 16, Types.LONG)
        .process("slow", new KeyedProcessFn<Long, Long, Long>() {
          @Override
          public void processElement(Long value, Context<Long, Long> ctx) {
            LockSupport.parkNanos(1_000_000);
          }
        }).withCoder(Types.LONG);
    return p;
  }
}
