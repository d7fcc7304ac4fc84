package dev.weir.runner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.sdk.JobMetrics;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.SubtaskMetrics;
import dev.weir.sdk.types.Types;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.TestSource;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** {@link PipelineResult#metrics()} breaks each step's counts down by subtask. */
class SubtaskMetricsTest {

  @Test
  void subtaskCountsAddUpToTheStepAndAreListedBySubtask() {
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("subtasks")
        .withParallelism(3));
    p.read("numbers", TestSource.sequence(3_000))
        .keyBy("byKey", n -> "k" + (n % 50), Types.STRING)
        .count("count")
        .write("out", CollectingSink.create());
    PipelineResult r = LocalRunner.create().run(p);
    assertThat(r.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);
    JobMetrics m = r.metrics();
    List<SubtaskMetrics> count = m.subtasks("count");
    assertThat(count).extracting(SubtaskMetrics::subtask).containsExactly(0, 1, 2);
    assertThat(count.stream().mapToLong(SubtaskMetrics::recordsIn).sum())
        .isEqualTo(m.step("count").recordsIn()).isEqualTo(3_000);
    assertThat(count).allSatisfy(s -> assertThat(s.recordsIn()).as("50 keys reach every subtask")
        .isPositive());
    assertThat(m.subtasks()).extracting(SubtaskMetrics::stepName).startsWith("numbers")
        .endsWith("out");
    assertThatThrownBy(() -> m.subtasks("nope")).isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("nope");
  }
}
