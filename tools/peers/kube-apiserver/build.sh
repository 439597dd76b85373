#!/usr/bin/env bash
# Builds kube-apiserver and kube-controller-manager 1.20.2 from Debian's `kubernetes` source
# package (the only source of these binaries reachable here) and caches them outside the repo.
# Idempotent: exits at once when the cached binaries exist.
set -euo pipefail

VERSION="1.20.5+really1.20.2-1.1+deb12u1"
CACHE_DIR="${KUSION_PEERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kusion}/kubernetes-1.20.2"
BIN_DIR="$CACHE_DIR/bin"

if [[ -x "$BIN_DIR/kube-apiserver" && -x "$BIN_DIR/kube-controller-manager" ]]; then
  echo "kube-apiserver: cached in $BIN_DIR"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
need_packages=()
for pkg in golang-1.19 etcd-server golang-github-modern-go-reflect2-dev rsync dpkg-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_packages+=("$pkg")
done
if (( ${#need_packages[@]} )); then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_packages[@]}"
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
mkdir -p apt/lists/partial apt/parts
# A deb-src twin of the image's Debian source list, kept out of the system apt config.
eval "$(apt-config shell PARTS Dir::Etc::sourceparts/d)"
sed 's/^Types: deb$/Types: deb-src/' "${PARTS}debian.sources" > apt/parts/debian-src.sources
APT_OPTS=(-o "Dir::Etc::SourceParts=$PWD/apt/parts" -o Dir::Etc::SourceList=/dev/null -o "Dir::State::Lists=$PWD/apt/lists")
apt-get "${APT_OPTS[@]}" update -qq
apt-get "${APT_OPTS[@]}" source --download-only "kubernetes=$VERSION"
dpkg-source -x "kubernetes_${VERSION#*:}.dsc" src >/dev/null 2>&1 || dpkg-source -x kubernetes_*.dsc src >/dev/null
cd src

# The vendored modern-go/reflect2 1.0.1 crashes under Go >= 1.18; use Debian's 1.0.2.
R=$(dirname "$(dpkg -L golang-github-modern-go-reflect2-dev | grep '/reflect2.go$')")
V=vendor/github.com/modern-go/reflect2
rm -rf "$V" && mkdir "$V" && cp "$R"/*.go "$R"/*.s "$V"/ && rm -f "$V"/*_test.go

export PATH="/usr/lib/go-1.19/bin:$PATH" GOPATH="$PWD/.go" CGO_ENABLED=0 GOPROXY=off HOME="$PWD/.home" GOFLAGS=-mod=vendor
mkdir -p .go/src/k8s.io .home && ln -s ../../.. .go/src/k8s.io/kubernetes
make WHAT="cmd/kube-apiserver cmd/kube-controller-manager" KUBE_GIT_VERSION=v1.20.2 KUBE_GIT_TREE_STATE=clean >build.log 2>&1 || { tail -50 build.log; exit 1; }

mkdir -p "$BIN_DIR.tmp"
cp _output/bin/kube-apiserver _output/bin/kube-controller-manager "$BIN_DIR.tmp/"
rm -rf "$BIN_DIR" && mv "$BIN_DIR.tmp" "$BIN_DIR"
echo "kube-apiserver: built into $BIN_DIR"
