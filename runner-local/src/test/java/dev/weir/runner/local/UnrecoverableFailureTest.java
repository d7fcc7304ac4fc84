package dev.weir.runner.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineExecutionException;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.types.Types;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.TestSource;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Errors that a restart cannot fix end the job at once, whatever the restart strategy. */
class UnrecoverableFailureTest {

  @Test
  void aPathThatIsAFileFailsTheJobWithoutRestarts() {
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("unrecoverable"));
    p.read("in", TestSource.sequence(100))
        .map("open", i -> {
          if (i == 3) {
            throw new UncheckedIOException(new FileAlreadyExistsException("/data/out"));
          }
          return i;
        })
        .write("out", CollectingSink.create());
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build()
        .run(p);
    assertThatThrownBy(() -> r.waitUntilFinish(Duration.ofSeconds(30)))
        .isInstanceOf(PipelineExecutionException.class)
        .hasMessageContaining("open")
        .hasRootCauseInstanceOf(FileAlreadyExistsException.class);
    assertThat(r.state()).isEqualTo(PipelineResult.State.FAILED);
    assertThat(r.restarts()).as("the default strategy would restart 10 times").isZero();
  }

  @Test
  void aTransientErrorIsStillRestarted() {
    boolean[] thrown = {false};
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("transient"));
    CollectingSink<Long> out = CollectingSink.create();
    p.read("in", TestSource.sequence(100))
        .map("flaky", i -> {
          synchronized (thrown) {
            if (i == 3 && !thrown[0]) {
              thrown[0] = true;
              throw new UncheckedIOException(new java.io.IOException("connection reset"));
            }
          }
          return i;
        })
        .write("out", out);
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build()
        .run(p);
    assertThat(r.waitUntilFinish(Duration.ofSeconds(30))).isEqualTo(PipelineResult.State.DONE);
    assertThat(r.restarts()).isEqualTo(1);
    assertThat(out.results()).hasSize(100);
  }
}
