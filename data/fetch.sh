#!/usr/bin/env bash
# Fill a local data folder with every file listed in data/manifest.tsv, each
# verified against its sha256. See data/README.md.
#
#   data/fetch.sh [--mirror DIR] [--dest DIR]
#
# For each manifest row, in order:
#   1. the destination file exists with the right sha256      -> kept
#   2. source_url is project:<path>  -> copied from the repo   (data/facts/...)
#   3. the mirror has the file at the same path               -> copied
#   4. otherwise source_url is downloaded with curl
# Every new file is written to a temp file beside its target, checked, and
# renamed into place; a file whose sha256 is wrong is deleted and reported.
# Exits non-zero when any file is missing or bad.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
MANIFEST="$REPO/data/manifest.tsv"
DEST="$REPO/data/local/raw"
MIRROR="${RXMAP_MIRROR:-}"
MIRROR_FROM="RXMAP_MIRROR"

usage() {
  cat <<EOF
usage: data/fetch.sh [--mirror DIR] [--dest DIR]

Fills DEST (default: data/local/raw in the repo) with every file listed in
data/manifest.tsv, verified by sha256. Sources, in order: the repo itself
(project: rows), the mirror (default: <repo>/../shared/data if it exists; or
env RXMAP_MIRROR; or --mirror), the row's source_url (curl).
EOF
}

die() { echo "fetch: error: $*" >&2; exit 2; }

while (($#)); do
  case "$1" in
    --mirror) (($# >= 2)) || die "--mirror needs a directory"; MIRROR="$2"; MIRROR_FROM="--mirror"; shift 2 ;;
    --mirror=*) MIRROR="${1#*=}"; MIRROR_FROM="--mirror"; shift ;;
    --dest) (($# >= 2)) || die "--dest needs a directory"; DEST="$2"; shift 2 ;;
    --dest=*) DEST="${1#*=}"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

if [[ -n "$MIRROR" ]]; then
  [[ -d "$MIRROR" ]] || die "mirror given by $MIRROR_FROM is not a directory: $MIRROR"
elif [[ -d "$REPO/../shared/data" ]]; then
  MIRROR="$REPO/../shared/data"
fi
[[ -z "$MIRROR" ]] || MIRROR="$(cd "$MIRROR" && pwd -P)"

[[ -f "$MANIFEST" ]] || die "manifest not found: $MANIFEST"
command -v sha256sum >/dev/null || die "sha256sum not found (coreutils)"

# Check the manifest's shape before touching anything: bash's read collapses
# empty tab-separated fields, so every field must be non-empty.
awk -F'\t' '
  NR == 1 {
    if ($0 != "id\tpath\tformat\tencoding\tsource_url\tlicence\tcredit\tsha256") {
      print "line 1: header is not: id path format encoding source_url licence credit sha256"; bad = 1
    }
    next
  }
  /^[[:space:]]*$/ { next }
  {
    if (NF != 8) { print "line " NR ": " NF " fields, want 8"; bad = 1; next }
    for (i = 1; i <= 8; i++) if ($i == "") { print "line " NR ": field " i " is empty"; bad = 1 }
    if ($8 !~ /^[0-9a-f]+$/ || length($8) != 64) { print "line " NR ": sha256 is not 64 lowercase hex digits"; bad = 1 }
    if ($2 ~ /^\// || $2 ~ /(^|\/)\.\.?(\/|$)/) { print "line " NR ": path must be relative without . or ..: " $2; bad = 1 }
    if (seen_id[$1]++) { print "line " NR ": duplicate id " $1; bad = 1 }
    if (seen_path[$2]++) { print "line " NR ": duplicate path " $2; bad = 1 }
  }
  END { exit bad }
' "$MANIFEST" >&2 || die "malformed manifest: $MANIFEST"

mkdir -p "$DEST" || die "cannot create destination: $DEST"
DEST="$(cd "$DEST" && pwd -P)"

sha_of() { sha256sum -- "$1" | cut -d' ' -f1; }

TMP=""
cleanup() { [[ -z "$TMP" ]] || rm -f -- "$TMP"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

total=0 present=0 copied=0 downloaded=0
failures=()

fail() { # id path message
  echo "fetch: FAILED $1 ($2): $3" >&2
  failures+=("$1")
}

# Puts a checked file in place: $1 id, $2 path, $3 expected sha, $4 source label.
# The temp file ($TMP) has already been written.
install_tmp() {
  local id="$1" path="$2" want="$3" from="$4" got
  got="$(sha_of "$TMP")"
  if [[ "$got" != "$want" ]]; then
    rm -f -- "$TMP"; TMP=""
    fail "$id" "$path" "sha256 mismatch for $DEST/$path (from $from)
    expected $want
    actual   $got
  the file was deleted"
    return 1
  fi
  chmod 0644 -- "$TMP"   # mktemp makes 0600
  mv -f -- "$TMP" "$DEST/$path"
  TMP=""
}

while IFS=$'\t' read -r -u 3 id path _format _encoding url _licence _credit sha || [[ -n "${id:-}" ]]; do
  [[ "$id" == "id" && "$path" == "path" ]] && continue   # header
  [[ -n "${id//[[:space:]]/}" ]] || continue             # blank line
  sha="${sha%$'\r'}"
  total=$((total + 1))
  target="$DEST/$path"

  if [[ -f "$target" ]]; then
    if [[ "$(sha_of "$target")" == "$sha" ]]; then
      present=$((present + 1))
      continue
    fi
    echo "fetch: $path: sha256 differs from the manifest; deleting it and fetching it again" >&2
    rm -f -- "$target"
  fi

  mkdir -p -- "$(dirname -- "$target")"
  TMP="$(mktemp "$target.part.XXXXXX")"

  src=""
  if [[ "$url" == project:* ]]; then
    rel="${url#project:}"
    if [[ -f "$REPO/$rel" ]]; then
      src="$REPO/$rel"
    fi
  fi
  if [[ -z "$src" && -n "$MIRROR" && -f "$MIRROR/$path" ]]; then
    src="$MIRROR/$path"
  fi

  if [[ -n "$src" ]]; then
    # cat, not cp: the copy gets a normal writable mode even from a read-only mirror.
    if ! cat -- "$src" >"$TMP"; then
      rm -f -- "$TMP"; TMP=""
      fail "$id" "$path" "cannot copy from $src"
      continue
    fi
    install_tmp "$id" "$path" "$sha" "$src" && copied=$((copied + 1))
    continue
  fi

  if [[ "$url" == project:* ]]; then
    rm -f -- "$TMP"; TMP=""
    fail "$id" "$path" "not in the repo at ${url#project:}${MIRROR:+ nor in the mirror $MIRROR}; project: files cannot be downloaded"
    continue
  fi
  if [[ "$url" != http://* && "$url" != https://* ]]; then
    rm -f -- "$TMP"; TMP=""
    fail "$id" "$path" "not in the mirror (${MIRROR:-none}) and source_url is not http(s): $url"
    continue
  fi
  if ! command -v curl >/dev/null; then
    rm -f -- "$TMP"; TMP=""
    fail "$id" "$path" "not in the mirror (${MIRROR:-none}) and curl is not installed to download $url"
    continue
  fi

  echo "fetch: downloading $path from $url" >&2
  rc=0
  curl --fail --silent --show-error --location --retry 2 --connect-timeout 20 --max-time 900 \
       --output "$TMP" -- "$url" </dev/null || rc=$?
  if ((rc != 0)); then
    rm -f -- "$TMP"; TMP=""
    fail "$id" "$path" "not in the mirror (${MIRROR:-none}) and download failed (curl exit $rc) from $url
  hint: point --mirror or RXMAP_MIRROR at a copy of the data (e.g. ../shared/data)"
    continue
  fi
  install_tmp "$id" "$path" "$sha" "$url" && downloaded=$((downloaded + 1))
done 3<"$MANIFEST"

summary="fetch: $total files in $DEST: $copied copied, $downloaded downloaded, $present already present"
if ((${#failures[@]})); then
  echo "$summary, ${#failures[@]} FAILED: ${failures[*]}" >&2
  exit 1
fi
echo "$summary"
