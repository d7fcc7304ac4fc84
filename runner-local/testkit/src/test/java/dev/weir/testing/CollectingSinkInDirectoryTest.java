package dev.weir.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weir.sdk.io.SinkContext;
import dev.weir.sdk.io.SinkWriter;
import dev.weir.sdk.types.KV;
import dev.weir.sdk.types.Types;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directory forms of {@link CollectingSink} and {@link PushSource}: what one object writes,
 * another on the same directory (as in another process) reads, and only committed records are
 * visible.
 */
class CollectingSinkInDirectoryTest {
  @TempDir
  Path dir;

  private static SinkContext subtask(int index) {
    return new SinkContext() {
      @Override
      public String jobName() {
        return "job";
      }

      @Override
      public String stepName() {
        return "out";
      }

      @Override
      public int subtaskIndex() {
        return index;
      }

      @Override
      public int parallelism() {
        return 2;
      }

      @Override
      public int attempt() {
        return 0;
      }
    };
  }

  @Test
  public void recordsBecomeVisibleToEverySinkOnTheDirectoryWhenCommitted() throws IOException {
    CollectingSink<KV<String, Long>> writerSide =
        CollectingSink.inDirectory(dir, Types.kv(Types.STRING, Types.LONG));
    CollectingSink<KV<String, Long>> readerSide =
        CollectingSink.inDirectory(dir, Types.kv(Types.STRING, Types.LONG));
    SinkWriter<KV<String, Long>, String> w0 = writerSide.createWriter(subtask(0));
    SinkWriter<KV<String, Long>, String> w1 = writerSide.createWriter(subtask(1));
    w0.write(KV.of("a", 1L), Long.MIN_VALUE);
    w1.write(KV.of("b", 1L), Long.MIN_VALUE);
    String c0 = w0.prepareCommit(1);
    String c1 = w1.prepareCommit(1);
    w0.write(KV.of("a", 2L), Long.MIN_VALUE);
    String c2 = w0.prepareCommit(2);
    assertThat(readerSide.results()).as("prepared, not committed").isEmpty();
    assertThat(w1.prepareCommit(2)).as("nothing staged").isNull();

    w0.commit(c2);
    w1.commit(c1);
    w0.commit(c0);
    w0.commit(c0); // a commit repeated on restore does nothing
    assertThat(readerSide.results()).as("checkpoint order, then subtask")
        .containsExactly(KV.of("a", 1L), KV.of("b", 1L), KV.of("a", 2L));
    assertThat(readerSide.size()).isEqualTo(3);
    assertThat(readerSide.<String, Long>latestByKey()).containsEntry("a", 2L).containsEntry("b", 1L);
    assertThatThrownBy(() -> w0.commit("0000000000000000009-00000-unknown.records"))
        .isInstanceOf(IOException.class).hasMessageContaining("neither staged");
  }

  @Test
  public void abortDropsWhatWasNotPrepared() throws Exception {
    CollectingSink<String> sink = CollectingSink.inDirectory(dir, Types.STRING);
    SinkWriter<String, String> w = sink.createWriter(subtask(0));
    w.write("kept", Long.MIN_VALUE);
    String prepared = w.prepareCommit(1);
    w.write("dropped", Long.MIN_VALUE);
    w.abort();
    assertThat(w.prepareCommit(2)).isNull();
    w.commit(prepared);
    assertThat(sink.awaitSize(1, java.time.Duration.ofSeconds(5))).containsExactly("kept");
  }

  @Test
  public void pushedBatchesAreReadInOrderFromAnotherObject() {
    PushSource<String> pusher = PushSource.inDirectory(dir, Types.STRING);
    PushDirectory<String> reader = new PushDirectory<>(dir, Types.STRING);
    List<String> values = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    pusher.push("a", "b");
    pusher.pushAt("c", 42L);
    reader.load(values, times);
    assertThat(values).containsExactly("a", "b", "c");
    assertThat(times).containsExactly(Long.MIN_VALUE, Long.MIN_VALUE, 42L);
    assertThat(reader.finishedAndLoaded()).isFalse();
    pusher.push("d");
    pusher.finish();
    assertThat(reader.finishedAndLoaded()).as("finished, but batch 3 not loaded yet").isFalse();
    reader.load(values, times);
    assertThat(values).containsExactly("a", "b", "c", "d");
    assertThat(reader.finishedAndLoaded()).isTrue();
    assertThatThrownBy(() -> pusher.push("e")).isInstanceOf(IllegalStateException.class);
  }
}
