#!/usr/bin/env bash
# Builds kube-apiserver and kube-controller-manager 1.20.2 from Debian's `kubernetes` source
# package (the only source of these binaries reachable here) and caches them outside the repo.
# Also makes sure etcd (Debian's etcd-server) is installed, since the peer needs it at run time.
#
# Idempotent: exits at once when the cached binaries and etcd exist. Safe to run concurrently:
# a second run waits for the first one's build and then finds the binaries.
#
# Cache: ${KUSION_PEERS_CACHE:-${XDG_CACHE_HOME:-~/.cache}/kusion}/kubernetes-1.20.2/bin
set -euo pipefail

VERSION="1.20.5+really1.20.2-1.1+deb12u1"
KUBE_VERSION="v1.20.2"
CACHE_DIR="${KUSION_PEERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kusion}/kubernetes-1.20.2"
BIN_DIR="$CACHE_DIR/bin"

have_binaries() {
  [[ -x "$BIN_DIR/kube-apiserver" && -x "$BIN_DIR/kube-controller-manager" ]]
}

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
APT_UPDATED=""
install_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  (( ${#missing[@]} )) || return 0
  echo "kube-apiserver: installing ${missing[*]}" >&2
  if [[ -z $APT_UPDATED ]]; then $SUDO apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
}

# etcd is needed at run time even when the Kubernetes binaries are cached.
install_packages etcd-server
if have_binaries; then
  echo "kube-apiserver: cached in $BIN_DIR"
  exit 0
fi

mkdir -p "$CACHE_DIR"
exec 9>"$CACHE_DIR/.build.lock"
if ! flock -n 9; then
  echo "kube-apiserver: another build is running; waiting for it" >&2
  flock 9
fi
if have_binaries; then
  echo "kube-apiserver: cached in $BIN_DIR"
  exit 0
fi

install_packages golang-1.19 golang-github-modern-go-reflect2-dev rsync dpkg-dev make
START=$SECONDS
WORK=$(mktemp -d)
trap 'rm -rf "$WORK" "${STAGING:-}"' EXIT
cd "$WORK"

# A deb-src twin of the image's Debian source list, kept out of the system apt config.
mkdir -p apt/lists/partial apt/parts
eval "$(apt-config shell PARTS Dir::Etc::sourceparts/d SOURCELIST Dir::Etc::sourcelist/f)"
if [[ -f "${PARTS}debian.sources" ]]; then
  sed 's/^Types: deb$/Types: deb-src/' "${PARTS}debian.sources" > apt/parts/debian-src.sources
elif [[ -f "$SOURCELIST" ]]; then
  sed -n 's/^deb /deb-src /p' "$SOURCELIST" > apt/parts/debian-src.list
else
  echo "kube-apiserver: no Debian source list found (${PARTS}debian.sources or $SOURCELIST)" >&2
  exit 1
fi
APT_OPTS=(-o "Dir::Etc::SourceParts=$PWD/apt/parts" -o Dir::Etc::SourceList=/dev/null -o "Dir::State::Lists=$PWD/apt/lists")
# As root, apt would drop to the _apt user, which cannot write into our private mktemp directory.
if [[ $(id -u) -eq 0 ]]; then APT_OPTS+=(-o APT::Sandbox::User=root); fi
apt-get "${APT_OPTS[@]}" update -qq
echo "kube-apiserver: downloading Debian's kubernetes $VERSION source" >&2
if ! apt-get "${APT_OPTS[@]}" source --download-only "kubernetes=$VERSION" >/dev/null; then
  # A later stable update replaced this revision; Debian keeps 1.20.2 in bookworm, so take it.
  echo "kube-apiserver: $VERSION is gone from the archive; using bookworm's current kubernetes source" >&2
  apt-get "${APT_OPTS[@]}" source --download-only kubernetes >/dev/null
fi
# apt already checked every downloaded file against the signed Sources index; dpkg-source would
# only warn that the .dsc's own signature cannot be checked without debian-keyring.
dpkg-source --no-check -x kubernetes_*.dsc src >/dev/null
cd src

# REQUIRED: the vendored modern-go/reflect2 1.0.1 crashes under Go >= 1.18; use Debian's 1.0.2.
R=$(dirname "$(dpkg -L golang-github-modern-go-reflect2-dev | grep '/reflect2.go$')")
V=vendor/github.com/modern-go/reflect2
rm -rf "$V" && mkdir "$V" && cp "$R"/*.go "$R"/*.s "$V"/ && rm -f "$V"/*_test.go

echo "kube-apiserver: building (3-5 minutes on 2 cores; log in $WORK/src/build.log while it runs)" >&2
export PATH="/usr/lib/go-1.19/bin:$PATH" GOPATH="$PWD/.go" CGO_ENABLED=0 GOPROXY=off HOME="$PWD/.home" GOFLAGS=-mod=vendor
mkdir -p .go/src/k8s.io .home && ln -s ../../.. .go/src/k8s.io/kubernetes
make WHAT="cmd/kube-apiserver cmd/kube-controller-manager" KUBE_GIT_VERSION="$KUBE_VERSION" KUBE_GIT_TREE_STATE=clean \
  >build.log 2>&1 || { tail -50 build.log >&2; exit 1; }

STAGING=$(mktemp -d "$CACHE_DIR/bin.XXXXXX")
cp _output/bin/kube-apiserver _output/bin/kube-controller-manager "$STAGING/"
for binary in kube-apiserver kube-controller-manager; do
  "$STAGING/$binary" --version | grep -q "$KUBE_VERSION" || { echo "kube-apiserver: $binary --version is wrong" >&2; exit 1; }
done
chmod 755 "$STAGING"
rm -rf "$BIN_DIR" && mv "$STAGING" "$BIN_DIR"
echo "kube-apiserver: built into $BIN_DIR in $((SECONDS - START)) s"
