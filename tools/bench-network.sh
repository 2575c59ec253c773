#!/usr/bin/env bash
# Builds in release and prints TaggerNetwork training/prediction throughput for the reference
# configuration (emb 64, hidden 128, 1 layer, batch 32, 333 labels, lengths 15-60), softmax and
# CRF heads, 1 and 2 threads. Extra arguments go to every run (e.g. --batches 60).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product bench-network >&2
bin=.build/release/bench-network
for head in "" "--crf"; do
    for threads in 1 2; do
        "$bin" $head --threads "$threads" "$@"
    done
done
