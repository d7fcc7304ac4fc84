package dev.weir.sdk.checkpoint;

import dev.weir.sdk.checkpoint.InMemoryCheckpointStore;

import dev.weir.sdk.checkpoint.CheckpointStore;
import dev.weir.sdk.checkpoint.CheckpointStoreContractTest;
import dev.weir.sdk.checkpoint.CheckpointStores;
import dev.weir.sdk.checkpoint.StateHandle;
import java.nio.file.Path;
import java.util.Optional;

class InMemoryCheckpointStoreTest extends CheckpointStoreContractTest {

  @Override
  protected CheckpointStore createStore(Path dir) {
    return CheckpointStores.inMemory();
  }

  @Override
  protected boolean isDurable() {
    return false;
  }

  @Override
  protected boolean freesDiscardedBlobsAtOnce() {
    return true;
  }

  @Override
  protected Optional<CheckpointStore> corruptStoredBlob(CheckpointStore current, Path dir,
      StateHandle handle, byte[] content) {
    ((InMemoryCheckpointStore) current).corrupt(handle);
    return Optional.of(current);
  }
}
