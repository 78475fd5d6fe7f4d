package dev.stackctl.command;

import dev.stackctl.lifecycle.ClusterUp;
import dev.stackctl.lifecycle.LocalCluster;
import dev.stackctl.model.ProjectLayout;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code stackctl cluster up|down|status}: a multi-node swarm inside this machine, air-gapped, to deploy the swarm target to. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {
            "A Docker Swarm of several nodes inside this machine, with no registry outside it: to run and test the swarm target "
                    + "(up/verify/status/down --target swarm --cluster) as it runs on several hosts.",
            "",
            "Each node is a privileged container running its own Docker Engine (Debian 13's docker.io) with its own volume at "
                    + "/var/lib/docker, on one bridge network. Node 1 is the swarm's only manager and the others are workers: the "
                    + "database and Redis are pinned to node 1 with their volumes (labels stock-tracker.pgdata and "
                    + "stock-tracker.redis-data), so losing node 1 stops the stack whatever the managers; one manager keeps the "
                    + "raft log off two busy cores, and a worker can be lost while the stack carries on. A registry made from "
                    + "Debian's docker-registry package runs on the same network; the nodes trust that one address over HTTP, and "
                    + "this machine pushes the stack's images to it through 127.0.0.1. Every container, volume and network carries "
                    + "the label " + LocalCluster.LABEL + "=NAME; down (and a failed up) removes them all.",
            "",
            "The up/verify/status/down --target swarm commands reach the cluster with --cluster: the docker CLI is pointed at node 1's "
                    + "engine through a Unix socket of this machine (DOCKER_HOST=unix://...; no engine listens on TCP), and the "
                    + "frontend's host-mode port is reached at the address of the node that runs it."
        },
        subcommands = {ClusterCommand.Up.class, ClusterCommand.Down.class, ClusterCommand.Status.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  stackctl cluster up                   3 nodes, registry, images pushed",
            "  stackctl up --target swarm --cluster",
            "                                        deploy the stack to it, verify it",
            "  stackctl status --target swarm --cluster",
            "  stackctl down --target swarm --cluster",
            "  stackctl cluster down                 containers, volumes, network gone",
            "",
            "The first deploy pulls every image on every node: up waits for that, up to",
            "5 min with progress per node, before its --timeout deadline starts."
        })
public final class ClusterCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = LocalCluster.DEFAULT_NAME, scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "The cluster's name, the prefix of its containers, volumes and network (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of up, down, status");
    }

    LocalCluster cluster() {
        return new LocalCluster(name);
    }

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = {"Start the cluster: build the node and registry images from their recipes (templates/cluster-images/) and "
                    + "the stack's images (as up --airgap), create the network, the registry and the nodes, swarm init on node 1 and "
                    + "join the others, label node 1 for the data stores, push the stack's images to the registry. A cluster that is "
                    + "already up is left as it is. When a step fails, everything made so far is removed."})
    static final class Up implements Callable<Integer> {
        @ParentCommand
        ClusterCommand parent;

        @Option(names = "--nodes", paramLabel = "N", defaultValue = "3",
                description = "Swarm nodes, 1 to " + ClusterUp.MAX_NODES + " (default: ${DEFAULT-VALUE}: one manager and two workers).")
        int nodes;

        @Override
        public Integer call() {
            ClusterUp.checkNodes(nodes);
            return new ClusterUp(ProjectLayout.locate(), parent.cluster(), parent.spec.commandLine().getOut(), parent.spec.commandLine().getErr()).up(nodes);
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = {"Remove the cluster: every container, volume and network labelled as its, with what runs on it (the stack "
                    + "and its data go too). Nothing to remove is not an error."})
    static final class Down implements Callable<Integer> {
        @ParentCommand
        ClusterCommand parent;

        @Override
        public Integer call() {
            LocalCluster cluster = parent.cluster();
            var out = parent.spec.commandLine().getOut();
            if (cluster.find().empty()) {
                out.println("cluster " + cluster.name() + ": nothing to remove");
                return 0;
            }
            out.println("cluster " + cluster.name() + " removed: " + cluster.removeAll());
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show the cluster's containers (state, address), its registry and the swarm's nodes as the manager sees them.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        ClusterCommand parent;

        @Override
        public Integer call() {
            return parent.cluster().status(parent.spec.commandLine().getOut());
        }
    }
}
