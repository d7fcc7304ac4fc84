package dev.weir.io.files;

import dev.weir.sdk.io.SinkContext;
import dev.weir.sdk.io.SourceContext;
import dev.weir.sdk.io.SourceOutput;
import dev.weir.sdk.io.SourceReader;
import dev.weir.sdk.io.ReadStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Source and sink contexts and a driver for reader tests. */
final class Contexts {
  private Contexts() {
  }

  static SourceContext source(int subtask, int parallelism) {
    return new SourceContext() {
      @Override public String stepName() { return "lines"; }
      @Override public int subtaskIndex() { return subtask; }
      @Override public int parallelism() { return parallelism; }
    };
  }

  static SinkContext sink(int subtask, int parallelism, int attempt) {
    return new SinkContext() {
      @Override public String jobName() { return "job"; }
      @Override public String stepName() { return "out"; }
      @Override public int subtaskIndex() { return subtask; }
      @Override public int parallelism() { return parallelism; }
      @Override public int attempt() { return attempt; }
    };
  }

  /** Reads to the end; when {@code atRecord} records were emitted, stores the reader's positions in {@code snapshot}. */
  static <T, P> List<T> readAll(SourceReader<T, P> reader, int atRecord, List<P> snapshot)
      throws IOException {
    List<T> got = new ArrayList<>();
    SourceOutput<T> sink = new SourceOutput<>() {
      @Override public void emit(T value) { emit(value, Long.MIN_VALUE); }
      @Override public void emit(T value, long timestamp) {
        got.add(value);
        if (got.size() == atRecord) {
          snapshot.addAll(reader.snapshotPositions(1));
        }
      }
    };
    if (atRecord == 0) {
      snapshot.addAll(reader.snapshotPositions(1));
    }
    while (reader.read(sink) != ReadStatus.END_OF_INPUT) {
      // keep reading
    }
    return got;
  }

  @SuppressWarnings("unchecked")
  static <P> SourceReader<String, P> reader(FileSource source, int subtask, int parallelism,
      List<P> restored) throws IOException {
    SourceReader<String, P> r = (SourceReader<String, P>) source.createReader(source(subtask, parallelism));
    r.open(restored);
    return r;
  }
}
