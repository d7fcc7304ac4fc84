package com.example.longlines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.store.chronicle.ChronicleQueueCheckpointStore;
import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.types.Types;
import dev.weir.testing.CollectingSink;
import dev.weir.testing.TestSource;
import dev.weir.testing.WeirExtension;
import dev.weir.testing.WeirTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class LongLinesTest {
  @RegisterExtension
  final WeirExtension weir = new WeirExtension();   // fails a test that builds a job and never runs it

  @TempDir
  Path tmp;

  @Test
  void keepsOnlyLongLinesUpperCased() {
    CollectingSink<String> out = CollectingSink.create();
    Pipeline p = weir.pipeline(PipelineOptions.defaults().withParallelism(2));
    LongLines.longLines(p.read("lines", TestSource.of(Types.STRING, "short", "x".repeat(100))))
        .write("out", out);
    weir.run(p);                                        // on the local runner, until DONE
    assertThat(out.results()).containsExactly("X".repeat(100));
  }

  @Test
  void copiesLongLinesOfAFileWithChronicleCheckpoints() throws Exception {
    Path in = Files.writeString(tmp.resolve("in.txt"), "short\n" + "y".repeat(90) + "\n");
    Pipeline p = LongLines.pipeline(PipelineOptions.defaults().withJobName("long-lines"),
        in, tmp.resolve("out"));
    try (ChronicleQueueCheckpointStore store = ChronicleQueueCheckpointStore.open(tmp.resolve("cp"))) {
      WeirTest.run(LocalRunner.builder().checkpointStore(store).build(), p, Duration.ofSeconds(60));
    }
    List<String> lines = new ArrayList<>();
    try (var files = Files.list(tmp.resolve("out"))) {
      for (Path f : files.toList()) {
        lines.addAll(Files.readAllLines(f));
      }
    }
    assertThat(lines).containsExactly("Y".repeat(90));
  }
}
