#!/usr/bin/env bash
# STYLE rule 1: a file includes headers only from its room and rooms to its left.
# Prints "ok layering" or one line per upward include.
cd "$(dirname "$0")/../src"
order="lib fw boot mm hotplug drivers abi fuse cli"
rank() { local i=0; for r in $order; do [ "$r" = "$1" ] && { echo $i; return; }; i=$((i+1)); done; echo 99; }
bad=0
for f in */*.[ch]; do
	room=${f%%/*}
	r=$(rank "$room")
	while read -r inc; do
		iroom=${inc%%/*}
		[ "$iroom" = "$inc" ] && continue
		ir=$(rank "$iroom")
		if [ "$ir" -gt "$r" ]; then echo "upward include: $f includes $inc"; bad=1; fi
	done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f")
done
[ $bad -eq 0 ] && echo "ok layering"
exit $bad
