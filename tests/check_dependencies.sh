#!/bin/bash
# The folders are libraries stacked bottom up; a file may include from its own folder and the
# folders below it, never from one above (README.md, "How it works" > "Folders"; each folder's
# README.md says what it may include):
#
#   common  layers  catalog  styles  tiles  server  cli
#
# A folder of the list that does not exist is skipped. Usage: check_dependencies.sh [source root]
# Prints each include that goes upwards (file:line, the include, the rule) and exits 1 if any does.
set -u
root=${1:-$(dirname "$0")/..}
order=(common layers catalog styles tiles server cli)
# Includes allowed across the order, "folder:header", each with its reason:
#   styles:tiles/tile_math.h  Web Mercator math for the print's scale and extent; a library of its
#                             own (rxmap_tile_math, no dependencies) that belongs in common/.
allowed=(styles:tiles/tile_math.h)

rank() {
    local i
    for i in "${!order[@]}"; do [[ ${order[$i]} == "$1" ]] && { echo "$i"; return; }; done
    echo -1
}

violations=0
for folder in "${order[@]}"; do
    [[ -d $root/$folder ]] || continue
    own=$(rank "$folder")
    while IFS=: read -r file line text; do
        [[ $text =~ include[[:space:]]*\"([^\"]+)\" ]] || continue  # no sed per line: one fork less per include
        header=${BASH_REMATCH[1]}
        target=${header%%/*}
        [[ $header == */* ]] || continue
        theirs=$(rank "$target")
        ((theirs > own)) || continue
        [[ " ${allowed[*]} " == *" $folder:$header "* ]] && continue
        echo "${file#"$root"/}:$line: #include \"$header\": $folder/ must not include from $target/ (above it)"
        violations=$((violations + 1))
    done < <(grep -rnE --include='*.h' --include='*.hpp' --include='*.cpp' '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$root/$folder")
done
if ((violations > 0)); then
    echo "$violations include(s) against the folder order: ${order[*]}"
    exit 1
fi
echo "folder order holds: ${order[*]}"
