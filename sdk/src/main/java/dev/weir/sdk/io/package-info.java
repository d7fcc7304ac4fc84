/**
 * The source and sink SPI (SPI tier: for authors of connectors; evolving). Sources report
 * positions for checkpoints; sinks commit in two phases for exactly-once output.
 */
package dev.weir.sdk.io;
