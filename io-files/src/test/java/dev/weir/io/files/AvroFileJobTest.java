package dev.weir.io.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.RestartStrategy;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.io.SourceReader;
import dev.weir.testing.Faults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Avro container files in, Avro container files out, exactly once through crashes. */
class AvroFileJobTest {
  static final int PER_FILE = 5_000;

  @TempDir
  Path tmp;

  @Test
  void copiesEveryRecordOnceThroughCrashes() throws IOException {
    Path in = tmp.resolve("in");
    Files.createDirectories(in);
    for (int f = 0; f < 4; f++) {
      AvroFileSourceTest.write(in.resolve("e-" + f + ".avro"), (long) f * PER_FILE, PER_FILE);
    }
    Path out = tmp.resolve("out");
    Faults faults = Faults.create().crashAtRecord("lines", 0, 1_500).crashAtRecord("out", 1, 2_000)
        .crashAtRecord("out", 2, 700);
    Pipeline p = Pipeline.create(PipelineOptions.defaults().withJobName("avro").withParallelism(3)
        .withCheckpointInterval(Duration.ofMillis(15)));
    p.read("lines", AvroFileSource.generic(in, AvroFileSourceTest.SCHEMA)).withParallelism(2)
        .write("out", FileSink.avro(out, AvroFileSourceTest.SCHEMA).withRollSize(8 << 10));
    PipelineResult r = LocalRunner.builder().checkpointStore(CheckpointStores.inMemory()).faults(faults)
        .restartStrategy(RestartStrategy.fixedDelay(20, Duration.ofMillis(5))).build().run(p);
    assertThat(r.waitUntilFinish(Duration.ofSeconds(120))).as(faults.toString()).isEqualTo(PipelineResult.State.DONE);
    assertThat(faults.fired()).as(faults.toString()).isEqualTo(3);
    try (Stream<Path> s = Files.list(out)) {
      assertThat(s.map(f -> f.getFileName().toString()).toList())
          .hasSizeGreaterThan(3).allMatch(n -> n.matches("part-\\d+-\\d+-\\d+\\.avro"));
    }
    List<Long> ids = new ArrayList<>();
    try (SourceReader<GenericRecord, Object> reader =
        AvroFileSourceTest.reader(AvroFileSource.generic(out, AvroFileSourceTest.SCHEMA), 0, 1, List.of())) {
      ids.addAll(AvroFileSourceTest.ids(Contexts.readAll(reader, -1, new ArrayList<>())));
    }
    assertThat(ids).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(LongStream.range(0, 4L * PER_FILE).boxed().toList());
  }
}
