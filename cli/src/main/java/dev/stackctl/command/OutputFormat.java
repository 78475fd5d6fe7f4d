package dev.stackctl.command;

/** Result formats on stdout. */
public enum OutputFormat {
    text, json
}
