/**
 * Byte-level writers of the runtime's snapshot blobs (Avro object container files written in
 * place).
 *
 * <p><b>Tier: runtime (internal)</b>, no compatibility promise. The built-in coders are API:
 * {@link dev.weir.sdk.types.coders}.
 */
package dev.weir.runtime.serde;
