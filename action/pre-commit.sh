#!/usr/bin/env bash
# The entry of the align-check pre-commit hook (.pre-commit-hooks.yaml): the first run
# installs align of the hook's version with action/install.sh, as the GitHub Action
# does (the release archive for this machine, checksum verified, into
# ~/.cache/align; else `cargo install --locked` from the hook's sources, so the
# lock file holds), then every run is `align` with the hook's arguments.
# ALIGN_VERSION=source builds from the sources on any machine.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"

case "$(uname -s)" in
    Linux) os=Linux ;;
    Darwin) os=macOS ;;
    MINGW* | MSYS* | CYGWIN*) os=Windows ;;
    *) os="$(uname -s)" ;;
esac
case "$(uname -m)" in
    x86_64 | amd64) arch=X64 ;;
    aarch64 | arm64) arch=ARM64 ;;
    *) arch="$(uname -m)" ;;
esac

plan="$(RUNNER_OS="$os" RUNNER_ARCH="$arch" GITHUB_ACTION_PATH="$here" \
    RUNNER_TOOL_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}" bash "$here/action/install.sh" plan)"
value() { sed -n "s/^$1=//p" <<<"$plan"; }
dir="$(value dir)"
exe=""
[ "$os" = Windows ] && exe=".exe"

if [ ! -x "$dir/bin/align$exe" ]; then
    echo "align-check: installing align $(value version) into $dir (once)" >&2
    ALIGN_VERSION="$(value version)" ALIGN_TARGET="$(value target)" ALIGN_DIR="$dir" \
        GITHUB_ACTION_PATH="$here" bash "$here/action/install.sh" install >&2
fi
exec "$dir/bin/align$exe" "$@"
