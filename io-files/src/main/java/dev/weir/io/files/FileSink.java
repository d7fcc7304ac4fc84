package dev.weir.io.files;

import dev.weir.io.files.internal.FileSinkConfig;
import dev.weir.io.files.internal.FileSinkWriter;
import dev.weir.io.files.internal.PartFormat;
import dev.weir.sdk.ConfigException;
import dev.weir.sdk.fn.MapFn;
import dev.weir.sdk.io.Sink;
import dev.weir.sdk.io.SinkContext;
import dev.weir.sdk.io.SinkWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * An exactly-once sink of text lines, or of Avro records ({@link #avro}), into part files of a
 * directory.
 *
 * <pre>{@code
 * counts.map("format", kv -> kv.key() + "\t" + kv.value())
 *       .write("out", FileSink.text(Path.of("out")).withRollSize(64 << 20));
 * stream.write("json", FileSink.of(Path.of("json"), Event::toJson));
 * }</pre>
 *
 * <p>Each subtask writes hidden in-progress files ({@code .part-<subtask>-<attempt>-<token>-<seq>.inprogress}),
 * which readers — including {@link FileSource} — ignore. On a checkpoint barrier the current
 * file is flushed and forced to disk; when that checkpoint completes it is renamed atomically
 * to {@code part-<subtask>-<checkpoint>-<n>.txt}. So a finished file is never partial and never
 * holds a record twice, and a finished bounded job (which takes a final checkpoint at the end
 * of its input) leaves only finished files. Without checkpointing, everything is committed
 * once at the end of the input as {@code part-<subtask>-end-<n>.txt}.
 *
 * <h2>Checkpointing</h2>
 * The checkpoint stores the names of prepared files. After a failure the restored job renames
 * the prepared files of the restored checkpoint again (a rename already done is skipped), and
 * deletes in-progress files of failed attempts once its first checkpoint completes. A prepared
 * file that a completed checkpoint references is never deleted. Rescaling is supported.
 *
 * <h2>Rules</h2>
 * Give each sink its own directory, and start a new job (not a restore) on an empty
 * directory: a finished name that already exists is an error rather than an overwrite.
 * Files roll when they reach {@link #withRollSize the roll size} or, checked when a record
 * arrives, {@link #withRollInterval the roll interval}; every checkpoint also closes the
 * current file, so a short interval gives many small files.
 *
 * @param <T> the record type
 */
public final class FileSink<T> implements Sink<T> {
  /** Default roll size: 128 MiB. */
  public static final long DEFAULT_ROLL_BYTES = 128L << 20;

  private final FileSinkConfig<T> config;

  private FileSink(FileSinkConfig<T> config) {
    this.config = config;
  }

  /** Writes each string as one line. */
  public static FileSink<String> text(Path directory) {
    return of(directory, s -> s);
  }

  /** Writes each record as the line {@code formatter} makes of it (without a line end). */
  public static <T> FileSink<T> of(Path directory, MapFn<T, String> formatter) {
    return new FileSink<>(new FileSinkConfig<>(Objects.requireNonNull(directory, "directory"),
        PartFormat.text(Objects.requireNonNull(formatter, "formatter")), DEFAULT_ROLL_BYTES,
        Long.MAX_VALUE, ".txt"));
  }

  /**
   * Writes records as Avro object container files with {@code schema}, named
   * {@code part-<subtask>-<checkpoint>-<n>.avro}. Bytes reach a file a block at a time, so the
   * roll size is checked at block boundaries.
   */
  public static FileSink<GenericRecord> avro(Path directory, Schema schema) {
    return new FileSink<>(new FileSinkConfig<>(Objects.requireNonNull(directory, "directory"),
        PartFormat.avro(Objects.requireNonNull(schema, "schema")), DEFAULT_ROLL_BYTES,
        Long.MAX_VALUE, ".avro"));
  }

  /** A copy that rolls to a new part file once the current one holds {@code bytes} bytes. */
  public FileSink<T> withRollSize(long bytes) {
    if (bytes <= 0) {
      throw new ConfigException("rollSize", bytes, "the file sink roll size must be positive");
    }
    return new FileSink<>(new FileSinkConfig<>(config.directory(), config.format(), bytes,
        config.rollIntervalMillis(), config.suffix()));
  }

  /** A copy that rolls to a new part file when a record arrives and the current one is this old. */
  public FileSink<T> withRollInterval(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new ConfigException("rollInterval", interval, "the file sink roll interval must be positive");
    }
    return new FileSink<>(new FileSinkConfig<>(config.directory(), config.format(),
        config.rollBytes(), interval.toMillis(), config.suffix()));
  }

  /** A copy whose finished files end with {@code suffix} instead of {@code .txt}. */
  public FileSink<T> withSuffix(String suffix) {
    return new FileSink<>(new FileSinkConfig<>(config.directory(), config.format(),
        config.rollBytes(), config.rollIntervalMillis(), Objects.requireNonNull(suffix, "suffix")));
  }

  /** The output directory. */
  public Path directory() {
    return config.directory();
  }

  @Override
  public SinkWriter<T, ?> createWriter(SinkContext context) {
    return new FileSinkWriter<>(config, Objects.requireNonNull(context, "context"),
        System::currentTimeMillis);
  }

  @Override
  public String toString() {
    return "FileSink(" + config.directory() + ")";
  }
}
