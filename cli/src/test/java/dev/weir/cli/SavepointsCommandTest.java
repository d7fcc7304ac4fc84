package dev.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.types.Types;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.PushSource;
import dev.weir.testing.WeirTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weir savepoints list | delete} on savepoints a local job wrote. */
class SavepointsCommandTest {
  @TempDir
  Path dir;

  private Path savepointOf(String job) throws Exception {
    PushSource<String> in = PushSource.create(Types.STRING);
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName(job).withParallelism(2));
    p.read("in", in).keyBy("byKey", k -> k, Types.STRING).count("count")
        .write("out", CollectingSink.create());
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).build()
        .run(p);
    in.push("a", "b", "a");
    WeirTest.await("count takes in 3 records", () -> r.metrics().step("count").recordsIn() >= 3,
        Duration.ofSeconds(30));
    return r.stopWithSavepoint(dir).get(30, TimeUnit.SECONDS);
  }

  @Test
  void listShowsEachSavepointAndDeleteRemovesOne() throws Exception {
    Path orders = savepointOf("orders");
    Path clicks = savepointOf("clicks");

    CliRun list = CliRun.weir("savepoints", "list", dir);
    assertThat(list.code()).isEqualTo(0);
    assertThat(list.out()).contains("JOB", "CHECKPOINT", "BYTES", "DIRECTORY")
        .contains("orders").contains("clicks").contains(orders.toString())
        .contains(clicks.toString());

    CliRun delete = CliRun.weir("savepoints", "delete", orders);
    assertThat(delete.code()).isEqualTo(0);
    assertThat(delete.out()).contains("deleted savepoint " + orders);
    assertThat(orders).doesNotExist();
    assertThat(CliRun.weir("savepoints", "list", dir).out()).doesNotContain("orders")
        .contains("clicks");
  }

  @Test
  void deleteRefusesADirectoryThatIsNotASavepointAndLeavesItAlone() throws Exception {
    Path other = Files.createDirectories(dir.resolve("important"));
    Files.writeString(other.resolve("data.txt"), "keep me");
    CliRun delete = CliRun.weir("savepoints", "delete", other);
    assertThat(delete.code()).isEqualTo(1);
    assertThat(delete.err()).contains("not a savepoint").contains(other.toString());
    assertThat(other.resolve("data.txt")).hasContent("keep me");
    assertThat(CliRun.weir("savepoints", "list", dir.resolve("nothing-here")).out())
        .contains("no savepoints under");
  }
}
