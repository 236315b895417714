#!/usr/bin/env bash
# The GitHub Action's one step (see action.yml): on a pull request, the semantic diff
# of the strategy change into the job summary; always, `align check` (on a pull
# request also the goalposts the change moves: targets eased after their cycle started). Inputs arrive
# as ALIGN_INPUT_* environment variables, never pasted into the script, so nothing a
# workflow passes can run as code. Exit code: align check's, else 2 when the diff
# could not be written (a shallow clone without the base: fetch-depth: 0).
set -uo pipefail

root="${ALIGN_INPUT_ROOT:-.}"
format="${ALIGN_INPUT_FORMAT:-github}"
base="${ALIGN_INPUT_BASE:-}"
if [ -n "${ALIGN_INPUT_TODAY:-}" ]; then
    export ALIGN_TODAY="$ALIGN_INPUT_TODAY"
fi

case "${GITHUB_EVENT_NAME:-}" in
    pull_request | pull_request_target) pull_request=true ;;
    *) pull_request=false ;;
esac

# The base branch as this clone has it: origin/NAME after actions/checkout, else NAME.
base_ref=""
if [ -n "$base" ]; then
    base_ref="$base"
    if git rev-parse -q --verify "origin/$base^{commit}" >/dev/null 2>&1; then
        base_ref="origin/$base"
    fi
fi

diff_status=0
if [ "$pull_request" = true ] && [ "${ALIGN_INPUT_DIFF:-true}" = true ]; then
    summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
    # GitHub takes at most 1 MiB per step summary; keep a margin for what is there.
    used=0
    if [ -f "$summary" ]; then
        used=$(wc -c <"$summary")
    fi
    budget=$((1048576 - used - 4096))
    if [ "$budget" -lt 0 ]; then
        budget=0
    fi
    out="${RUNNER_TEMP:-/tmp}/align-diff-$$.md"
    diff_args=(diff --root "$root" --format markdown --max-bytes "$budget")
    if [ -n "$base_ref" ]; then
        diff_args+=("$base_ref")
    fi
    if align "${diff_args[@]}" >"$out"; then
        cat "$out" >>"$summary"
    else
        diff_status=2
        printf '%s\n\n%s\n' "### Strategy diff: align diff could not run" \
            "See the log of this step. On a pull request, actions/checkout needs \`fetch-depth: 0\`." >>"$summary"
    fi
    rm -f "$out"
fi

check_args=(check --root "$root")
if [ "${ALIGN_INPUT_DENY_WARNINGS:-false}" = true ]; then
    check_args+=(--deny warnings)
fi
if [ "$pull_request" = true ] && [ -n "$base_ref" ]; then
    if [ "${ALIGN_INPUT_ONLY_NEW:-false}" = true ]; then
        # --base reports the goalposts the change moves too.
        check_args+=(--base "$base_ref")
    elif [ "${ALIGN_INPUT_GOALPOSTS:-true}" = true ] &&
        git rev-parse -q --verify "$base_ref^{commit}" >/dev/null 2>&1; then
        # A base this clone lacks fails the diff above, which says why; the check
        # still runs and annotates.
        check_args+=(--goalposts "$base_ref")
    fi
fi

# SARIF goes to a file that the `sarif-file` output names, for upload-sarif; its
# category keeps two trees of one repository apart in code scanning.
category="${ALIGN_INPUT_CATEGORY:-}"
if [ -z "$category" ]; then
    category="align"
    clean_root="${root#./}"
    clean_root="${clean_root%/}"
    if [ -n "$clean_root" ] && [ "$clean_root" != . ]; then
        category="align/$clean_root"
    fi
fi
sarif_file="${RUNNER_TEMP:-/tmp}/align-$$.sarif"
sarif_args=(--format sarif --category "$category")

if [ "$format" = sarif ]; then
    align "${check_args[@]}" "${sarif_args[@]}" >"$sarif_file"
    check_status=$?
    echo "align check: SARIF written to $sarif_file (the sarif-file output)"
else
    align "${check_args[@]}" --format "$format"
    check_status=$?
    if [ "${ALIGN_INPUT_SARIF:-false}" = true ]; then
        # The findings again, as SARIF; the run above decides the exit code.
        align "${check_args[@]}" "${sarif_args[@]}" >"$sarif_file" || true
    fi
fi
if [ -s "$sarif_file" ]; then
    echo "sarif-file=$sarif_file" >>"${GITHUB_OUTPUT:-/dev/null}"
fi

if [ "$check_status" -ne 0 ]; then
    exit "$check_status"
fi
exit "$diff_status"
