package dev.stackctl.model;

import java.util.List;

/**
 * {@code deploy.placement}: which nodes a service's tasks may run on. Constraints are Swarm expressions
 * such as {@code node.labels.stock-tracker.pgdata == true}; each preference spreads tasks evenly over
 * the values of a node attribute (e.g. {@code node.labels.zone}).
 *
 * @param maxReplicasPerNode at most this many tasks of the service on one node (null: no limit)
 */
public record Placement(List<String> constraints, List<String> spreadPreferences, Integer maxReplicasPerNode) {

    public static final Placement UNSET = new Placement(null, null, null);

    public Placement {
        constraints = ProcessSpec.copy(constraints);
        spreadPreferences = ProcessSpec.copy(spreadPreferences);
        for (String c : constraints) {
            if (!c.contains("==") && !c.contains("!=")) {
                throw new IllegalArgumentException("placement constraint '" + c + "' needs == or !=, e.g. node.role == manager");
            }
        }
        if (maxReplicasPerNode != null && maxReplicasPerNode < 1) {
            throw new IllegalArgumentException("max_replicas_per_node must be at least 1, got " + maxReplicasPerNode);
        }
    }

    /** Only on nodes that carry {@code label=value}. */
    public static Placement onNodeLabel(String label, String value) {
        return new Placement(List.of("node.labels." + label + " == " + value), null, null);
    }

    public boolean isUnset() {
        return constraints.isEmpty() && spreadPreferences.isEmpty() && maxReplicasPerNode == null;
    }
}
