package com.example.longlines;

import dev.weir.store.chronicle.ChronicleQueueCheckpointStore;
import dev.weir.io.files.FileSink;
import dev.weir.io.files.FileSource;
import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.PStream;
import dev.weir.sdk.Pipeline;
import dev.weir.sdk.PipelineOptions;
import dev.weir.sdk.PipelineResult;
import java.nio.file.Path;
import java.time.Duration;

/** Copies the lines longer than 80 characters of a file or directory, upper-cased. */
public final class LongLines {
  private LongLines() {
  }

  /** The steps of the job, on any stream of lines. */
  public static PStream<String> longLines(PStream<String> lines) {
    return lines.filter("long", line -> line.length() > 80).map("upper", String::toUpperCase);
  }

  /** The job: text files in, part files of the long lines out. */
  public static Pipeline pipeline(PipelineOptions options, Path input, Path output) {
    Pipeline p = Pipeline.create(options);
    longLines(p.read("lines", FileSource.text(input))).write("out", FileSink.text(output));
    return p;
  }

  /** {@code LongLines <input file or directory> <output directory> <checkpoint directory>}. */
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: LongLines <input file or directory> <output directory> <checkpoint directory>");
      System.exit(2);
    }
    PipelineOptions options = PipelineOptions.defaults().withJobName("long-lines")
        .withParallelism(2).withCheckpointInterval(Duration.ofSeconds(1));
    Pipeline p = pipeline(options, Path.of(args[0]), Path.of(args[1]));
    try (ChronicleQueueCheckpointStore store = ChronicleQueueCheckpointStore.open(Path.of(args[2]))) {
      PipelineResult result = LocalRunner.builder().checkpointStore(store).build().run(p);
      System.out.println("long-lines: " + result.waitUntilFinish());
    }
  }
}
