package dev.weir.io.kafka;

import dev.weir.sdk.io.ModuloSplits;
import dev.weir.sdk.io.ReadStatus;
import dev.weir.sdk.io.Source;
import dev.weir.sdk.io.SourceContext;
import dev.weir.sdk.io.SourceOutput;
import dev.weir.sdk.io.SourceReader;
import dev.weir.sdk.types.Coder;
import dev.weir.sdk.types.Types;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * A bounded checkpointable source of generated strings that emits a few records per read and
 * pauses in between, so that a short job spans many checkpoints and crashes land between
 * committed checkpoints (pacing only; no test waits on it).
 */
record PacedSource(long size, int perRead, long pauseNanos, LongFunction<String> valueAt)
    implements Source<String> {

  @Override
  public Coder<String> coder() {
    return Types.STRING;
  }

  @Override
  public boolean isBounded() {
    return true;
  }

  @Override
  public SourceReader<String, List<Long>> createReader(SourceContext context) {
    return new SourceReader<>() {
      private final ModuloSplits splits = new ModuloSplits();

      @Override
      public Coder<List<Long>> positionCoder() {
        return ModuloSplits.POSITION_CODER;
      }

      @Override
      public void open(List<List<Long>> restored) {
        splits.open(context, restored);
      }

      @Override
      public ReadStatus read(SourceOutput<String> out) {
        LockSupport.parkNanos(pauseNanos);
        int emitted = 0;
        for (ModuloSplits.Split s : splits.all()) {
          while (s.nextIndex() < size && emitted < perRead) {
            out.emit(valueAt.apply(s.nextIndex()));
            s.advance();
            emitted++;
          }
        }
        return emitted == 0 ? ReadStatus.END_OF_INPUT : ReadStatus.MORE_AVAILABLE;
      }

      @Override
      public List<List<Long>> snapshotPositions(long checkpointId) {
        return splits.positions();
      }

      @Override
      public void close() {
      }
    };
  }
}
