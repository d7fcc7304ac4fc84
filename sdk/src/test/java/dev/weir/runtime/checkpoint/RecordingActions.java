package dev.weir.runtime.checkpoint;

import dev.weir.sdk.CheckpointFailureReason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * A fake runtime for coordinator tests: records every action as a readable line, e.g.
 * {@code "triggerSources 1 @1000"}, and can be told to fail the manifest write.
 */
final class RecordingActions implements CheckpointCoordinator.Actions<String> {

  private final List<String> events = new ArrayList<>();
  private final List<Long> persisted = new ArrayList<>();
  private IOException persistFailure;
  private RuntimeException triggerFailure;
  private LongConsumer onTrigger = id -> { };

  @Override
  public void triggerSources(long checkpointId, long timestamp) {
    events.add("triggerSources " + checkpointId + " @" + timestamp);
    if (triggerFailure != null) {
      throw triggerFailure;
    }
    onTrigger.accept(checkpointId);
  }

  @Override
  public void persistManifest(long checkpointId, long timestamp, Map<TaskId, String> acks)
      throws IOException {
    events.add("persistManifest " + checkpointId + " " + acks);
    if (persistFailure != null) {
      throw persistFailure;
    }
    persisted.add(checkpointId);
  }

  @Override
  public void notifyComplete(long checkpointId) {
    events.add("notifyComplete " + checkpointId);
  }

  @Override
  public void notifyAborted(long checkpointId, CheckpointFailureReason reason) {
    events.add("notifyAborted " + checkpointId + " " + reason);
  }

  @Override
  public void failJob(String message) {
    events.add("failJob " + message);
  }

  /** Makes every later manifest write fail with {@code failure} (null: succeed again). */
  void failPersistWith(IOException failure) {
    this.persistFailure = failure;
  }

  /** Makes every later barrier injection fail with {@code failure}. */
  void failTriggerWith(RuntimeException failure) {
    this.triggerFailure = failure;
  }

  /** Runs {@code hook} inside triggerSources, as a synchronous runtime would. */
  void onTrigger(LongConsumer hook) {
    this.onTrigger = hook;
  }

  /** Every action so far, oldest first. */
  List<String> events() {
    return List.copyOf(events);
  }

  /** The actions since the last call, and forgets them. */
  List<String> drain() {
    List<String> drained = List.copyOf(events);
    events.clear();
    return drained;
  }

  List<Long> persisted() {
    return List.copyOf(persisted);
  }
}
