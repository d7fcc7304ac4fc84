package dev.weir.examples.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weir.examples.ChildJvm;
import dev.weir.store.chronicle.ChronicleQueueCheckpointStore;
import dev.weir.runner.local.LocalRunner;
import dev.weir.sdk.PipelineResult;
import dev.weir.sdk.checkpoint.CheckpointManifest;
import dev.weir.sdk.checkpoint.StateHandle;
import dev.weir.sdk.types.KV;
import dev.weir.testing.CollectingSink;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints in Chronicle Queue files outlive the JVM that wrote them, and bad ones are skipped. */
class CrossProcessRestoreTest {

  private static Process startChild(Path dir, long crashAt) throws IOException {
    List<String> cmd = ChildJvm.command(KeyedCountJob.class,
        List.of(dir.toString(), Long.toString(crashAt)));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(
        ProcessBuilder.Redirect.appendTo(dir.resolveSibling("child.log").toFile())).start();
  }

  private static String childLog(Path dir) throws IOException {
    File f = dir.resolveSibling("child.log").toFile();
    return f.exists() ? Files.readString(f.toPath()) : "";
  }

  @Test
  void aJobRestoresInThisJvmFromCheckpointsWrittenByAnother(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("store");
    Process child = startChild(dir, 400_000);
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(childLog(dir)).isZero();

    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    try (ChronicleQueueCheckpointStore store = ChronicleQueueCheckpointStore.open(dir)) {
      List<CheckpointManifest> written = store.listCheckpoints("keyed-count");
      assertThat(written).isNotEmpty();
      PipelineResult job = LocalRunner.builder().checkpointStore(store).build()
          .run(KeyedCountJob.pipeline(out));
      assertThat(job.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);
      assertThat(job.restoredCheckpointIds()).containsExactly(written.get(written.size() - 1).checkpointId());
      assertThat(job.metrics().step("numbers").recordsOut()).as("resumed mid-way")
          .isLessThan(KeyedCountJob.RECORDS);
    }
    assertThat(out.<String, Long>latestByKey()).isEqualTo(KeyedCountJob.expected());
    assertThat(out.results()).hasSize(KeyedCountJob.KEYS);
  }

  @Test
  void aBitFlipInTheNewestCheckpointFallsBackToThePreviousOne(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("store");
    Process child = startChild(dir, 420_000);
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).as(childLog(dir)).isZero();

    long newest;
    long previous;
    StateHandle victim;
    try (ChronicleQueueCheckpointStore store = ChronicleQueueCheckpointStore.open(dir)) {
      List<CheckpointManifest> written = store.listCheckpoints("keyed-count");
      assertThat(written).as(childLog(dir)).hasSizeGreaterThanOrEqualTo(2);
      newest = written.get(written.size() - 1).checkpointId();
      previous = written.get(written.size() - 2).checkpointId();
      CheckpointManifest m = written.get(written.size() - 1);
      victim = m.step("count").orElseThrow().keyed().get(0).deltas().isEmpty()
          ? m.step("count").orElseThrow().keyed().get(0).full()
          : m.step("count").orElseThrow().keyed().get(0).deltas().get(
              m.step("count").orElseThrow().keyed().get(0).deltas().size() - 1);
      assertThat(victim.checkpointId()).isEqualTo(newest);
      byte[] content = store.readBlob(victim);
      flipOneByteOf(dir, content);
    }
    CollectingSink<KV<String, Long>> out = CollectingSink.create();
    try (ChronicleQueueCheckpointStore store = ChronicleQueueCheckpointStore.open(dir)) {
      PipelineResult job = LocalRunner.builder().checkpointStore(store).build()
          .run(KeyedCountJob.pipeline(out));
      assertThat(job.waitUntilFinish(Duration.ofSeconds(60))).isEqualTo(PipelineResult.State.DONE);
      assertThat(job.restoredCheckpointIds()).as("the newest, %d, is corrupt", newest)
          .containsExactly(previous);
    }
    assertThat(out.<String, Long>latestByKey()).isEqualTo(KeyedCountJob.expected());
  }

  /** Finds {@code blob}'s bytes (a unique 64-byte run of them) in the queue files and flips one. */
  private static void flipOneByteOf(Path dir, byte[] blob) throws IOException {
    int at = Math.max(0, blob.length / 2 - 32);
    byte[] needle = java.util.Arrays.copyOfRange(blob, at, Math.min(blob.length, at + 64));
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> p.toString().endsWith(".cq4")).toList();
    }
    for (Path f : files) {
      byte[] data = Files.readAllBytes(f);
      int idx = indexOf(data, needle);
      if (idx >= 0) {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
          ByteBuffer one = ByteBuffer.allocate(1);
          ch.read(one, idx + needle.length / 2);
          one.put(0, (byte) (one.get(0) ^ 0x5A)).rewind();
          ch.write(one, idx + needle.length / 2);
        }
        return;
      }
    }
    throw new AssertionError("blob bytes not found in " + files);
  }

  private static int indexOf(byte[] data, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= data.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
