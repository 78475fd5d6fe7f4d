#!/usr/bin/env bash
# Installs (idempotently) and starts a real Docker engine from Debian 13 packages, plus mmdebstrap.
# Safe to run on a brand-new machine and on one handed back with everything already there.
set -euo pipefail
log() { printf '[install-engine] %s\n' "$*" >&2; }

need_pkgs=()
command -v dockerd >/dev/null 2>&1 || need_pkgs+=(docker.io/trixie)
dpkg -s docker-cli >/dev/null 2>&1 || need_pkgs+=(docker-cli/trixie)
docker compose version >/dev/null 2>&1 || need_pkgs+=(docker-compose/trixie)
dpkg -s docker-buildx >/dev/null 2>&1 || need_pkgs+=(docker-buildx/trixie)
command -v mmdebstrap >/dev/null 2>&1 || need_pkgs+=(mmdebstrap)

if ((${#need_pkgs[@]})); then
  # A trixie source beside the machine's bookworm one, same archive URI, low pin priority;
  # packages are taken from trixie one by one (name/trixie), never the whole release.
  mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null \
           || awk '/^deb /{print $2; exit}' /etc/apt/sources.list)
  if [ ! -f /etc/apt/sources.list.d/trixie.sources ]; then
    printf 'Types: deb\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$mirror" > /etc/apt/sources.list.d/trixie.sources
    printf 'Package: *\nPin: release n=trixie\nPin-Priority: 100\n' > /etc/apt/preferences.d/trixie-pin
  fi
  log "installing: ${need_pkgs[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  if ! pgrep -x dockerd >/dev/null; then
    rm -f /var/run/docker.pid
    log "starting dockerd"
    nohup dockerd > /var/log/dockerd.log 2>&1 &
  fi
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
fi
docker info >/dev/null 2>&1 || { log "dockerd did not answer within 60 s; see /var/log/dockerd.log"; tail -20 /var/log/dockerd.log >&2; exit 1; }
log "engine $(docker version --format '{{.Server.Version}}'), $(docker compose version --short 2>/dev/null || echo 'no compose')"
