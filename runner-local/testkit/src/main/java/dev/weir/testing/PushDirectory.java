package dev.weir.testing;

import dev.weir.sdk.types.Coder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The storage of a {@link PushSource#inDirectory} source: batch {@code n} (from 0) is the file
 * {@code n.batch}, one per push, and {@code finished} holds the number of batches once the
 * pusher finished. Each file is written aside and renamed into place, and {@code finished} is
 * written after the last batch, so a reader that sees it with {@code n} batches finds them all.
 *
 * <p>A batch is a sequence of records, each a long timestamp ({@code Long.MIN_VALUE}: none), an
 * int length and the coder's bytes.
 *
 * <h2>Threading</h2>
 * Not thread-safe: its {@link PushSource} calls it under its lock.
 *
 * @param <T> the record type
 */
final class PushDirectory<T> {
  private static final String FINISHED = "finished";

  private final Path root;
  private final Coder<T> coder;
  /** Batches written by this process (the pusher's side). */
  private long written;
  /** Batches read into the records of this process (the readers' side). */
  private long loaded;

  PushDirectory(Path root, Coder<T> coder) {
    this.root = Objects.requireNonNull(root, "directory");
    this.coder = coder;
    try {
      Files.createDirectories(root);
      try (Stream<Path> s = Files.list(root)) {
        written = s.filter(f -> f.getFileName().toString().endsWith(".batch")).count();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the push directory " + root, e);
    }
  }

  void append(List<T> values, List<Long> timestamps) {
    Path partial = root.resolve(written + ".batch.partial");
    try {
      try (OutputStream raw = Files.newOutputStream(partial);
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw))) {
        for (int i = 0; i < values.size(); i++) {
          byte[] bytes = coder.encode(values.get(i));
          out.writeLong(timestamps.get(i));
          out.writeInt(bytes.length);
          out.write(bytes);
        }
      }
      Files.move(partial, batch(written), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write batch " + written + " to " + root, e);
    }
    written++;
  }

  void finish() {
    Path partial = root.resolve(FINISHED + ".partial");
    try {
      Files.writeString(partial, Long.toString(written), StandardCharsets.UTF_8);
      Files.move(partial, root.resolve(FINISHED), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish the push directory " + root, e);
    }
  }

  /** Adds the records of the batches written since the last call to the given lists. */
  void load(List<T> values, List<Long> timestamps) {
    while (true) {
      Path next = batch(loaded);
      try (InputStream raw = Files.newInputStream(next)) {
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw));
        while (true) {
          long timestamp;
          try {
            timestamp = in.readLong();
          } catch (EOFException end) {
            break;
          }
          byte[] bytes = new byte[in.readInt()];
          in.readFully(bytes);
          values.add(coder.decode(bytes));
          timestamps.add(timestamp);
        }
      } catch (NoSuchFileException e) {
        return; // not pushed yet
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + next, e);
      }
      loaded++;
    }
  }

  /** Whether the pusher finished and every batch it wrote was loaded. */
  boolean finishedAndLoaded() {
    try {
      long total = Long.parseLong(Files.readString(root.resolve(FINISHED), StandardCharsets.UTF_8));
      return loaded >= total;
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root.resolve(FINISHED), e);
    }
  }

  private Path batch(long n) {
    return root.resolve(n + ".batch");
  }
}
