/**
 * Helpers shared by the checkpoint store implementations.
 *
 * <p><b>Tier: internal</b> — never use directly; no compatibility promise. Users reach the
 * stores through {@link dev.weir.sdk.checkpoint.CheckpointStores} and the io modules.
 */
package dev.weir.runtime.store;
