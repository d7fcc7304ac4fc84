package dev.weir.store.chronicle;

import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.CheckpointStoreContractTest;
import dev.weir.sdk.checkpoint.StateHandle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** The contract suite on real queue files. */
class ChronicleQueueCheckpointStoreTest extends CheckpointStoreContractTest {

  @Override
  protected CheckpointStore createStore(Path dir) throws IOException {
    return ChronicleQueueCheckpointStore.open(dir);
  }

  @Override
  protected Optional<CheckpointStore> corruptStoredBlob(CheckpointStore current, Path dir,
      StateHandle handle, byte[] content) throws IOException {
    current.close();
    int middle = content.length / 2;
    QueueFiles.flipByteOf(dir, Arrays.copyOfRange(content, middle, middle + 32));
    return Optional.of(createStore(dir));
  }
}
