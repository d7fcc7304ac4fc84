package dev.weir.io.files.internal;

import dev.weir.sdk.WeirException;
import dev.weir.sdk.fn.MapFn;
import dev.weir.sdk.io.DeadLetter;
import dev.weir.sdk.io.ReadStatus;
import dev.weir.sdk.io.SourceContext;
import dev.weir.sdk.io.SourceOutput;
import dev.weir.sdk.io.SourceReader;
import dev.weir.sdk.types.Coder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the lines of the files one subtask owns: file {@code i} of the sorted input list is
 * split {@code i}, owned by subtask {@code i % parallelism}.
 *
 * <p>Position entry per owned split: a {@link FileSplitPosition} (key, next byte offset, lines
 * read, done), where the key is the file's path relative to the input root. Plain files resume by seeking to the
 * byte offset; gzip files are re-read from the start and skip {@code linesRead} lines (the
 * offset is then of the uncompressed text and only informative). On restore every reader gets
 * every subtask's entries and takes those of the files it owns now, so the parallelism may
 * change between runs; a file with no entry (new since the checkpoint) is read from its start.
 *
 * <p>When watching, the reader lists the input again every interval once its splits are done
 * and adds new ones; finished files stay in its position entries so a restore does not read
 * them again (the state grows with the number of files).
 *
 * <p>Each line goes through the parse function (the identity for plain text). With dead
 * letters, a line that is not valid UTF-8 or that the parse function rejects (throws, or
 * returns {@code null}) is sent to {@link DeadLetter#TAG} in the same {@link #read} call that
 * moves the split past it, so a checkpoint covers a bad line exactly like a good one (the
 * {@code linesRead} entry counts both); without, such a line fails the job naming the file
 * and the line (invalid UTF-8 is then decoded with replacement characters, as always).
 *
 * @param <T> what a line parses to
 */
public final class FileSourceReader<T> implements SourceReader<T, FileSplitPosition> {
  /** Lines emitted per {@link #read} call at most, so barriers are not delayed. */
  static final int BATCH = 256;

  private final InputFiles input;
  private final long splitBytes;
  private final long watchMillis;
  private final boolean deadLetters;
  private final MapFn<String, T> parse;
  private final SourceContext context;
  /** Keys of the splits this reader owns, so a re-listing adds only new ones. */
  private final Set<String> known = new HashSet<>();
  private Map<String, FileSplitPosition> restored = Map.of();
  private long nextListMillis;
  private final List<FileSplit> splits = new ArrayList<>();
  private int current;

  /**
   * @param splitBytes plain files larger than this are read as several byte ranges of this size
   * @param watchMillis 0 for a bounded read; else how often to list the input again for new files
   * @param deadLetters send bad lines to {@link DeadLetter#TAG} instead of failing
   * @param parse turns a line into a record
   */
  public FileSourceReader(InputFiles input, long splitBytes, long watchMillis, boolean deadLetters,
      MapFn<String, T> parse, SourceContext context) {
    this.input = input;
    this.splitBytes = splitBytes;
    this.watchMillis = watchMillis;
    this.deadLetters = deadLetters;
    this.parse = parse;
    this.context = context;
  }

  @Override
  public Coder<FileSplitPosition> positionCoder() {
    return FileSplitPositionCoder.INSTANCE;
  }

  @Override
  public void open(List<FileSplitPosition> restoredPositions) {
    restored = new HashMap<>();
    for (FileSplitPosition p : restoredPositions) {
      restored.put(p.split(), p);
    }
    addOwned(input.list());
    nextListMillis = System.currentTimeMillis() + watchMillis;
  }

  /**
   * Adds the splits of {@code files} this reader owns and does not know yet. Bounded: split
   * {@code i} of the sorted list belongs to subtask {@code i % parallelism}. Watching: by the
   * hash of the split's key, which new files cannot shift.
   */
  private void addOwned(List<Path> files) {
    List<FileSplit> all = allSplits(files);
    for (int i = 0; i < all.size(); i++) {
      FileSplit s = all.get(i);
      int owner = watchMillis > 0 ? Math.floorMod(s.key().hashCode(), context.parallelism())
          : i % context.parallelism();
      if (owner != context.subtaskIndex() || !known.add(s.key())) {
        continue;
      }
      FileSplitPosition at = restored.get(s.key());
      if (at != null) {
        s.restore(at.nextByteOffset(), at.linesRead(), at.done());
      }
      splits.add(s);
    }
  }

  /**
   * Every split of the input, in the same order in every subtask: files in sorted order, a plain
   * file larger than the split size as ranges {@code [k * size, (k + 1) * size)}, keyed
   * {@code file@start} (a whole file is keyed by the file alone).
   */
  private List<FileSplit> allSplits(List<Path> files) {
    List<FileSplit> all = new ArrayList<>();
    for (Path f : files) {
      String key = input.key(f);
      long size = FileSplit.isGzip(f) ? 0 : sizeOf(f);
      if (size <= splitBytes) {
        all.add(new FileSplit(f, key, 0, Long.MAX_VALUE, deadLetters));
        continue;
      }
      for (long start = 0; start < size; start += splitBytes) {
        all.add(new FileSplit(f, key + "@" + start, start, Math.min(size, start + splitBytes),
            deadLetters));
      }
    }
    return all;
  }

  private static long sizeOf(Path f) {
    try {
      return java.nio.file.Files.size(f);
    } catch (IOException e) {
      throw new WeirException("file source: cannot read the size of '" + f.toAbsolutePath() + "': "
          + describe(e) + "; check that the file exists and is readable", e);
    }
  }

  @Override
  public ReadStatus read(SourceOutput<T> output) {
    int n = 0;
    while (n < BATCH && current < splits.size()) {
      FileSplit s = splits.get(current);
      String line;
      try {
        line = s.next();
      } catch (FileSplit.BadLine bad) {
        // Only strict splits (dead letters on) report bad lines.
        output.deadLetter(new DeadLetter(context.stepName(), bad.origin, bad.reason, bad.payload, Long.MIN_VALUE));
        n++;
        continue;
      }
      if (line == null) {
        current++;
        continue;
      }
      T value = parse(s, line, output);
      if (value != null) {
        output.emit(value);
      }
      n++;
    }
    if (current < splits.size()) {
      return ReadStatus.MORE_AVAILABLE;
    }
    if (watchMillis == 0) {
      return ReadStatus.END_OF_INPUT;
    }
    long now = System.currentTimeMillis();
    if (now >= nextListMillis) {
      nextListMillis = now + watchMillis;
      addOwned(input.list());
    }
    return current < splits.size() || n > 0 ? ReadStatus.MORE_AVAILABLE : ReadStatus.NOTHING_AVAILABLE;
  }

  /**
   * The parsed line, or {@code null} when the parse function rejected it and it went to the
   * dead letters; without dead letters a rejected line fails the job naming the file and line.
   */
  private T parse(FileSplit s, String line, SourceOutput<T> output) {
    String reason;
    Throwable cause = null;
    try {
      T value = parse.apply(line);
      if (value != null) {
        return value;
      }
      reason = "the parse function returned null";
    } catch (RuntimeException e) {
      reason = "the parse function threw " + e;
      cause = e;
    }
    if (!deadLetters) {
      throw new WeirException("file source: cannot parse " + s.lastLineOrigin() + ": " + reason
          + "; fix the line or the parse function, or call withDeadLetters() on the source to send "
          + "such lines to DeadLetter.TAG", cause, context.stepName(), context.subtaskIndex());
    }
    output.deadLetter(new DeadLetter(context.stepName(), s.lastLineOrigin(), reason,
        line.getBytes(StandardCharsets.UTF_8), Long.MIN_VALUE));
    return null;
  }

  @Override
  public List<FileSplitPosition> snapshotPositions(long checkpointId) {
    List<FileSplitPosition> out = new ArrayList<>(splits.size());
    for (FileSplit s : splits) {
      out.add(new FileSplitPosition(s.key(), s.offset(), s.lines(), s.done()));
    }
    return out;
  }

  @Override
  public void close() {
    WeirException first = null;
    for (FileSplit s : splits) {
      try {
        s.close();
      } catch (WeirException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** For messages and tests: the files this reader owns. */
  public List<String> ownedKeys() {
    return splits.stream().map(FileSplit::key).toList();
  }

  static String describe(IOException e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
