package dev.weir.runner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.sdk.PStream;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineValidationException;
import dev.weir.sdk.io.DeadLetter;
import dev.weir.sdk.io.ReadStatus;
import dev.weir.sdk.io.Source;
import dev.weir.sdk.io.SourceContext;
import dev.weir.sdk.io.SourceOutput;
import dev.weir.sdk.io.SourceReader;
import dev.weir.sdk.time.WindowResult;
import dev.weir.sdk.time.WindowResult.Timing;
import dev.weir.sdk.time.WindowSpec;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.Types;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.WeirTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a source reader may send besides records: watermarks, idleness and dead letters. */
class SourceOutputTest {

  /**
   * Reads {@code key@ts} strings; a string starting with {@code !} is "malformed" and goes to
   * the dead letters when {@code deadLetters} is set; with {@code watermarks} each record is
   * followed by a source watermark equal to its timestamp.
   */
  record LineSource(List<String> lines, boolean deadLetters, boolean watermarks)
      implements Source<String> {
    @Override public Coder<String> coder() { return Types.STRING; }
    @Override public boolean isBounded() { return true; }
    @Override public boolean emitsDeadLetters() { return deadLetters; }

    @Override
    public SourceReader<String, Long> createReader(SourceContext context) {
      return new SourceReader<>() {
        long next;

        @Override public Coder<Long> positionCoder() { return Types.LONG; }
        @Override public void open(List<Long> restored) { next = restored.isEmpty() ? 0 : restored.get(0); }
        @Override public List<Long> snapshotPositions(long checkpointId) { return List.of(next); }
        @Override public void close() { }

        @Override
        public ReadStatus read(SourceOutput<String> out) {
          if (next == lines.size()) {
            return ReadStatus.END_OF_INPUT;
          }
          String line = lines.get((int) next++);
          if (line.startsWith("!")) {
            out.deadLetter(new DeadLetter(context.stepName(), "line " + next, "starts with '!'",
                line.getBytes(StandardCharsets.UTF_8), Long.MIN_VALUE));
            return ReadStatus.MORE_AVAILABLE;
          }
          long ts = Long.parseLong(line.substring(line.indexOf('@') + 1));
          out.emit(line.substring(0, line.indexOf('@')), ts);
          if (watermarks) {
            out.emitWatermark(ts);
          }
          return ReadStatus.MORE_AVAILABLE;
        }
      };
    }
  }

  static Pipeline pipeline(String job) {
    return Pipeline.create(PipelineOptions.defaults().withJobName(job).withParallelism(1)
        .withCheckpointInterval(Duration.ofMillis(5)));
  }

  @Test
  void badRecordsGoToTheDeadLetterSideOutputOnceEach() {
    Pipeline p = pipeline("dead-letters");
    CollectingSink<String> good = CollectingSink.create();
    CollectingSink<DeadLetter> bad = CollectingSink.create();
    PStream<String> in = p.read("lines",
        new LineSource(List.of("a@1", "!oops", "b@2", "!worse", "c@3"), true, false));
    in.write("good", good);
    in.sideOutput(DeadLetter.TAG).write("bad", bad);
    WeirTest.run(p);
    assertThat(good.results()).containsExactly("a", "b", "c");
    assertThat(bad.results()).containsExactly(
        new DeadLetter("lines", "line 2", "starts with '!'", "!oops".getBytes(StandardCharsets.UTF_8),
            Long.MIN_VALUE),
        new DeadLetter("lines", "line 4", "starts with '!'", "!worse".getBytes(StandardCharsets.UTF_8),
            Long.MIN_VALUE));
  }

  @Test
  void aSourceWithDeadLettersThatNobodyReadsFailsValidation() {
    Pipeline p = pipeline("unread");
    p.read("lines", new LineSource(List.of("a@1"), true, false)).write("good", CollectingSink.create());
    assertThatThrownBy(() -> WeirTest.run(p))
        .isInstanceOf(PipelineValidationException.class)
        .hasMessageContaining("'lines'")
        .hasMessageContaining("sideOutput(DeadLetter.TAG)");
  }

  @Test
  void aDeadLetterFromASourceThatDeclaresNoneFailsTheJobNamingTheStep() {
    Pipeline p = pipeline("undeclared");
    p.read("lines", new LineSource(List.of("!x"), false, false)).write("good", CollectingSink.create());
    assertThatThrownBy(() -> WeirTest.run(p))
        .hasStackTraceContaining("source step 'lines' sent a dead letter");
  }

  @Test
  void deadLettersRoundTripThroughTheirAvroCoder() {
    DeadLetter d = new DeadLetter("s", "f.avro block 3", "bad sync", new byte[] {1, 2, 3}, 42L);
    assertThat(DeadLetter.CODER.decode(DeadLetter.CODER.encode(d))).isEqualTo(d);
    assertThat(DeadLetter.CODER.schema().getFullName()).isEqualTo("dev.weir.DeadLetter");
  }

  /** Counts per 10 ms window of {@code a@1, a@12, a@3}, with or without source watermarks. */
  static List<WindowResult<String, Long>> windowCounts(String job, boolean watermarks) {
    Pipeline p = pipeline(job);
    CollectingSink<WindowResult<String, Long>> out = CollectingSink.create();
    p.read("events", new LineSource(List.of("a@1", "a@12", "a@3"), false, watermarks))
        .keyBy("byKey", k -> k, Types.STRING)
        .window(WindowSpec.tumbling(Duration.ofMillis(10)))
        .count("counts")
        .write("out", out);
    WeirTest.run(p);
    return out.results();
  }

  @Test
  void sourceWatermarksDriveEventTimeWithoutAnAssignerStep() {
    // The source's watermark reaches 12 before a@3 arrives, so [0,10) fired with one record
    // and a@3 is late. Without the source watermark it would be on time (count 2).
    assertThat(windowCounts("source-watermarks", true)).containsExactlyInAnyOrder(
        new WindowResult<>("a", 0, 10, 1L, 0, Timing.ON_TIME),
        new WindowResult<>("a", 10, 20, 1L, 0, Timing.ON_TIME));
  }

  @Test
  void withoutSourceWatermarksTheSameInputIsOnTime() {
    assertThat(windowCounts("no-source-watermarks", false)).containsExactlyInAnyOrder(
        new WindowResult<>("a", 0, 10, 2L, 0, Timing.ON_TIME),
        new WindowResult<>("a", 10, 20, 1L, 0, Timing.ON_TIME));
  }
}
