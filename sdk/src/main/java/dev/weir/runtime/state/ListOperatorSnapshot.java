package dev.weir.runtime.state;

import dev.weir.runtime.snapshot.OperatorSnapshot;
import dev.weir.runtime.snapshot.RestoredState;
import dev.weir.runtime.snapshot.SnapshotStorage;
import dev.weir.runtime.snapshot.StepSnapshotPart;
import dev.weir.sdk.checkpoint.BlobWriter;
import dev.weir.sdk.checkpoint.OperatorStateHandle;
import dev.weir.sdk.checkpoint.StateHandle;
import dev.weir.sdk.types.Coder;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Operator state that is a list of entries (source positions, sink committables, a
 * function's state): written as one Avro container blob per subtask and kind
 * ({@link ListStateFormat}). It implements the snapshot model of {@code runtime.snapshot}, as
 * {@link KeyedSnapshotter} does for keyed state.
 */
public final class ListOperatorSnapshot {
  /** Kind of source positions. */
  public static final String SOURCE_POSITIONS = "source-position";
  /** Kind of sink committables. */
  public static final String SINK_COMMITTABLES = "sink-commit";
  /** Kind of a function's operator state. */
  public static final String OPERATOR_STATE = "operator";

  private ListOperatorSnapshot() {
  }

  /** Writes one blob of {@code entries} and returns the handle describing it. */
  public static <T> OperatorStateHandle write(SnapshotStorage storage, String kind, int subtask,
      Coder<T> coder, List<T> entries) throws IOException {
    try (BlobWriter blob = storage.openBlob()) {
      ListStateFormat.write(blob, coder, entries);
      StateHandle handle = blob.finish();
      return new OperatorStateHandle(kind, subtask, coder.schema().toString(), handle);
    }
  }

  /** A snapshot part holding one list blob. */
  public static <T> OperatorSnapshot of(String step, String kind, int subtask, Coder<T> coder,
      List<T> entries) {
    List<T> copy = new ArrayList<>(entries);
    return storage -> {
      OperatorStateHandle h = write(storage, kind, subtask, coder, copy);
      return new StepSnapshotPart(step, null, List.of(h), Map.of(kind, h.schema()), h.handle().length(), 0);
    };
  }

  /** Reads and concatenates the entries of blobs, in the given order. */
  public static <T> List<T> readAll(RestoredState restored, List<OperatorStateHandle> handles,
      Coder<T> coder) throws IOException {
    List<T> out = new ArrayList<>();
    for (OperatorStateHandle h : handles) {
      try (InputStream in = restored.open(h.handle())) {
        out.addAll(ListStateFormat.read(in, coder));
      }
    }
    return out;
  }
}
