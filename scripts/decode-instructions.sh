#!/usr/bin/env bash
# Instructions per decode of every body of the `sdk` benchmark, generated against the floor,
# counted by callgrind: figures the load of the machine does not change (timings do).
# Each count decodes the body N times and subtracts the run with N=0 (loading, setup).
#
#   scripts/decode-instructions.sh            needs valgrind
set -euo pipefail
cd "$(dirname "$0")/.."
exe=$(cargo bench -q -p tcapi-tests --bench sdk --no-run --message-format=json \
  | grep -o '"executable":"[^"]*"' | tail -1 | cut -d'"' -f4)
count() { # body which times
  TCAPI_COUNT_DECODES="$1 $2 $3" valgrind --tool=callgrind --callgrind-out-file=/dev/null "$exe" 2>&1 \
    | awk '/Collected :/ { print $4 }'
}
printf '%-48s %12s %12s %7s\n' body floor generated ratio
for body in $(TCAPI_COUNT_DECODES=list "$exe"); do
  times=30
  case "$body" in *small*) times=2000 ;; esac
  per() { echo $(( ($(count "$body" "$1" "$times") - $(count "$body" "$1" 0)) / times )); }
  floor=$(per floor)
  generated=$(per generated)
  printf '%-48s %12d %12d %6.3fx\n' "$body" "$floor" "$generated" "$(echo "$generated / $floor" | bc -l)"
done
