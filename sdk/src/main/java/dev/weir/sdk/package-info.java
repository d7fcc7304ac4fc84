/**
 * The user API of Weir (API tier, with a compatibility promise once 1.0 is out): pipelines,
 * typed streams, keyed streams, composite transforms, runners and results.
 *
 * <p>Subpackages: {@code fn} (user functions), {@code state} (keyed state), {@code types}
 * (coders), {@code io} (SPI for sources and sinks), {@code checkpoint} (SPI for checkpoint
 * stores).
 */
package dev.weir.sdk;
