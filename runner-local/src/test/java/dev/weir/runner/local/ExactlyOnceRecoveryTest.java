package dev.weir.runner.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.sdk.PStream;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.RestartStrategy;
import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import dev.weir.testing.WeirTest;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.Faults;
import dev.weir.testing.TestSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A keyed count over a union of two sources, crashed at random points, must produce exactly
 * the per-key counts and the sink output of a failure-free run: no lost and no duplicated
 * update, in state or in output.
 */
class ExactlyOnceRecoveryTest {
  private static final long BASE_SEED = Long.getLong("weir.recovery.seed", 20261125L);
  private static final int RUNS = Integer.getInteger("weir.recovery.runs", 10);
  private static final int FAULTS_PER_RUN = 5;
  private static final AtomicInteger CRASHES = new AtomicInteger();
  private static final AtomicInteger RANDOM_RUNS = new AtomicInteger();

  static final int KEYS = 3_000;
  static final int PER_SOURCE = 60_000;

  static String keyA(long i) {
    return "k" + Math.floorMod(i * 2654435761L, KEYS);
  }

  static String keyB(long i) {
    return "k" + Math.floorMod(i * 40503L + 17, KEYS);
  }

  static Map<String, Long> expectedCounts() {
    Map<String, Long> m = new HashMap<>();
    for (long i = 0; i < PER_SOURCE; i++) {
      m.merge(keyA(i), 1L, Long::sum);
      m.merge(keyB(i), 1L, Long::sum);
    }
    return m;
  }

  static Pipeline keyedCount(String job, int parallelism, CollectingSink<KV<String, Long>> out) {
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName(job)
        .withParallelism(parallelism).withCheckpointInterval(Duration.ofMillis(15)));
    PStream<String> a = p.read("a", TestSource.generate(Types.STRING, PER_SOURCE, ExactlyOnceRecoveryTest::keyA));
    PStream<String> b = p.read("b", TestSource.generate(Types.STRING, PER_SOURCE, ExactlyOnceRecoveryTest::keyB))
        .withParallelism(1);
    a.union("both", b)
        .keyBy("byKey", k -> k, Types.STRING)
        .count("count")
        .write("out", out);
    return p;
  }

  /** Asserts exactly-once state (final counts) and output (each update committed once). */
  static void assertExactlyOnce(CollectingSink<KV<String, Long>> out, Map<String, Long> expected,
      String context) {
    List<KV<String, Long>> results = out.results();
    assertThat(out.<String, Long>latestByKey()).as(context).isEqualTo(expected);
    assertThat(results).as(context + ": one committed update per input record")
        .hasSize(2 * PER_SOURCE);
    Set<KV<String, Long>> distinct = new HashSet<>(results);
    assertThat(distinct).as(context + ": no update committed twice").hasSize(results.size());
  }

  static List<Long> seeds() {
    return java.util.stream.LongStream.range(0, RUNS).map(i -> BASE_SEED + i).boxed().toList();
  }

  @Test
  void aFailureFreeRunMatchesThePlainCount() {
    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build()
        .run(keyedCount("free", 3, out));
    assertThat(r.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);
    assertExactlyOnce(out, expectedCounts(), "failure-free");
    assertThat(r.checkpoints()).as("at least the final checkpoint").isNotEmpty();
    assertThat(r.restarts()).isZero();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void crashesAtRandomRecordsLoseAndDuplicateNothing(long seed) {
    Random random = new Random(seed);
    int parallelism = 2 + random.nextInt(3);
    Faults faults = Faults.create();
    for (int i = 0; i < FAULTS_PER_RUN; i++) {
      faults.crashAtRecord("count", random.nextInt(parallelism), random.nextInt(3_000));
    }
    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    CheckpointStore store = CheckpointStores.inMemory();
    LocalRunner runner = LocalRunner.builder().checkpointStore(store).faults(faults)
        .restartStrategy(RestartStrategy.fixedDelay(50, Duration.ofMillis(5))).build();
    String context = "seed " + seed + " (rerun with -Dweir.recovery.seed=" + seed
        + " -Dweir.recovery.runs=1), parallelism " + parallelism;
    PipelineResult r = runner.run(keyedCount("crash-" + seed, parallelism, out));
    assertThat(r.waitUntilFinish(Duration.ofSeconds(120))).as(context).isEqualTo(PipelineResult.State.DONE);
    assertThat(faults.fired()).as(context + ": every planned crash happened: " + faults).isEqualTo(FAULTS_PER_RUN);
    // Two subtasks may crash in the same attempt before the cancel reaches them: one restart.
    assertThat(r.restarts()).as(context).isBetween(1, FAULTS_PER_RUN);
    CRASHES.addAndGet(faults.fired());
    RANDOM_RUNS.incrementAndGet();
    assertExactlyOnce(out, expectedCounts(), context);
  }

  @Test
  void crashesAtBarriersAndDuringAsynchronousWritesLoseNothing() {
    Faults faults = Faults.create()
        .crashAtBarrier("count", 1, 2)
        .crashDuringAsyncWrite("count", 0, 4)
        .crashAtBarrier("a", 0, 6);
    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    Pipeline p = keyedCount("barriers", 2, out);
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory())
        .faults(faults).restartStrategy(RestartStrategy.fixedDelay(10, Duration.ofMillis(5)))
        .build().run(p);
    assertThat(r.waitUntilFinish(Duration.ofSeconds(120))).isEqualTo(PipelineResult.State.DONE);
    assertThat(faults.fired()).as(faults.toString()).isGreaterThanOrEqualTo(2);
    assertThat(r.restarts()).isBetween(1, faults.fired());
    CRASHES.addAndGet(faults.fired());
    assertExactlyOnce(out, expectedCounts(), "barrier/async faults, fired " + faults.fired());
  }

  @Test
  void aCrashBetweenTheStateWriteAndTheManifestRestoresThePreviousCheckpoint() throws Exception {
    dev.weir.testing.PushSource<String> in = dev.weir.testing.PushSource.create(Types.STRING);
    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("gap").withParallelism(2));
    p.read("in", in).keyBy("byKey", k -> k, Types.STRING).count("count").write("out", out);
    CheckpointStore store = CheckpointStores.inMemory();
    Faults faults = Faults.create().crashAfterAsyncWrite("count", 1, 2);
    PipelineResult job = LocalRunner.builder().checkpointStore(store).faults(faults)
        .restartStrategy(RestartStrategy.fixedDelay(3, Duration.ofMillis(5))).build().run(p);
    try {
      Map<String, Long> expected = new HashMap<>();
      for (int i = 0; i < 1000; i++) {
        in.push("k" + i % 50);
        expected.merge("k" + i % 50, 1L, Long::sum);
      }
      assertThat(job.triggerCheckpoint().get()).isEqualTo(1L);
      for (int i = 0; i < 500; i++) {
        in.push("k" + i % 70);
        expected.merge("k" + i % 70, 1L, Long::sum);
      }
      job.triggerCheckpoint(); // checkpoint 2: its blobs are written, then the job crashes
      WeirTest.await(() -> faults.fired() == 1 && job.restarts() == 1
          && !job.restoredCheckpointIds().isEmpty());
      assertThat(job.restoredCheckpointIds()).containsExactly(1L);
      assertThat(store.listCheckpoints("gap")).extracting(m -> m.checkpointId()).containsExactly(1L);
      assertThat(store.highestCheckpointId("gap")).as("blobs of 2 were written").isGreaterThanOrEqualTo(2L);
      in.finish();
      assertThat(job.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);
      assertThat(out.<String, Long>latestByKey()).isEqualTo(expected);
      assertThat(out.results()).hasSize(1500).doesNotHaveDuplicates();
      assertThat(store.listCheckpoints("gap")).extracting(m -> m.checkpointId())
          .allMatch(id -> id == 1L || id >= 3L, "ids only grow: 2 is never reused");
    } finally {
      job.cancel();
    }
  }

  @AfterAll
  static void theSuiteCrashedEnoughTimes() {
    if (RUNS >= 10 && RANDOM_RUNS.get() == RUNS) {
      assertThat(CRASHES.get()).as("crash points across the suite").isGreaterThanOrEqualTo(50);
    }
  }

  @SuppressWarnings("unused")
  private static Map<String, Long> copy(Map<String, Long> m) {
    return new HashMap<>(m);
  }
}
