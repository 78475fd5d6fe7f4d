package dev.stackctl.model;

import java.util.List;

/**
 * Everything stackctl knows about one stack: the compose project, the files that wire its services
 * together, what its image builds need built first, and the roles verification probes.
 *
 * @param definedIn where the definition lives, for the header of generated files (e.g. a class name)
 * @param directory where its files go under generated/ ("" = generated/ itself; e.g. "scaled"); the
 *                  build contexts and bind mounts of the stack are relative to it
 * @param stackFile the name of the file the stack is rendered into: {@value #COMPOSE_FILE} for compose,
 *                  {@code stack.yml} for a Swarm stack file
 */
public record StackDefinition(Stack stack, String definedIn, List<FileTemplate> files, List<Artifact> artifacts, Roles roles,
                              String directory, String stackFile) {
    /** The file name compose looks for. */
    public static final String COMPOSE_FILE = "docker-compose.yml";

    public StackDefinition(Stack stack, String definedIn, List<FileTemplate> files, List<Artifact> artifacts, Roles roles) {
        this(stack, definedIn, files, artifacts, roles, "");
    }

    public StackDefinition(Stack stack, String definedIn, List<FileTemplate> files, List<Artifact> artifacts, Roles roles, String directory) {
        this(stack, definedIn, files, artifacts, roles, directory, COMPOSE_FILE);
    }

    public StackDefinition {
        directory = directory == null ? "" : directory;
        stackFile = stackFile == null ? COMPOSE_FILE : stackFile;
        if (stackFile.contains("/") || stackFile.isBlank()) {
            throw new IllegalArgumentException("stack file '" + stackFile + "' must be a plain file name");
        }
        if (directory.contains("..") || directory.startsWith("/")) {
            throw new IllegalArgumentException("directory '" + directory + "' must stay inside generated/");
        }
        files = List.copyOf(files);
        artifacts = List.copyOf(artifacts);
        for (String role : roles.backingServices()) {
            if (stack.service(role).isEmpty()) {
                throw new IllegalArgumentException("roles name service '" + role + "', which the stack does not define");
            }
        }
        if (stack.service(roles.proxy().service()).isEmpty()) {
            throw new IllegalArgumentException("roles name proxy service '" + roles.proxy().service() + "', which the stack does not define");
        }
    }

    public StackDefinition withStack(Stack replacement) {
        return new StackDefinition(replacement, definedIn, files, artifacts, roles, directory, stackFile);
    }
}
