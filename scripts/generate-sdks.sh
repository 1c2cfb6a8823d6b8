#!/usr/bin/env bash
# Generate the Node.js, Go and Python SDKs of the provider plugin from provider/schema.json.
#
# Usage:
#   scripts/generate-sdks.sh [OUT_DIR]   write OUT_DIR/{nodejs,go,python} (default: sdk/), replacing them
#   scripts/generate-sdks.sh --build     only build (or reuse) the generator; print its path as the last line
#
# `npm run generate` runs this after writing provider/schema.json; the unit test tests/unit/sdk-drift.test.ts
# generates into a temporary directory and compares with the checked-in sdk/. Never edit sdk/ by hand.
#
# The generator is tools/pulumi/sdkgen (the upstream code generators of github.com/pulumi/pulumi/pkg/v3 at the CLI's
# version, from the tools/pulumi module). It is built once per source hash (sdkgen/*.go, go.mod, go.sum) into
#   ${PULUMI_PARTNERCENTER_CACHE:-$HOME/.cache/pulumi-partnercenter}/sdkgen/<hash>/sdkgen
# (about 20 s when the CLI's modules are cached, see scripts/setup-pulumi.sh; several minutes cold). Like
# setup-pulumi.sh, the build may fetch missing Go modules from the Go module proxy; running the generator does not
# use the network.
set -euo pipefail

cd "$(dirname "$0")/.."
repo=$PWD
wrapper_dir=$repo/tools/pulumi
cache_root=${PULUMI_PARTNERCENTER_CACHE:-$HOME/.cache/pulumi-partnercenter}

log() { printf 'generate-sdks: %s\n' "$*" >&2; }
die() { printf 'generate-sdks: error: %s\n' "$*" >&2; exit 1; }

stamp=$(cat "$wrapper_dir/sdkgen/"*.go "$wrapper_dir/go.mod" "$wrapper_dir/go.sum" | sha256sum | cut -c1-16)
bin_dir=$cache_root/sdkgen/$stamp
bin=$bin_dir/sdkgen

if [[ ! -x $bin ]]; then
  command -v go >/dev/null 2>&1 || die "Go is not installed (needed once to build tools/pulumi/sdkgen; Go >= 1.25.11)"
  mkdir -p "$bin_dir"
  tmp=$bin_dir/.sdkgen.$$
  start=$SECONDS
  log "building tools/pulumi/sdkgen ($stamp)"
  (cd "$wrapper_dir" && go build -mod=readonly -buildvcs=false -trimpath -o "$tmp" ./sdkgen) ||
    { rm -f "$tmp"; die "go build of tools/pulumi/sdkgen failed (see above)"; }
  mv -f "$tmp" "$bin" # atomic: the cache may be shared by concurrent runs
  log "built sdkgen in $((SECONDS - start))s"
fi

if [[ ${1:-} == --build ]]; then
  echo "$bin"
  exit 0
fi

out=${1:-$repo/sdk}
"$bin" "$repo/provider/schema.json" "$out"

# The Go SDK is a module of its own: github.com/partnercenter-pulumi/sdk/go (the schema's importBasePath less the
# package), on the Pulumi Go SDK the generators come from (tools/pulumi/go.mod), with a go.sum so that `go vet` and
# consumers' `replace` builds verify it. `go mod tidy` needs only modules the CLI build already cached
# (scripts/setup-pulumi.sh); a missing one comes from the Go module proxy like the CLI's.
pulumi_sdk_version=$(awk '$1 == "github.com/pulumi/pulumi/sdk/v3" { print $2; exit }' "$wrapper_dir/go.mod")
[[ -n $pulumi_sdk_version ]] || die "no github.com/pulumi/pulumi/sdk/v3 requirement in $wrapper_dir/go.mod"
cat >"$out/go/go.mod" <<GOMOD
module github.com/partnercenter-pulumi/sdk/go

go 1.25

require github.com/pulumi/pulumi/sdk/v3 $pulumi_sdk_version
GOMOD
(cd "$out/go" && GOFLAGS=-mod=mod go mod tidy) || die "go mod tidy of the Go SDK failed (see above)"
log "go: go.mod on github.com/pulumi/pulumi/sdk/v3 $pulumi_sdk_version"
