package dev.weir.sdk.types;

import java.util.Optional;
import org.apache.avro.Schema;

/**
 * A coder whose values were once written with a schema that Avro's schema resolution cannot
 * read as the coder's current {@link #schema()}, for example a tuple of longs that became a
 * record with named fields. Such a coder knows its former schemas and reads them into today's
 * type.
 *
 * <pre>{@code
 * public Optional<Coder<Position>> formerCoder(Schema writerSchema) {
 *   return SchemaNormalization.parsingFingerprint64(writerSchema) == V1_FINGERPRINT
 *       ? Optional.of(V1_READER) : Optional.empty();
 * }
 * }</pre>
 *
 * <h2>Where it applies</h2>
 * Weir asks for a former coder where it reads operator-state entries from a checkpoint: source
 * positions, sink committables and the state of an {@code OperatorStateFn}. The writer schema
 * is the one stored in the blob (and repeated in {@code OperatorStateHandle.schema()}). When
 * {@link #formerCoder} is empty, the blob is read through Avro's schema resolution as with any
 * coder. Keyed state does not consult it.
 *
 * @param <T> the type of values this coder handles
 */
public interface MigratingCoder<T> extends Coder<T> {

  /**
   * A coder that decodes values written with {@code writerSchema} into {@code T}, when that is
   * a former schema of this coder; empty otherwise (also for the current schema). The returned
   * coder's {@link #schema()} must match {@code writerSchema} so that it reads the bytes as
   * written.
   */
  Optional<Coder<T>> formerCoder(Schema writerSchema);
}
