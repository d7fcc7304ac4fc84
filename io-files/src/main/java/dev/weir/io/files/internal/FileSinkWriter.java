package dev.weir.io.files.internal;

import dev.weir.sdk.WeirException;
import dev.weir.sdk.io.SinkContext;
import dev.weir.sdk.io.SinkWriter;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.Types;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * One subtask of a file sink: writes lines to hidden in-progress part files, rolls them by
 * size and age, and finalizes them by an atomic rename when the checkpoint covering them
 * completes.
 *
 * <p>Committable: {@code [writerId, inProgress1, finished1, inProgress2, finished2, ...]}, file
 * names in the output directory. Commit renames each pair; a pair whose in-progress file is
 * gone and whose finished file exists was committed before (idempotent).
 *
 * <p>Cleanup of files left by failed attempts happens at this writer's first own commit, not in
 * {@link #open}: a restored checkpoint's committables are dealt out round-robin to the new
 * subtasks, so a writer cannot tell from its share which old files another subtask still has to
 * rename. By the time a checkpoint of the new attempt completes, every sink subtask has opened
 * and re-committed its share, so any in-progress file of an older writer is garbage: files of
 * a prepared but never completed checkpoint, or staged data of a crashed attempt. Each writer
 * deletes the old files of the subtask indexes it stands for ({@code index % parallelism}).
 */
public final class FileSinkWriter<T> implements SinkWriter<T, List<String>> {
  private final FileSinkConfig<T> config;
  private final SinkContext context;
  private final LongSupplier clock;
  private final String writerId;
  private final List<String> staged = new ArrayList<>();
  private PartFile<T> current;
  private long seq;
  /** Volatile: commit may run on another thread than prepareCommit. */
  private volatile boolean cleanedUp;

  public FileSinkWriter(FileSinkConfig<T> config, SinkContext context, LongSupplier clock) {
    this.config = config;
    this.context = context;
    this.clock = clock;
    String token = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    this.writerId = PartNames.writerId(context.subtaskIndex(), context.attempt(), token);
  }

  @Override
  public Coder<List<String>> committableCoder() {
    return Types.list(Types.STRING);
  }

  @Override
  public void open(List<List<String>> pending) throws IOException {
    Files.createDirectories(config.directory());
  }

  @Override
  public void write(T value, long timestamp) throws IOException {
    if (current == null) {
      current = PartFile.create(config.directory().resolve(PartNames.inProgress(writerId, seq++)),
          config.format(), clock.getAsLong());
    }
    current.write(value);
    if (current.bytes() >= config.rollBytes()
        || clock.getAsLong() - current.openedAtMillis() >= config.rollIntervalMillis()) {
      roll();
    }
  }

  private void roll() throws IOException {
    current.finish();
    staged.add(current.path().getFileName().toString());
    current = null;
  }

  @Override
  public List<String> prepareCommit(long checkpointId) throws IOException {
    if (current != null) {
      roll();
    }
    if (staged.isEmpty() && cleanedUp) {
      return null;
    }
    List<String> c = new ArrayList<>(1 + 2 * staged.size());
    c.add(writerId);
    for (int n = 0; n < staged.size(); n++) {
      c.add(staged.get(n));
      c.add(PartNames.finished(context.subtaskIndex(), checkpointId, n, config.suffix()));
    }
    staged.clear();
    return c;
  }

  @Override
  public void commit(List<String> committable) throws IOException {
    Path dir = config.directory();
    for (int i = 1; i + 1 < committable.size(); i += 2) {
      rename(dir.resolve(committable.get(i)), dir.resolve(committable.get(i + 1)));
    }
    if (committable.size() > 1) {
      PartFile.syncDirectory(dir);
    }
    if (!cleanedUp && writerId.equals(committable.get(0))) {
      deleteOrphans();
      cleanedUp = true;
    }
  }

  private static void rename(Path from, Path to) throws IOException {
    boolean source = Files.exists(from);
    boolean target = Files.exists(to);
    if (!source && target) {
      return; // committed before
    }
    if (!source) {
      throw new WeirException("file sink: prepared part file '" + from.toAbsolutePath()
          + "' is missing and '" + to.getFileName() + "' was never written; something deleted "
          + "in-progress files of a running job (write each sink to its own directory)");
    }
    if (target) {
      throw new WeirException("file sink: '" + to.toAbsolutePath() + "' already exists; the output "
          + "directory holds files of an earlier job. Write to an empty directory, or delete the old "
          + "part files first");
    }
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
  }

  private void deleteOrphans() throws IOException {
    int me = context.subtaskIndex();
    int p = context.parallelism();
    try (Stream<Path> files = Files.list(config.directory())) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        String owner = PartNames.writerOf(name);
        if (owner != null && !owner.equals(writerId) && PartNames.subtaskOf(name) % p == me) {
          Files.deleteIfExists(f);
        }
      }
    } catch (NoSuchFileException e) {
      // nothing to clean
    }
  }

  @Override
  public void abort() throws IOException {
    if (current != null) {
      current.closeQuietly();
      staged.add(current.path().getFileName().toString());
      current = null;
    }
    for (String name : staged) {
      Files.deleteIfExists(config.directory().resolve(name));
    }
    staged.clear();
  }

  @Override
  public void close() {
    if (current != null) {
      current.closeQuietly();
    }
  }

  /** For tests: the id that prefixes this writer's in-progress files. */
  public String writerId() {
    return writerId;
  }
}
