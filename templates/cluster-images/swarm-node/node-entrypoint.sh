#!/bin/sh
# Entry point of a swarm node container (stackctl cluster up).
# STACKCTL_REGISTRY names the cluster's private registry (host:port on the cluster's network); the
# engine trusts that one address over plain HTTP (insecure-registries), no other.
set -eu
mkdir -p /etc/docker
if [ -n "${STACKCTL_REGISTRY:-}" ]; then
    printf '{\n  "insecure-registries": ["%s"]\n}\n' "$STACKCTL_REGISTRY" > /etc/docker/daemon.json
else
    printf '{}\n' > /etc/docker/daemon.json
fi
# a node container that is started again keeps its /var/run: a stale pid file stops dockerd
rm -f /var/run/docker.pid /var/run/docker/containerd/containerd.pid
exec "$@"
