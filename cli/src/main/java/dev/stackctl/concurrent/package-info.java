/** Small concurrency helpers: waiting on futures with the cause unwrapped into stackctl's own errors. */
package dev.stackctl.concurrent;
