/**
 * Reading compose files into the model: {@link dev.stackctl.compose.YamlTree} turns YAML text into nodes
 * that know their spec path, line and column (aliases and merge keys resolved, alias bombs bounded);
 * {@link dev.stackctl.compose.NodeReader} reads typed values from them and records a
 * {@link dev.stackctl.compose.Problem} for each one that is wrong; one reader per section (services,
 * deploy, healthcheck, ports, volumes, secrets and configs) builds the model;
 * {@link dev.stackctl.compose.ComposeReader} reads a whole file. Depends on {@code model} only.
 */
package dev.stackctl.compose;
