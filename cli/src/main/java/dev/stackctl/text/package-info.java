/**
 * Text that several stages write: placeholder templates, unified diffs, JUnit XML. Depends on the JDK
 * only, so render, validate, engine and verify can all use it without depending on each other.
 */
package dev.stackctl.text;
