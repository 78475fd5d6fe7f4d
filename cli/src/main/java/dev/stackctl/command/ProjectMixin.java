package dev.stackctl.command;

import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import dev.stackctl.model.StackDefinition;
import dev.stackctl.stack.StackOptions;
import dev.stackctl.stack.StockTrackerStack;
import dev.stackctl.stack.SwarmStack;
import dev.stackctl.stack.Target;
import dev.stackctl.stack.Topology;
import picocli.CommandLine.Option;

/** Which stack a command acts on: its topology, and the compose project that runs it. */
public final class ProjectMixin {
    @Option(names = {"-p", "--project-name"}, paramLabel = "NAME",
            description = "Compose project name (default: " + StockTrackerStack.PROJECT + ", or " + StockTrackerStack.SCALED_PROJECT
                    + " with --topology scaled); lets several copies run side by side.")
    String project;

    @Option(names = "--topology", paramLabel = "NAME", defaultValue = "single",
            description = "single: one backend process (four services, the default); scaled: one collector and API replicas "
                    + "over Redis streams behind nginx (files in generated/scaled/).")
    String topology;

    @Option(names = "--target", paramLabel = "NAME", defaultValue = "compose",
            description = "compose: docker compose on this engine (the default); swarm: docker stack deploy of generated/swarm/stack.yml "
                    + "(the scaled topology) to the swarm this engine belongs to, as stack " + StockTrackerStack.PROJECT + " (or -p).")
    String target;

    @Option(names = "--cluster", paramLabel = "NAME", arity = "0..1", fallbackValue = dev.stackctl.lifecycle.LocalCluster.DEFAULT_NAME,
            description = "With --target swarm: the swarm of the local cluster that stackctl cluster up made (default name "
                    + dev.stackctl.lifecycle.LocalCluster.DEFAULT_NAME + "), reached through node 1's engine socket; images come from "
                    + "the cluster's registry, pushed there by up (so up always uses the air-gapped images).")
    String cluster;

    @Option(names = "--replicas", paramLabel = "N",
            description = "API replicas of the scaled topology (default: " + StackOptions.DEFAULT_REPLICAS + ", the generated file's).")
    Integer replicas;

    /** The topology asked for, or a usage error naming the choices. */
    public Topology topology() {
        try {
            Topology t = Topology.parse(topology);
            if (replicas != null && t != Topology.SCALED) {
                throw new StackctlException(ExitCode.USAGE, "--replicas needs --topology scaled (the single topology runs one backend)",
                        "Add --topology scaled, or drop --replicas");
            }
            return t;
        } catch (IllegalArgumentException e) {
            throw new StackctlException(ExitCode.USAGE, "--topology: " + e.getMessage(), "Use --topology single or --topology scaled");
        }
    }

    /** API replicas to run when the user asked for a number other than the generated file's; else null. */
    public Integer replicasOverride() {
        topology();
        if (replicas != null && (replicas < 1 || replicas > StackOptions.MAX_REPLICAS)) {
            throw new StackctlException(ExitCode.USAGE, "--replicas must be between 1 and " + StackOptions.MAX_REPLICAS + ", got " + replicas,
                    "Choose a number of API replicas between 1 and " + StackOptions.MAX_REPLICAS);
        }
        return replicas;
    }

    /** Replicas per service for this run where they differ from the generated file's ({@code --replicas}). */
    public java.util.Map<String, Integer> scale() {
        Integer n = replicasOverride();
        return n == null ? java.util.Map.of() : java.util.Map.of(StockTrackerStack.API, n);
    }

    /** The stack's definition in the generated file's form (replicas as generated; --replicas scales at run time). */
    public StackDefinition definition() {
        return StockTrackerStack.definition(StackOptions.DEFAULTS.withTopology(topology(), StackOptions.DEFAULT_REPLICAS));
    }

    /** The compose project: -p, else the topology's own. */
    public String name() {
        if (cluster != null) {
            throw new StackctlException(ExitCode.USAGE, "--cluster needs --target swarm", "Add --target swarm, or drop --cluster");
        }
        return project != null ? project : definition().stack().name();
    }

    /** Whether --target swarm was asked for (a usage error names the choices). */
    public boolean swarm() {
        Target t;
        try {
            t = Target.parse(target);
        } catch (IllegalArgumentException e) {
            throw new StackctlException(ExitCode.USAGE, "--target: " + e.getMessage(), "Use --target compose or --target swarm");
        }
        if (t == Target.SWARM && replicas != null) {
            throw new StackctlException(ExitCode.USAGE, "--replicas does not apply to --target swarm (its replicas are the stack file's)",
                    "Drop --replicas, or change them with docker service scale");
        }
        return t == Target.SWARM;
    }

    /** The local cluster's connection for --cluster (null without it); --cluster without --target swarm is a usage error. */
    public dev.stackctl.lifecycle.LocalCluster.Connection clusterConnection() {
        if (cluster == null) {
            return null;
        }
        if (!swarm()) {
            throw new StackctlException(ExitCode.USAGE, "--cluster needs --target swarm", "Add --target swarm, or drop --cluster");
        }
        return new dev.stackctl.lifecycle.LocalCluster(cluster).connect();
    }

    /** Whether --cluster was given. */
    public boolean onCluster() {
        return cluster != null;
    }

    /** The swarm stack's name: -p, else stock-tracker. */
    public String stackName() {
        return project != null ? project : SwarmStack.STACK_NAME;
    }

    /** The flags that select this stack again, for hints ("" for the defaults). */
    public String flags() {
        StringBuilder sb = new StringBuilder();
        if (swarm()) sb.append(" --target swarm").append(cluster == null ? "" : cluster.equals(dev.stackctl.lifecycle.LocalCluster.DEFAULT_NAME) ? " --cluster" : " --cluster=" + cluster);
        else if (topology() != Topology.SINGLE) sb.append(" --topology ").append(topology().wire());
        if (project != null) sb.append(" --project-name ").append(project);
        return sb.toString();
    }
}
