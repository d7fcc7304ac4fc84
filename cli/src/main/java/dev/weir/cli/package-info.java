/**
 * The {@code weir} command line: the word-count demo, checkpoint inspection, the demo Kafka
 * broker and the benchmark harness. An application of the API, not a library: no compatibility
 * promise for its classes; its commands and output formats are documented in the README and
 * docs/operations.md.
 */
package dev.weir.cli;
