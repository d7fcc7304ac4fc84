package dev.weir.testsupport;

import dev.weir.sdk.io.ReadStatus;
import dev.weir.sdk.io.Source;
import dev.weir.sdk.io.SourceContext;
import dev.weir.sdk.io.SourceOutput;
import dev.weir.sdk.io.SourceReader;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.Types;
import java.util.List;

/** A tiny bounded source for sdk tests (the test kit lives in runner-local). */
public final class ListSource<T> implements Source<T> {
  private final Coder<T> coder;
  private final List<T> values;

  private ListSource(Coder<T> coder, List<T> values) {
    this.coder = coder;
    this.values = values;
  }

  @SafeVarargs
  public static <T> ListSource<T> of(Coder<T> coder, T... values) {
    return new ListSource<>(coder, List.of(values));
  }

  @Override
  public Coder<T> coder() {
    return coder;
  }

  @Override
  public boolean isBounded() {
    return true;
  }

  @Override
  public SourceReader<T, Long> createReader(SourceContext context) {
    return new SourceReader<>() {
      private long next = context.subtaskIndex();

      @Override
      public Coder<Long> positionCoder() {
        return Types.LONG;
      }

      @Override
      public void open(List<Long> restored) {
      }

      @Override
      public ReadStatus read(SourceOutput<T> output) {
        if (next >= values.size()) {
          return ReadStatus.END_OF_INPUT;
        }
        output.emit(values.get((int) next));
        next += context.parallelism();
        return ReadStatus.MORE_AVAILABLE;
      }

      @Override
      public List<Long> snapshotPositions(long checkpointId) {
        return List.of(next);
      }

      @Override
      public void close() {
      }
    };
  }
}
