/**
 * The Avro-backed implementations behind {@link dev.weir.sdk.types.Types}.
 *
 * <p><b>Internal, no compatibility promise.</b> Classes here may change or disappear in any
 * release; use them only through {@link dev.weir.sdk.types.Types} and {@link
 * dev.weir.sdk.types.Coder}. The encodings they produce are covered by the API promise of
 * {@code dev.weir.sdk.types}; the classes themselves are not.
 */
package dev.weir.runtime.serde;
