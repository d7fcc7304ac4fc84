/**
 * The Avro encoding of {@link dev.weir.sdk.checkpoint.CheckpointManifest}, shared by every
 * checkpoint store.
 *
 * <p><b>Tier: internal</b> — never use directly; no compatibility promise for the classes. The
 * encoded bytes do have one: files written by an older release stay readable (golden files under
 * {@code sdk/src/test/resources/checkpoint-format/} check it).
 */
package dev.weir.runtime.checkpoint.format;
