/**
 * <b>Tier: SPI</b> — what authors of checkpoint stores, sources, sinks, runners and test kits
 * use beyond the API's interfaces: the checkpoint manifest codec
 * ({@link dev.weir.sdk.spi.CheckpointManifestFormat}), the fault-injection hook of the runtime
 * ({@link dev.weir.sdk.spi.FaultInjector}) and a manual clock for timed tests. (Streams that
 * verify a blob, {@link dev.weir.sdk.checkpoint.VerifyingInputStream}, are in the API beside
 * the handles they check: the API's own in-memory store uses them, and the API must not
 * depend on the SPI.)
 *
 * <p>Evolving: it may change between minor releases, with notes. The SPI depends on the API
 * only; the runtime depends on both; the API depends on neither (an ArchUnit rule in the
 * build checks it).
 */
package dev.weir.sdk.spi;
