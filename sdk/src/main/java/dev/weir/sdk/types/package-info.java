/**
 * Coders and the types they encode: {@link dev.weir.sdk.types.Coder}, the {@link
 * dev.weir.sdk.types.Types} factories, {@link dev.weir.sdk.types.KV} and {@link
 * dev.weir.sdk.types.CoderException}.
 *
 * <p><b>API tier.</b> Everything in this package is public API with a compatibility promise:
 * signatures change only across major versions, and the encodings produced by the coders in
 * {@link dev.weir.sdk.types.Types} (bytes, schemas and {@code hashOfEncoding} values) never
 * change, because checkpoints and key-group assignments depend on them.
 */
package dev.weir.sdk.types;
