#!/usr/bin/env bash
# Installs align for the GitHub Action (see action.yml), in two steps around the cache:
#
#   install.sh plan      prints version=, target=, key= and dir= for $GITHUB_OUTPUT
#   install.sh install   puts align into $ALIGN_DIR/bin
#
# Also the first run of the pre-commit hook (action/pre-commit.sh).
#
# A runner whose OS and architecture have a release archive downloads it with its
# .sha256 from the GitHub release of the version, verifies the checksum and unpacks
# the binary: a mismatch fails and installs nothing. Any other runner, or `version:
# source`, builds align from the action's own sources with `cargo install --locked`.
#
# Inputs, as environment variables (never pasted into the script):
#   ALIGN_VERSION       X.Y.Z, vX.Y.Z, or "source"; empty: the action's own version
#   ALIGN_ACTION_REF    the ref the workflow names the action by (github.action_ref)
#   ALIGN_DOWNLOAD_URL  where releases live (default: the repository in Cargo.toml,
#                       /releases/download); each version's archives are in vX.Y.Z/
#   ALIGN_TARGET, ALIGN_DIR   from `plan`, for `install`
#   RUNNER_OS, RUNNER_ARCH, RUNNER_TOOL_CACHE, GITHUB_ACTION_PATH   set by GitHub
set -euo pipefail

action_dir="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}"

fail() {
    if [ -n "${GITHUB_ACTIONS:-}" ]; then
        echo "::error title=align install::$*" >&2
    else
        echo "align install: error: $*" >&2
    fi
    exit 1
}

# A key of the package table in the action's Cargo.toml ("version", "repository").
package_key() {
    sed -n "/^\[package\]/,/^\[/s/^$1 = \"\(.*\)\"\$/\1/p" "$action_dir/Cargo.toml" | head -n 1
}

# The version to install: the input; else the action's ref when it is a version tag
# (uses: OWNER/align@v0.2.0); else, for a branch or a commit, the version in the
# action's Cargo.toml. GitHub leaves github.action_ref empty in some composite
# actions, so the checkout's folder (_actions/OWNER/REPO/REF) names the ref too.
resolve_version() {
    local version="${ALIGN_VERSION:-}" ref="${ALIGN_ACTION_REF:-}"
    if [ -z "$ref" ]; then
        ref="$(basename "$action_dir")"
    fi
    if [ -z "$version" ] && [[ "$ref" =~ ^v[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]]; then
        version="$ref"
    fi
    if [ -z "$version" ]; then
        version="$(package_key version)"
    fi
    version="${version#v}"
    if [ "$version" != source ] && ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]]; then
        fail "version '$version' is not a version like 0.2.0 (or \"source\")"
    fi
    echo "$version"
}

# The release target for the runner, or nothing when no archive is built for it.
target_of() {
    case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
        Linux/X64) echo x86_64-unknown-linux-musl ;;
        Linux/ARM64) echo aarch64-unknown-linux-musl ;;
        macOS/X64) echo x86_64-apple-darwin ;;
        macOS/ARM64) echo aarch64-apple-darwin ;;
        Windows/X64) echo x86_64-pc-windows-msvc ;;
        *) echo "" ;;
    esac
}

# The SHA-256 of standard input, in hex (macOS has shasum, not sha256sum).
sha256() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum | cut -d' ' -f1
    else
        shasum -a 256 | cut -d' ' -f1
    fi
}

plan() {
    local version target key
    version="$(resolve_version)"
    target=""
    if [ "$version" != source ]; then
        target="$(target_of)"
    fi
    if [ -n "$target" ]; then
        key="align-v$version-$target"
    else
        # Built from the sources: keyed by them, so a moved branch rebuilds.
        local hash
        hash=$( (cd "$action_dir" && cat Cargo.toml Cargo.lock &&
            find src assets -type f | LC_ALL=C sort | xargs cat) | sha256 | cut -c1-16)
        key="align-source-$hash-${RUNNER_OS:-os}-${RUNNER_ARCH:-arch}"
    fi
    echo "version=$version"
    echo "target=$target"
    echo "key=$key"
    echo "dir=${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-/tmp}}/align/$key"
}

download() {
    local url="$1" out="$2" status
    status=$(curl --silent --show-error --location --retry 3 --output "$out" \
        --write-out '%{http_code}' "$url") || fail "could not download $url"
    case "$status" in
        200) ;;
        404) return 4 ;;
        *) fail "downloading $url: HTTP $status" ;;
    esac
}

install_binary() {
    local version="$1" target="$2" dir="$3"
    local base="${ALIGN_DOWNLOAD_URL:-$(package_key repository)/releases/download}"
    local name="align-v$version-$target" ext=".tar.gz" exe=""
    if [[ "$target" == *windows* ]]; then
        ext=".zip"
        exe=".exe"
    fi
    # Global, not local: the EXIT trap runs after this function has returned.
    scratch="$(mktemp -d)"
    trap 'rm -rf "$scratch"' EXIT
    local url="${base%/}/v$version/$name$ext"
    echo "Downloading $url"
    if ! download "$url" "$scratch/$name$ext"; then
        fail "align $version has no release archive for $target ($url: not found). \
Pin the action to a release tag, set \`version\` to a released version, or \`version: source\`"
    fi
    download "$url.sha256" "$scratch/$name$ext.sha256" ||
        fail "the release of align $version has no checksum for $name$ext"
    local expected actual
    expected="$(cut -d' ' -f1 <"$scratch/$name$ext.sha256" | tr 'A-F' 'a-f')"
    actual="$(sha256 <"$scratch/$name$ext")"
    if ! [[ "$expected" =~ ^[0-9a-f]{64}$ ]] || [ "$expected" != "$actual" ]; then
        fail "checksum mismatch for $name$ext: expected '$expected', got $actual. Nothing was installed"
    fi
    echo "Checksum verified: $actual"
    if [ "$ext" = .zip ]; then
        (cd "$scratch" && unzip -q "$name$ext")
    else
        tar -xzf "$scratch/$name$ext" -C "$scratch"
    fi
    [ -f "$scratch/$name/align$exe" ] || fail "$name$ext holds no $name/align$exe"
    mkdir -p "$dir/bin"
    # Copied, then renamed: an interrupted copy never leaves a broken align behind.
    cp "$scratch/$name/align$exe" "$dir/bin/.align$exe.part"
    chmod +x "$dir/bin/.align$exe.part"
    mv -f "$dir/bin/.align$exe.part" "$dir/bin/align$exe"
}

install_source() {
    local dir="$1"
    command -v cargo >/dev/null 2>&1 ||
        fail "no release archive for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?} and no cargo to build align: install Rust first"
    echo "Building align from source (a few minutes, once per version)"
    cargo install --locked --path "$action_dir" --root "$dir"
}

case "${1:-}" in
    plan) plan ;;
    install)
        dir="${ALIGN_DIR:?ALIGN_DIR is set by install.sh plan}"
        if [ -n "${ALIGN_TARGET:-}" ]; then
            install_binary "${ALIGN_VERSION:?}" "$ALIGN_TARGET" "$dir"
        else
            install_source "$dir"
        fi
        ;;
    *)
        echo "usage: install.sh plan|install" >&2
        exit 2
        ;;
esac
