/**
 * Event-time examples from the seed's use cases: server monitoring (sliding-window CPU
 * averages with alerts), fraud detection (per-card state and event-time timers) and
 * recommendations (per-user session windows producing top-N items). Each builds its steps
 * on a given stream, so tests and jobs pick their own sources and sinks.
 */
package dev.weir.examples.eventtime;
