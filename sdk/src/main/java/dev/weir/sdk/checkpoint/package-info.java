/**
 * Checkpoint storage SPI: the contract between the checkpoint protocol and the places where
 * checkpoint data is kept.
 *
 * <p><b>Tier: SPI</b> — for authors of checkpoint stores and runners. It evolves between
 * releases; user pipelines never need it. A store writes state blobs
 * ({@link dev.weir.sdk.checkpoint.CheckpointStore#openBlob(String, long)}), returns a
 * {@link dev.weir.sdk.checkpoint.StateHandle} for each, and commits a checkpoint by writing its
 * {@link dev.weir.sdk.checkpoint.CheckpointManifest} last. Store implementations: the in-memory
 * store ({@link dev.weir.sdk.checkpoint.CheckpointStores#inMemory()}), the Chronicle Queue store
 * ({@code weir-io-files}) and the Kafka store ({@code weir-io-kafka}); all of them pass the
 * {@code CheckpointStoreContractTest} shipped in the sdk test-jar.
 */
package dev.weir.sdk.checkpoint;
