package dev.weir.io.files;

import dev.weir.io.files.internal.FileSourceReader;
import dev.weir.io.files.internal.InputFiles;
import dev.weir.sdk.ConfigException;
import dev.weir.sdk.fn.MapFn;
import dev.weir.sdk.io.DeadLetter;
import dev.weir.sdk.io.Source;
import dev.weir.sdk.io.SourceContext;
import dev.weir.sdk.io.SourceReader;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.Types;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A checkpointable source — bounded, or unbounded with {@link #watch} — of the text lines of a file, of every file in a directory,
 * or of the files a glob matches.
 *
 * <pre>{@code
 * p.read("lines", FileSource.text(Path.of("input")))          // a file or a directory
 *  .flatMap("split", line -> List.of(line.split(" ")));
 * p.read("logs", FileSource.text("logs/2024-*}{@code /*.log.gz"));    // a glob
 * }</pre>
 *
 * <p>Lines are UTF-8 and end at {@code \n} (a {@code \r} before it is dropped). Files whose
 * name ends with {@code .gz} are decompressed transparently. A directory is read recursively;
 * names starting with {@code .} or {@code _} are skipped (so a {@link FileSink}'s in-progress
 * files are never read). In a glob, the part before the first wildcard names the directory and
 * the rest is matched against paths relative to it ({@code **} crosses directories). Binary
 * files under a directory or matched by a glob (a NUL byte in their first 8 KiB, decompressed
 * for {@code .gz}) are skipped with a warning that names each once; a file named directly is
 * always read. {@link #files()} lists what a job would read.
 *
 * <h2>Parallelism</h2>
 * The files are sorted by path; a plain file larger than the {@linkplain #withSplitSize split
 * size} (default 64 MiB) is cut into byte ranges, each owning the lines that start in it; gzip
 * files are one split each. Split {@code i} of that list is read by subtask
 * {@code i % parallelism}, in order.
 *
 * <h2>Checkpointing</h2>
 * For each split the checkpoint records the byte offset of the next line and the number of
 * lines read (emitted, or sent to the dead letters). A restored job resumes exactly after the last line covered by the checkpoint:
 * a plain file by seeking to the offset, a gzip file by reading it again from the start and
 * skipping that many lines. Positions are keyed by the file's path relative to the input, so a
 * restore may use another parallelism; files that appeared since the checkpoint are read from
 * their start. Input files must not change while a job reads them (a file shorter than its
 * checkpointed offset is an error). With {@link #watch} the source is unbounded and keeps
 * reading files that appear.
 *
 * <h2>Errors and dead letters</h2>
 * A missing input, an unreadable file or a corrupt gzip file fails the job with a
 * {@link dev.weir.sdk.WeirException} whose message names the file and what to do. Bad
 * <em>lines</em> are handled per line: by default a line that is not valid UTF-8 is decoded
 * with replacement characters ({@code U+FFFD}) and a line the {@linkplain #parsed parse
 * function} rejects fails the job, naming the file and the line. With {@link #withDeadLetters}
 * both go to the side output {@link DeadLetter#TAG} instead, which the pipeline must read:
 *
 * <pre>{@code
 * PStream<Order> orders = p.read("orders",
 *     FileSource.text(Path.of("orders")).withDeadLetters().parsed(Order::parse, Order.CODER));
 * orders.sideOutput(DeadLetter.TAG).write("bad", FileSink.of(Path.of("bad"), DeadLetter::describe));
 * }</pre>
 *
 * <p>A dead letter's origin names the file, the line number (for a byte range of a split file,
 * which does not know its line numbers, only the byte offset) and the byte offset of the line,
 * e.g. {@code /data/orders/a.txt line 7 (byte 120)}; its payload is the line's raw bytes. A bad
 * line counts as read in the checkpoint, so each one is sent exactly once, also across restores.
 */
public final class FileSource implements Source<String> {
  /** Default split size: plain files larger than 64 MiB are read as several byte ranges. */
  public static final long DEFAULT_SPLIT_BYTES = 64L << 20;

  private final InputFiles input;
  private final long splitBytes;
  private final long watchMillis;
  private final boolean deadLetters;

  private FileSource(InputFiles input, long splitBytes, long watchMillis, boolean deadLetters) {
    this.input = input;
    this.splitBytes = splitBytes;
    this.watchMillis = watchMillis;
    this.deadLetters = deadLetters;
  }

  /**
   * The lines of a file, or of every non-hidden file under a directory.
   *
   * @param fileOrDir the input; checked when the job starts, not here
   */
  public static FileSource text(Path fileOrDir) {
    return new FileSource(InputFiles.of(Objects.requireNonNull(fileOrDir, "fileOrDir"))
        .skippingBinaryFiles(), DEFAULT_SPLIT_BYTES, 0, false);
  }

  /**
   * The lines of the files a glob matches, e.g. {@code "data/*.txt"} or
   * {@code "data/**}{@code /*.gz"}; a string without wildcards is a file or directory.
   */
  public static FileSource text(String glob) {
    return new FileSource(InputFiles.glob(Objects.requireNonNull(glob, "glob"))
        .skippingBinaryFiles(), DEFAULT_SPLIT_BYTES, 0, false);
  }

  /**
   * A copy that reads plain (not gzip) files larger than {@code bytes} as several splits of
   * {@code bytes} bytes each, so subtasks share a large file. Keep it the same across runs that
   * restore each other's checkpoints: positions are recorded per split.
   */
  public FileSource withSplitSize(long bytes) {
    if (bytes <= 0) {
      throw new ConfigException("splitSize", bytes, "the file source split size must be positive");
    }
    return new FileSource(input, bytes, watchMillis, deadLetters);
  }

  /**
   * A copy that never ends: after reading what it found it lists the input again every
   * {@code interval} and reads files that appeared. Files must be complete when they appear
   * (write them under a hidden name such as {@code .name} and rename them into place), and are
   * assigned to subtasks by the hash of their path. The checkpoint keeps an entry for every file
   * read, so the state grows with the number of files.
   */
  public FileSource watch(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new ConfigException("watch", interval, "the file source watch interval must be positive");
    }
    return new FileSource(input, splitBytes, Math.max(1, interval.toMillis()), deadLetters);
  }

  /**
   * A copy that sends lines it cannot read to the side output {@link DeadLetter#TAG} instead of
   * failing or guessing: a line that is not valid UTF-8 (decoded strictly), and a line the
   * {@linkplain #parsed parse function} throws on or returns {@code null} for. The pipeline must
   * read {@code stream.sideOutput(DeadLetter.TAG)}, or it fails validation.
   */
  public FileSource withDeadLetters() {
    return new FileSource(input, splitBytes, watchMillis, true);
  }

  /**
   * A source of the records {@code parse} makes of the lines, with everything configured on
   * this source (call it last). When {@code parse} throws or returns {@code null} for a line, the
   * job fails with a message naming the file and the line, or, {@linkplain #withDeadLetters with
   * dead letters}, the line goes to {@link DeadLetter#TAG}.
   *
   * @param parse turns one line into a record; must be deterministic (a restore parses again)
   * @param coder the coder of the records
   */
  public <T> Parsed<T> parsed(MapFn<String, T> parse, Coder<T> coder) {
    return new Parsed<>(this, Objects.requireNonNull(parse, "parse"), Objects.requireNonNull(coder, "coder"));
  }

  /**
   * The files a job started now would read, in split order: the input file itself, or the
   * non-hidden, non-binary files under the directory or matched by the glob (possibly none).
   *
   * @throws dev.weir.sdk.WeirException if the input does not exist or cannot be listed; the
   *     message names the path
   */
  public List<Path> files() {
    return input.list();
  }

  /** What this source reads, as given. */
  public String input() {
    return input.spec();
  }

  @Override
  public Coder<String> coder() {
    return Types.STRING;
  }

  @Override
  public boolean isBounded() {
    return watchMillis == 0;
  }

  @Override
  public boolean emitsDeadLetters() {
    return deadLetters;
  }

  @Override
  public SourceReader<String, ?> createReader(SourceContext context) {
    return new FileSourceReader<String>(input, splitBytes, watchMillis, deadLetters, line -> line,
        Objects.requireNonNull(context, "context"));
  }

  @Override
  public String toString() {
    return "FileSource.text(" + input.spec() + ")" + (deadLetters ? ".withDeadLetters()" : "");
  }

  /**
   * A {@link FileSource} whose lines are parsed into records, made by {@link FileSource#parsed}:
   * same files, splits, watching, checkpoints and dead-letter option as the text source it was
   * made from.
   *
   * @param <T> the record type
   */
  public static final class Parsed<T> implements Source<T> {
    private final FileSource text;
    private final MapFn<String, T> parse;
    private final Coder<T> coder;

    private Parsed(FileSource text, MapFn<String, T> parse, Coder<T> coder) {
      this.text = text;
      this.parse = parse;
      this.coder = coder;
    }

    @Override
    public Coder<T> coder() {
      return coder;
    }

    @Override
    public boolean isBounded() {
      return text.isBounded();
    }

    @Override
    public boolean emitsDeadLetters() {
      return text.deadLetters;
    }

    @Override
    public SourceReader<T, ?> createReader(SourceContext context) {
      return new FileSourceReader<>(text.input, text.splitBytes, text.watchMillis, text.deadLetters, parse,
          Objects.requireNonNull(context, "context"));
    }

    @Override
    public String toString() {
      return text + ".parsed(...)";
    }
  }
}
