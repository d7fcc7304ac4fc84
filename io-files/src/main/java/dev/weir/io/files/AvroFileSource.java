package dev.weir.io.files;

import dev.weir.io.files.internal.AvroFileReader;
import dev.weir.io.files.internal.InputFiles;
import dev.weir.sdk.io.DeadLetter;
import dev.weir.sdk.io.Source;
import dev.weir.sdk.io.SourceContext;
import dev.weir.sdk.io.SourceReader;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.Types;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * A bounded, checkpointable source of the records of Avro object container files: a file, every
 * non-hidden file under a directory, or the files a glob matches (as {@link FileSource}).
 *
 * <pre>{@code
 * p.read("events", AvroFileSource.generic(Path.of("events"), Event.SCHEMA))
 *  .map("type", r -> r.get("type").toString());
 * }</pre>
 *
 * <p>Records are read with {@code readerSchema} (Avro schema resolution applies). Files are
 * sorted by path; file {@code i} is read by subtask {@code i % parallelism}.
 *
 * <h2>Checkpointing</h2>
 * Per file, the position of the block of the next record and the records of that block already
 * emitted; a restore seeks to the block and skips them, so it resumes exactly.
 *
 * <h2>Errors and dead letters</h2>
 * A missing input, or a file that is not an Avro container file (or whose schema cannot be
 * resolved against the reader schema), fails the job with a {@link dev.weir.sdk.WeirException}
 * naming the file. So does, by default, a corrupt or truncated block, naming the file and the
 * block's byte position. With {@link #withDeadLetters} such a block goes to the side output
 * {@link DeadLetter#TAG} instead and reading goes on at the block after the next sync marker:
 * the dead letter's origin is {@code <file> block at byte <position>}, its reason says what was
 * wrong, its payload is the raw bytes from the bad block up to the next sync marker (at most
 * 8 MiB). A block is either read whole or dead-lettered whole (its records are all decoded
 * before the first is emitted), and each bad block is sent exactly once, also across restores.
 */
public final class AvroFileSource implements Source<GenericRecord> {
  private final InputFiles input;
  private final Schema readerSchema;
  private final boolean deadLetters;

  private AvroFileSource(InputFiles input, Schema readerSchema, boolean deadLetters) {
    this.input = input;
    this.readerSchema = readerSchema;
    this.deadLetters = deadLetters;
  }

  /** The records of a file or of every non-hidden file under a directory, as {@code readerSchema}. */
  public static AvroFileSource generic(Path fileOrDir, Schema readerSchema) {
    return new AvroFileSource(InputFiles.of(Objects.requireNonNull(fileOrDir, "fileOrDir")),
        Objects.requireNonNull(readerSchema, "readerSchema"), false);
  }

  /** The records of the files a glob matches, as {@code readerSchema}. */
  public static AvroFileSource generic(String glob, Schema readerSchema) {
    return new AvroFileSource(InputFiles.glob(Objects.requireNonNull(glob, "glob")),
        Objects.requireNonNull(readerSchema, "readerSchema"), false);
  }

  /**
   * A copy that sends corrupt or truncated blocks to the side output {@link DeadLetter#TAG}
   * instead of failing the job. The pipeline must read {@code stream.sideOutput(DeadLetter.TAG)},
   * or it fails validation. A file that is not an Avro container file at all, or whose schema
   * is incompatible with the reader schema, still fails the job.
   */
  public AvroFileSource withDeadLetters() {
    return new AvroFileSource(input, readerSchema, true);
  }

  @Override
  public Coder<GenericRecord> coder() {
    return Types.generic(readerSchema);
  }

  @Override
  public boolean isBounded() {
    return true;
  }

  @Override
  public boolean emitsDeadLetters() {
    return deadLetters;
  }

  @Override
  public SourceReader<GenericRecord, ?> createReader(SourceContext context) {
    return new AvroFileReader(input, readerSchema, deadLetters, Objects.requireNonNull(context, "context"));
  }

  @Override
  public String toString() {
    return "AvroFileSource.generic(" + input.spec() + ")" + (deadLetters ? ".withDeadLetters()" : "");
  }
}
