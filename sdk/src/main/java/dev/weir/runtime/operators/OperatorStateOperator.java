package dev.weir.runtime.operators;

import dev.weir.runtime.snapshot.OperatorSnapshot;
import dev.weir.runtime.snapshot.RestoredState;
import dev.weir.runtime.state.ListOperatorSnapshot;
import dev.weir.runtime.task.OperatorContext;
import dev.weir.sdk.OutputTag;
import dev.weir.sdk.fn.OperatorStateFn;
import dev.weir.sdk.fn.ProcessFn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Runs an {@link OperatorStateFn}: one instance and one state object per subtask. */
public final class OperatorStateOperator extends AbstractOperator implements ProcessFn.Context<Object> {
  private final Supplier<? extends OperatorStateFn<?, ?, ?>> factory;
  private OperatorStateFn<Object, Object, Object> fn;
  private long timestamp;

  public OperatorStateOperator(Supplier<? extends OperatorStateFn<?, ?, ?>> factory) {
    this.factory = factory;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void open(OperatorContext ctx) {
    super.open(ctx);
    try {
      fn = (OperatorStateFn<Object, Object, Object>) factory.get();
      if (fn == null) {
        throw new NullPointerException("the OperatorStateFn factory returned null");
      }
      List<Object> mine = restoredStates(ctx.restored());
      fn.restore(mine.isEmpty() ? fn.initialState() : mine.size() == 1 ? mine.get(0) : fn.merge(mine));
    } catch (IOException | RuntimeException e) {
      throw userFailure(e);
    }
  }

  private List<Object> restoredStates(RestoredState restored) throws IOException {
    if (restored == null) {
      return List.of();
    }
    List<Object> all = ListOperatorSnapshot.readAll(restored,
        restored.operatorState(ListOperatorSnapshot.OPERATOR_STATE), fn.stateCoder());
    if (fn.redistribution() == OperatorStateFn.Redistribution.UNION) {
      return all;
    }
    List<Object> mine = new ArrayList<>();
    for (int j = context.subtask(); j < all.size(); j += context.parallelism()) {
      mine.add(all.get(j));
    }
    return mine;
  }

  @Override
  public void processRecord(Object value, long timestamp, Object key, int keyGroup) {
    this.timestamp = timestamp;
    try {
      fn.processElement(value, this);
    } catch (RuntimeException | Error e) {
      throw userFailure(e);
    }
  }

  @Override
  public OperatorSnapshot snapshotState(long checkpointId) {
    Object state;
    try {
      state = fn.snapshot();
    } catch (RuntimeException e) {
      throw userFailure(e);
    }
    return ListOperatorSnapshot.of(context.stepName(), ListOperatorSnapshot.OPERATOR_STATE,
        context.subtask(), fn.stateCoder(), List.of(state));
  }

  @Override
  public long timestamp() {
    return timestamp;
  }

  @Override
  public void output(Object value) {
    output.emit(value, timestamp);
  }

  @Override
  public <X> void output(OutputTag<X> tag, X value) {
    output.emitSide(tag, value, timestamp);
  }
}
