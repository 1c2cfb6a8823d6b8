#!/usr/bin/env bash
# Make the Pulumi CLI available to this repository under .tools/bin.
#
# Usage:
#   export PATH="$(scripts/setup-pulumi.sh | tail -n 1):$PATH"
#
# The last line printed on stdout is the absolute path of the repo-local
# .tools/bin directory (git-ignored). Progress goes to stderr. For the
# Automation API use PulumiCommand.get({ root: "<repo>/.tools" }), because
# `root` is the directory that contains bin/pulumi.
#
# Where the CLI comes from, in this order:
#   1. the cache ${PULUMI_PARTNERCENTER_CACHE:-$HOME/.cache/pulumi-partnercenter}/pulumi-v3.259.0/bin
#      if an earlier run filled it;
#   2. a `pulumi` on PATH reporting >= 3.139.0, if `pulumi-language-nodejs` is
#      on PATH too (a normal Pulumi install);
#   3. a build from Go modules with the wrapper module in tools/pulumi (needs Go
#      >= 1.25.11 and access to a Go module proxy; takes several minutes cold).
#
# With 1. and 3. the Node language host `pulumi-language-nodejs` is our own
# minimal one (tools/pulumi/languagehost, the upstream host is not served by the
# Go module proxy). It is built into the same cache directory when missing or
# when its sources changed (a few seconds once the CLI's modules are cached), so
# `pulumi preview/up/refresh/destroy` work on TypeScript/JavaScript programs
# from the shell, not only through the Automation API with inline programs.
#
# The YAML language host `pulumi-language-yaml` (PULUMI_YAML_VERSION) is built
# into the same cache directory with `go install` when missing (about 3.5 min
# cold; skipped without Go, with a warning): YAML programs run the provider
# plugin `pulumi-resource-partnercenter` (provider/bin) from the shell and in the
# plugin e2e tests.
#
# Re-running is cheap: an existing cache is reused. Set PULUMI_SETUP_FORCE=1
# to rebuild the cache.
#
# Environment for offline use afterwards:
#   PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
#   PULUMI_HOME=<dir> PULUMI_CONFIG_PASSPHRASE=<passphrase> and a file:// backend.
set -euo pipefail

cd "$(dirname "$0")/.."
repo=$PWD

readonly PULUMI_VERSION=v3.259.0
readonly MIN_PATH_VERSION=3.139.0
readonly VERSION_PKG=github.com/pulumi/pulumi/sdk/v3/go/common/version
readonly CLI_PKG=github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
readonly LANGHOST=pulumi-language-nodejs
readonly LANGHOST_PKG=./languagehost
readonly LAUNCHER=pulumi-resource-pulumi-nodejs
readonly YAML_HOST=pulumi-language-yaml
readonly PULUMI_YAML_VERSION=v1.25.0
readonly YAML_HOST_PKG=github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml

cache_root=${PULUMI_PARTNERCENTER_CACHE:-$HOME/.cache/pulumi-partnercenter}
cache_bin=$cache_root/pulumi-$PULUMI_VERSION/bin
local_bin=$repo/.tools/bin
launcher_src=$repo/tools/$LAUNCHER
wrapper_dir=$repo/tools/pulumi

log() { printf 'setup-pulumi: %s\n' "$*" >&2; }
die() { printf 'setup-pulumi: error: %s\n' "$*" >&2; exit 1; }

# "v3.259.0" / "3.259.0-alpha.x" -> "3 259 0"; empty if unparsable.
parse_version() {
  local v=${1#v}
  v=${v%%[-+]*}
  [[ $v =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] && echo "${v//./ }"
}

# version_ge A B: true if A >= B.
version_ge() {
  local a b i
  read -r -a a <<<"$(parse_version "$1")"
  read -r -a b <<<"$(parse_version "$2")"
  [[ ${#a[@]} -eq 3 && ${#b[@]} -eq 3 ]] || return 1
  for i in 0 1 2; do
    ((a[i] > b[i])) && return 0
    ((a[i] < b[i])) && return 1
  done
  return 0
}

cli_version() {
  PULUMI_SKIP_UPDATE_CHECK=true "$1" version 2>/dev/null | head -n 1 || true
}

# Fingerprint of the language host's sources (main.go, go.mod, go.sum).
langhost_stamp() {
  cat "$wrapper_dir/languagehost/"*.go "$wrapper_dir/go.mod" "$wrapper_dir/go.sum" | sha256sum | cut -d' ' -f1
}

# Build our Node language host into directory $1 unless an up-to-date one is
# there (the stamp file records the sources it was built from). Atomic: the
# cache directory may be shared by concurrent runs.
build_langhost() {
  local dir=$1 stamp start tmp
  stamp=$(langhost_stamp)
  if [[ -x $dir/$LANGHOST && $(cat "$dir/.$LANGHOST.sha256" 2>/dev/null) == "$stamp" ]]; then
    return 0
  fi
  if ! command -v go >/dev/null 2>&1; then
    log "warning: Go is not installed, so $LANGHOST is not built; use the Automation API with inline programs"
    return 0
  fi
  start=$SECONDS
  tmp=$dir/.$LANGHOST.$$
  (cd "$wrapper_dir" &&
    go build -mod=readonly -buildvcs=false -trimpath -o "$tmp" "$LANGHOST_PKG") ||
    { rm -f "$tmp"; die "go build of $wrapper_dir/languagehost failed (see above)"; }
  mv -f "$tmp" "$dir/$LANGHOST"
  echo "$stamp" >"$dir/.$LANGHOST.sha256.$$" && mv -f "$dir/.$LANGHOST.sha256.$$" "$dir/.$LANGHOST.sha256"
  log "built $LANGHOST (tools/pulumi/languagehost) in $((SECONDS - start))s"
}

# Build the YAML language host into directory $1 unless the version recorded
# beside it is PULUMI_YAML_VERSION. Atomic, like build_langhost.
build_yaml_host() {
  local dir=$1 start tmp
  if [[ -x $dir/$YAML_HOST && $(cat "$dir/.$YAML_HOST.version" 2>/dev/null) == "$PULUMI_YAML_VERSION" ]]; then
    return 0
  fi
  if ! command -v go >/dev/null 2>&1; then
    log "warning: Go is not installed, so $YAML_HOST is not built; YAML programs cannot run"
    return 0
  fi
  start=$SECONDS
  tmp=$(mktemp -d "$dir/.$YAML_HOST.XXXXXX")
  log "building $YAML_HOST $PULUMI_YAML_VERSION (takes a few minutes cold)"
  GOBIN=$tmp go install -trimpath "$YAML_HOST_PKG@$PULUMI_YAML_VERSION" ||
    { rm -rf "$tmp"; die "go install of $YAML_HOST_PKG@$PULUMI_YAML_VERSION failed (see above)"; }
  mv -f "$tmp/$YAML_HOST" "$dir/$YAML_HOST"
  rm -rf "$tmp"
  echo "$PULUMI_YAML_VERSION" >"$dir/.$YAML_HOST.version.$$" && mv -f "$dir/.$YAML_HOST.version.$$" "$dir/.$YAML_HOST.version"
  log "built $YAML_HOST $PULUMI_YAML_VERSION in $((SECONDS - start))s"
}

cache_complete() {
  [[ -x $cache_bin/pulumi && -x $cache_bin/$LAUNCHER ]] || return 1
  [[ $(cli_version "$cache_bin/pulumi") == "$PULUMI_VERSION" ]]
}

# PATH without our own .tools/bin, so we never pick up our previous result.
foreign_path() {
  local IFS=: dir out=()
  for dir in $PATH; do
    [[ -n $dir && $dir != "$local_bin" ]] && out+=("$dir")
  done
  echo "${out[*]}"
}

# Link (replace) $local_bin/<name> to <target>.
link_tool() {
  ln -sfn "$1" "$local_bin/$2"
}

build_cache() {
  command -v go >/dev/null 2>&1 ||
    die "no Pulumi CLI found. Install Pulumi >= $MIN_PATH_VERSION (pulumi and pulumi-language-nodejs on PATH, see https://www.pulumi.com/docs/install/), or install Go >= 1.25.11 so this script can build $PULUMI_VERSION from Go modules."
  [[ -f $wrapper_dir/go.mod ]] || die "missing $wrapper_dir/go.mod"

  local staging=$cache_bin.partial
  local ldflags="-X $VERSION_PKG.Version=$PULUMI_VERSION"
  rm -rf "$staging"
  mkdir -p "$staging"

  log "building pulumi $PULUMI_VERSION with $(go version) (cold builds take several minutes)"
  local start=$SECONDS
  (cd "$wrapper_dir" &&
    go build -mod=readonly -buildvcs=false -trimpath -ldflags "$ldflags" \
      -o "$staging/pulumi" "$CLI_PKG") ||
    die "go build of $CLI_PKG failed (see above)"
  log "built pulumi in $((SECONDS - start))s"

  build_langhost "$staging"
  build_yaml_host "$staging"

  cp "$launcher_src" "$staging/$LAUNCHER"
  chmod +x "$staging/$LAUNCHER"

  rm -rf "$cache_bin"
  mv "$staging" "$cache_bin"
}

[[ -f $launcher_src ]] || die "missing $launcher_src"

source_bin=
if [[ -z ${PULUMI_SETUP_FORCE:-} ]] && cache_complete; then
  log "reusing cached Pulumi CLI in $cache_bin"
  # Keep the cached launcher in sync with the one in the repository.
  cmp -s "$launcher_src" "$cache_bin/$LAUNCHER" ||
    { cp "$launcher_src" "$cache_bin/$LAUNCHER" && chmod +x "$cache_bin/$LAUNCHER"; }
  # Caches from before the language host existed, or built from older sources.
  build_langhost "$cache_bin"
  build_yaml_host "$cache_bin"
  source_bin=$cache_bin
fi

if [[ -z $source_bin && -z ${PULUMI_SETUP_FORCE:-} ]]; then
  path_pulumi=$(PATH=$(foreign_path) command -v pulumi || true)
  path_langhost=$(PATH=$(foreign_path) command -v pulumi-language-nodejs || true)
  if [[ -n $path_pulumi ]]; then
    path_version=$(cli_version "$path_pulumi")
    if [[ -n $path_langhost ]] && version_ge "$path_version" "$MIN_PATH_VERSION"; then
      log "using pulumi ${path_version} from PATH ($path_pulumi)"
      source_bin=path
    else
      log "ignoring $path_pulumi (version '${path_version}', need >= $MIN_PATH_VERSION and pulumi-language-nodejs on PATH)"
    fi
  fi
fi

if [[ -z $source_bin ]]; then
  build_cache
  source_bin=$cache_bin
fi

# Populate the repo-local .tools/bin with symlinks.
rm -rf "$local_bin"
mkdir -p "$local_bin"
if [[ $source_bin == path ]]; then
  link_tool "$path_pulumi" pulumi
  link_tool "$path_langhost" pulumi-language-nodejs
  path_launcher=$(PATH="$(dirname "$path_pulumi"):$(foreign_path)" command -v "$LAUNCHER" || true)
  link_tool "${path_launcher:-$launcher_src}" "$LAUNCHER"
else
  for tool in pulumi "$LANGHOST" "$LAUNCHER" "$YAML_HOST"; do
    [[ -e $source_bin/$tool ]] && link_tool "$source_bin/$tool" "$tool"
  done
fi

# The Go modules of the Go program on the generated Go SDK (examples/go-onboarding, run by the plugin-go e2e test
# with GOPROXY=off): mostly the CLI's own, fetched once into the Go module cache; a no-op when cached.
if command -v go >/dev/null 2>&1; then
  (cd "$repo/examples/go-onboarding" && go mod download) ||
    log "warning: go mod download for examples/go-onboarding failed; the Go e2e test will fail"
fi

command -v node >/dev/null 2>&1 || log "warning: node is not on PATH; dynamic providers need it"
log "pulumi $(cli_version "$local_bin/pulumi") ready in $local_bin"
echo "$local_bin"
