package dev.weir.testing;

import dev.weir.sdk.io.ModuloSplits;
import dev.weir.sdk.io.SourceContext;
import dev.weir.sdk.io.SourceReader;
import dev.weir.sdk.types.Coder;
import java.util.List;

/**
 * What the test kit's readers of an indexed sequence share: they own splits through
 * {@link ModuloSplits} and checkpoint its positions; subclasses only read.
 */
abstract class ModuloSplitReader<T> implements SourceReader<T, List<Long>> {
  private final SourceContext context;
  /** The splits this reader owns, open once {@link #open} ran. */
  final ModuloSplits splits = new ModuloSplits();

  ModuloSplitReader(SourceContext context) {
    this.context = context;
  }

  @Override
  public final Coder<List<Long>> positionCoder() {
    return ModuloSplits.POSITION_CODER;
  }

  @Override
  public final void open(List<List<Long>> restored) {
    splits.open(context, restored);
  }

  @Override
  public final List<List<Long>> snapshotPositions(long checkpointId) {
    return splits.positions();
  }

  @Override
  public void close() {
  }
}
