#!/usr/bin/env bash
# Installs what `npm test` needs on the machine besides npm packages, on Debian 12 (bookworm):
#
#   etcd, Go 1.19 and the sources for the one-off kube-apiserver build   apt (Debian)
#   kube-apiserver + kube-controller-manager 1.20.2                      built once, ~5 min, cached
#                                                                       in ~/.cache/kusion
#   PostgreSQL 15 (initdb, postgres) for @kusion/backend-postgres      apt (postgresql-15); tests start
#                                                                       their own throwaway cluster
#   Chromium, for the portal's browser test (playwright-core drives it) apt (chromium)
#   moto_server (moto 5, AWS), cfn-lint (CloudFormation templates)       pip, when missing
#   aws (the AWS CLI, for the CloudFormation benchmark and e2e checks)   apt (awscli), when missing
#   terraform (the engine benchmark and Terraform resources)            checked only: not in Debian
#   a filesystem mirror with the hashicorp/aws provider (Terraform      checked only: the machine
#   resources' tests; nothing is downloaded)                            image brings it
#
# Idempotent: what is there is left alone. Needs root or sudo for apt. `.ci/run` runs this script,
# so CI and a developer's machine install the same things.
set -euo pipefail
cd "$(dirname "$0")/../.."

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
MOTO_VERSION="5.2.1"
CFN_LINT_VERSION="1.51.0"
missing=()

apt_install() {
  local wanted=() pkg
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || wanted+=("$pkg"); done
  (( ${#wanted[@]} )) || return 0
  echo "install-test-deps: apt-get install ${wanted[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${wanted[@]}" >/dev/null
}

# etcd for the Kubernetes peer; Go, the reflect2 fix and the tools of the kube-apiserver build;
# util-linux's `script` runs the CLI under a pseudo-terminal in the e2e tests.
apt_install etcd-server golang-1.19 golang-github-modern-go-reflect2-dev rsync dpkg-dev make util-linux
# PostgreSQL 15 binaries only: the tests start (and stop, by pid) a cluster of their own, never the
# system service.
apt_install postgresql-15
# Debian's Chromium for the portal's browser test: playwright-core drives it (`npx playwright
# install` cannot download browsers here).
apt_install chromium
command -v aws >/dev/null || apt_install awscli

pip_install() {
  echo "install-test-deps: pip install --user $*"
  python3 -m pip install --quiet --user "$@" || return 1
  # pip --user puts commands in ~/.local/bin.
  export PATH="$HOME/.local/bin:$PATH"
}
if ! command -v moto_server >/dev/null; then
  pip_install "moto[server]==$MOTO_VERSION" || missing+=("moto_server: pip install 'moto[server]==$MOTO_VERSION'")
fi
if ! command -v cfn-lint >/dev/null; then
  pip_install "cfn-lint==$CFN_LINT_VERSION" || missing+=("cfn-lint: pip install 'cfn-lint==$CFN_LINT_VERSION'")
fi
command -v terraform >/dev/null || missing+=("terraform: Terraform >= 1.11 from HashiCorp (Debian does not package it), on PATH")
# Where the image keeps it differs by machine: found, never written down (as the tests find it).
tf_mirror=$(find / -xdev \( -path /proc -o -path /sys -o -path /work \) -prune -o \
  -path '*registry.terraform.io/hashicorp/aws/*' -name 'terraform-provider-aws*' -print -quit 2>/dev/null || true)
[[ -n "$tf_mirror" ]] || missing+=("a Terraform filesystem mirror with hashicorp/aws (terraform providers mirror <dir> on a machine that can download)")

tools/peers/kube-apiserver/build.sh

if (( ${#missing[@]} )); then
  echo "install-test-deps: could not install:" >&2
  printf '  %s\n' "${missing[@]}" >&2
  exit 1
fi
echo "install-test-deps: ready"
printf '  %-16s %s\n' \
  etcd "$(etcd --version 2>/dev/null | head -1)" \
  postgres "$(/usr/lib/postgresql/15/bin/postgres --version 2>/dev/null)" \
  chromium "$(chromium --version 2>/dev/null)" \
  go "$(/usr/lib/go-1.19/bin/go version)" \
  moto_server "$(command -v moto_server)" \
  cfn-lint "$(cfn-lint --version 2>&1)" \
  aws "$(aws --version 2>&1)" \
  terraform "$(terraform version 2>/dev/null | head -1)" \
  terraform-aws "${tf_mirror%%/registry.terraform.io/*}" \
  kube-apiserver "${KUSION_PEERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kusion}/kubernetes-1.20.2/bin"
