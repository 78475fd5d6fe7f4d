# Shared by the benchmarks that load the stack through its nginx (bench/frontdoor, bench/scaleout).
# Source it from the repository root:  . bench/lib/stack.sh
# Defines: bench_classpath (sets CP), stack_container PROJECT SERVICE (container ids, one per line),
# add_sources CONTAINER COUNT (adds COUNT source addresses from the top of that container's network
# to its bridge, writes them to $sources, one per line; remove_sources takes them away again).

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"

bench_classpath() {
  ./mvnw -B -q -pl backend test-compile > /tmp/bench-build.log 2>&1 || { cat /tmp/bench-build.log >&2; return 1; }
  ./mvnw -B -q -pl backend dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/backend/target/bench.classpath" >/dev/null
  CP="backend/target/test-classes:backend/target/classes:$(cat backend/target/bench.classpath)"
}

stack_container() {
  docker ps -q --no-trunc --filter "label=com.docker.compose.project=$1" --filter "label=com.docker.compose.service=$2"
}

bridge=""
addresses=()
sources=""
add_sources() {
  local net subnet
  net=$(docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$v.NetworkID}}{{end}}' "$1")
  subnet=$(docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' "$net")
  bridge="br-${net:0:12}"
  sources=$(mktemp)
  # from the top of the network's subnet (the engine hands out addresses from the bottom)
  python3 - "$subnet" "$2" > "$sources" <<'PY'
import ipaddress, sys
net = ipaddress.ip_network(sys.argv[1]); n = int(sys.argv[2])
hosts = list(net.hosts()) if net.num_addresses <= 65536 else None
if hosts is None or len(hosts) < n + 16: sys.exit(f"subnet {net} is too small for {n} source addresses")
for a in hosts[-n:]: print(a)
PY
  local a
  while read -r a; do ip addr add "$a/32" dev "$bridge"; addresses+=("$a"); done < "$sources"
}

remove_sources() {
  local a
  for a in "${addresses[@]}"; do ip addr del "$a/32" dev "$bridge" 2>/dev/null || true; done
  addresses=()
}

container_ip() {
  docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$1"
}
