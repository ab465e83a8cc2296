#!/bin/bash
# The rooms are libraries stacked bottom up; a file may include from its own room and the rooms
# below it, never from one above (README.md, "Folders"; each room's README.md says what it may
# include). A room is a top-level folder or, for server/, one of its subfolders:
#
#   common  layers  catalog  styles  queries  print  tiles  tilesets  server/http  server/api  cli
#
# A file or header belongs to the longest room of the list its path starts with. A room of the
# list that does not exist is skipped. Usage: check_dependencies.sh [source root]
# Prints each include that goes upwards (file:line, the include, the rule) and exits 1 if any does.
set -u
root=${1:-$(dirname "$0")/..}
order=(common layers catalog styles queries print tiles tilesets server/http server/api cli)

# rank PATH: sets room to the index of the room PATH belongs to (longest matching prefix), -1 for none.
# (A variable, not an echo: no subshell per include.)
rank() {
    local i len=0
    room=-1
    for i in "${!order[@]}"; do
        if [[ $1 == "${order[$i]}/"* && ${#order[$i]} -gt $len ]]; then
            room=$i
            len=${#order[$i]}
        fi
    done
}

violations=0
for folder in "${order[@]}"; do
    [[ -d $root/$folder ]] || continue
    rank "$folder/"
    own=$room
    while IFS=: read -r file line text; do
        [[ $text =~ include[[:space:]]*\"([^\"]+)\" ]] || continue  # no sed per line: one fork less per include
        header=${BASH_REMATCH[1]}
        [[ $header == */* ]] || continue
        rank "${file#"$root"/}"
        ((room == own)) || continue  # a file of a subroom is checked as its own room
        rank "$header"
        theirs=$room
        ((theirs > own)) || continue
        echo "${file#"$root"/}:$line: #include \"$header\": $folder/ must not include from ${order[$theirs]}/ (above it)"
        violations=$((violations + 1))
    done < <(grep -rnE --include='*.h' --include='*.hpp' --include='*.cpp' '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$root/$folder")
done
if ((violations > 0)); then
    echo "$violations include(s) against the room order: ${order[*]}"
    exit 1
fi
echo "room order holds: ${order[*]}"
