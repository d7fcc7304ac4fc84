package dev.weir.testing;

import dev.weir.sdk.io.SinkContext;
import dev.weir.sdk.io.SinkWriter;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.Types;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The storage of a {@link CollectingSink#inDirectory} sink: {@code staged/} holds the files that
 * writers prepared at a checkpoint, {@code committed/} the files of completed checkpoints.
 * Committing moves a staged file into {@code committed/} with an atomic rename, so a reader in
 * any process sees a file whole or not at all, and a commit repeated after a restore finds the
 * file already moved and does nothing.
 *
 * <p>A file is a sequence of records, each an int length and the coder's bytes. Its name starts
 * with the checkpoint id (zero-padded) and the subtask, so the sorted names give the results'
 * order; a random suffix per writer keeps attempts of a subtask apart.
 *
 * @param <T> the record type
 */
final class SinkDirectory<T> {
  private final Path staged;
  private final Path committed;
  private final Coder<T> coder;

  SinkDirectory(Path root, Coder<T> coder) {
    Objects.requireNonNull(root, "directory");
    this.coder = Objects.requireNonNull(coder, "coder");
    this.staged = root.resolve("staged");
    this.committed = root.resolve("committed");
    try {
      Files.createDirectories(staged);
      Files.createDirectories(committed);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the sink directory " + root, e);
    }
  }

  SinkWriter<T, String> writer(SinkContext context) {
    return new Writer(context);
  }

  /** Every committed record, file by file in name order. */
  List<T> committed() {
    List<Path> files;
    try (Stream<Path> s = Files.list(committed)) {
      files = s.filter(f -> f.getFileName().toString().endsWith(".records")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + committed, e);
    }
    List<T> out = new ArrayList<>();
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        readRecords(in, out);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the committed file " + f, e);
      }
    }
    return out;
  }

  List<T> awaitSize(int n, long deadlineNanos, Duration timeout) throws TimeoutException {
    List<T> now = committed();
    while (now.size() < n) {
      if (System.nanoTime() > deadlineNanos) {
        throw new TimeoutException("expected at least " + n + " committed records in "
            + committed + " within " + timeout + ", have " + now.size() + ": " + now);
      }
      // Writers are in other processes: nothing to be notified by, so look again soon.
      LockSupport.parkNanos(5_000_000);
      now = committed();
    }
    return now;
  }

  private void readRecords(InputStream raw, List<T> out) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(raw));
    while (true) {
      int length;
      try {
        length = in.readInt();
      } catch (EOFException end) {
        return;
      }
      byte[] bytes = new byte[length];
      in.readFully(bytes);
      out.add(coder.decode(bytes));
    }
  }

  /** One subtask's writer; a committable is the name of a staged file. */
  private final class Writer implements SinkWriter<T, String> {
    private final int subtask;
    private final String writerId = UUID.randomUUID().toString().substring(0, 8);
    private List<T> pending = new ArrayList<>();

    Writer(SinkContext context) {
      this.subtask = context.subtaskIndex();
    }

    @Override
    public Coder<String> committableCoder() {
      return Types.STRING;
    }

    @Override
    public void write(T value, long timestamp) {
      pending.add(value);
    }

    /** Writes the records since the last checkpoint to a staged file, moved there whole. */
    @Override
    public String prepareCommit(long checkpointId) throws IOException {
      if (pending.isEmpty()) {
        return null;
      }
      String name = String.format("%019d-%05d-%s.records", checkpointId, subtask, writerId);
      Path partial = staged.resolve(name + ".partial");
      try (OutputStream raw = Files.newOutputStream(partial);
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw))) {
        for (T t : pending) {
          byte[] bytes = coder.encode(t);
          out.writeInt(bytes.length);
          out.write(bytes);
        }
      }
      Files.move(partial, staged.resolve(name), StandardCopyOption.ATOMIC_MOVE);
      pending = new ArrayList<>();
      return name;
    }

    @Override
    public void commit(String name) throws IOException {
      Path from = staged.resolve(name);
      Path to = committed.resolve(name);
      try {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
      } catch (NoSuchFileException e) {
        if (!Files.exists(to)) {
          throw new IOException("cannot commit " + name + ": it is neither staged in " + staged
              + " nor committed in " + committed, e);
        }
        // Committed before (a checkpoint's commit repeated on restore).
      }
    }

    /**
     * Drops records not yet prepared. Staged files stay: one may belong to a checkpoint that
     * completed just before the failure and is committed again on restore; the others are never
     * committed and stay invisible.
     */
    @Override
    public void abort() {
      pending = new ArrayList<>();
    }
  }
}
