/**
 * Orchestration of a stack's life on the engine: {@code up} (preflight: drift, validation, secrets, base
 * images, host ports; application images; compose up with live progress and early starts) and
 * {@code down}. It is the one layer below {@code command} that may use every other package (stack,
 * render, validate, engine, verify); nothing but {@code command} depends on it.
 */
package dev.stackctl.lifecycle;
