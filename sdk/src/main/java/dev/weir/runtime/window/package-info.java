/**
 * Internal: event-time windows as a keyed process function over keyed state and event-time
 * timers. Never use directly; the API is {@code dev.weir.sdk.time}.
 */
package dev.weir.runtime.window;
