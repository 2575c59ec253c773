#!/usr/bin/env python3
"""The benchmark behind tools/bench (see its --help). Standard library only.

Builds biotag in release, prepares the data in a temporary folder, times the release binary
(wall clock; median of several runs where a run is short) and prints one Markdown table, plus
the linearity table. With --peer it also runs the PyTorch peer (torch_bilstm.py in the --peers
folder) on the same data and configuration and prints the ratios against the targets.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(ROOT, ".build", "release", "biotag")
GNU_TIME = "/usr/bin/time"

# Reference figures and targets (Kiwi: its recorded figure on an Intel Xeon Cascade Lake).
KIWI_CHARS_PER_S = 43_613
FMA_PEAK_REFERENCE = 150.0
TARGETS = {"train": 10.0, "tag_b1": 10.0, "tag_b32": 3.0, "morph": 2.0, "kernel": 0.60,
           "rss_mb": 30.0, "startup_ms": 100.0}
# The peer's configuration: emb 64, hidden 128 per direction, 1 layer, batch 32,
# dropout 0.3, Adam 1e-3, clip 5. Its dropout is on the LSTM output only (torch_bilstm.py:
# self.out(self.drop(h)); nn.LSTM's own dropout is off for one layer), hence --input-dropout 0.
TRAIN_OPTIONS = ["--labels", "pos", "--unit", "char", "--emb", "64", "--hidden", "128", "--layers", "1",
                 "--batch", "32", "--dropout", "0.3", "--input-dropout", "0", "--optimizer", "adam",
                 "--lr", "0.001", "--clip", "5", "--epochs", "1", "--patience", "0", "--seed", "1",
                 "--threads", "2"]
# Our default placement (dropout on the embeddings too), reported beside it.
_AT = TRAIN_OPTIONS.index("--input-dropout")
TRAIN_OPTIONS_EMBEDDING_DROPOUT = TRAIN_OPTIONS[:_AT] + TRAIN_OPTIONS[_AT + 2:]


def log(message):
    print(message, file=sys.stderr, flush=True)


class Run:
    """One finished process: wall seconds, CPU seconds (user + sys), peak RSS in MB, stderr."""

    def __init__(self, wall, cpu, rss_mb, stderr):
        self.wall, self.cpu, self.rss_mb, self.stderr = wall, cpu, rss_mb, stderr


def run(cmd, stdin=None, stdout=None, cwd=ROOT, timeout=None):
    """Runs `cmd` (stdin/stdout: file paths or None) and measures it with wait4 (per-process
    peak RSS). Raises RuntimeError with the end of stderr when the command fails or is killed
    after `timeout` seconds."""
    fin = open(stdin, "rb") if stdin else subprocess.DEVNULL
    fout = open(stdout, "wb") if stdout else subprocess.DEVNULL
    # The child's ru_maxrss counts the memory it had between fork and exec, i.e. this Python
    # process's (~30 MB here): through GNU time, which forks from a tiny process, when present.
    rss_file = None
    if os.path.exists(GNU_TIME) and timeout is None:
        fd, rss_file = tempfile.mkstemp(prefix="bench-rss.")
        os.close(fd)
        cmd = [GNU_TIME, "-f", "%M", "-o", rss_file] + cmd
    with tempfile.TemporaryFile() as ferr:
        start = time.perf_counter()
        process = subprocess.Popen(cmd, stdin=fin, stdout=fout, stderr=ferr, cwd=cwd)
        timer = threading.Timer(timeout, process.kill) if timeout else None
        if timer:
            timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        if timer:
            timer.cancel()
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        ferr.seek(0)
        err = ferr.read().decode("utf-8", "replace")
    for f in (fin, fout):
        if hasattr(f, "close"):
            f.close()
    rss_mb = usage.ru_maxrss / 1024
    if rss_file:
        try:
            with open(rss_file) as f:
                rss_mb = int(f.read().split()[-1]) / 1024
        except (OSError, ValueError, IndexError):
            pass
        os.remove(rss_file)
    if process.returncode != 0:
        tail = "\n".join(err.strip().splitlines()[-5:])
        raise RuntimeError(f"{' '.join(cmd)} exited with {process.returncode}:\n{tail}")
    return Run(wall, usage.ru_utime + usage.ru_stime, rss_mb, err)


def median_run(cmd, reps, stdin=None, stdout=None):
    """Median wall/CPU time of `reps` runs after one warm-up run; the largest peak RSS."""
    run(cmd, stdin=stdin, stdout=stdout)
    runs = [run(cmd, stdin=stdin, stdout=stdout) for _ in range(reps)]
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               max(r.rss_mb for r in runs), runs[-1].stderr)


def sentences(path):
    """The CoNLL-U sentence blocks of `path` (comment lines included), without the blank lines."""
    with open(path, encoding="utf-8") as f:
        blocks = f.read().split("\n\n")
    return [b.strip("\n") for b in blocks if b.strip()]


def text_of(block):
    for line in block.split("\n"):
        if line.startswith("# text = "):
            return line[len("# text = "):]
    return ""


def write_lines(path, lines):
    with open(path, "w", encoding="utf-8") as f:
        for line in lines:
            f.write(line + "\n")


def prepare(args, work):
    """Writes the data files into `work` and returns their paths and token counts."""
    gsd = os.path.join(args.data, "UD_Korean-GSD")
    train = sentences(os.path.join(gsd, "ko_gsd-ud-train.conllu"))
    dev = sentences(os.path.join(gsd, "ko_gsd-ud-dev.conllu"))
    if args.quick:
        train, dev = train[:args.quick_train], dev[:args.quick_dev]
    d = {"train_sents": len(train), "dev_sents": len(dev)}
    for name, blocks, copies in (("train1", train, 1), ("train4", train, 4), ("dev", dev, 1)):
        path = os.path.join(work, name + ".conllu")
        with open(path, "w", encoding="utf-8") as f:
            for _ in range(copies):
                for b in blocks:
                    f.write(b + "\n\n")
        d[name] = path
    texts = [text_of(b) for b in dev]
    d["dev_txt"] = os.path.join(work, "dev.txt")
    d["dev4_txt"] = os.path.join(work, "dev4.txt")
    write_lines(d["dev_txt"], texts)
    write_lines(d["dev4_txt"], texts * 4)
    # A token is one character, spaces included (the peer's `▁` tokens): len() of each line.
    d["dev_tokens"] = sum(len(t) for t in texts)
    # Lines of exactly N characters cut from the running dev text, about as many tokens in all
    # as the dev text (so each length does the same work).
    stream = " ".join(texts)
    total = d["dev_tokens"]
    d["lengths"] = {}
    for n in (10, 100, 1000):
        lines, pos = [], 0
        while sum(map(len, lines)) < total:
            while stream[pos % len(stream)] == " ":
                pos += 1
            chunk = "".join(stream[(pos + i) % len(stream)] for i in range(n))
            pos += n
            lines.append(chunk.rstrip())
        path = os.path.join(work, f"len{n}.txt")
        write_lines(path, lines)
        d["lengths"][n] = (path, sum(map(len, lines)), len(lines))
    with open(os.path.join(work, "startup.txt"), "w", encoding="utf-8") as f:
        f.write("가\n")
    d["startup"] = os.path.join(work, "startup.txt")
    return d


def kernels():
    """GFLOP/s (pre-packed weights, one thread) from tools/bench-kernels --quick."""
    log("kernels: tools/bench-kernels --quick")
    out = subprocess.run([os.path.join(ROOT, "tools", "bench-kernels"), "--quick"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    result = {"peak": None}
    m = re.search(r"FMA peak, one core.*?: ([\d.]+) GFLOP/s", out)
    if m:
        result["peak"] = float(m.group(1))
    for shape in ("1x512x192", "32x512x192", "2000x512x128"):
        m = re.search(r"fwd\s+" + shape + r"\s+C=A·Wᵀ\s+(\S+)\s+([\d.]+)\s+([\d.]+)", out)
        result[shape] = float(m.group(3)) if m else None
    # No product runs faster than the FMA peak: a peak measured below a product's figure was
    # disturbed, and the product's figure is the better estimate of it.
    fastest = max((v for key, v in result.items() if key != "peak" and v), default=None)
    if result["peak"] and fastest and fastest > result["peak"]:
        result["peak_measured"] = result["peak"]
        result["peak"] = fastest
    return result


TOKS = re.compile(r"epoch 1/1 done: .*?, ([\d.]+)(k?) tok/s")
MODEL = re.compile(r"model: unit (\w+), (\d+) tokens, (\d+) labels")


def train(data, work, name, reps, options=TRAIN_OPTIONS, suffix=""):
    """One epoch on `name`, `reps` times (the same model each time: training is deterministic);
    the median tokens/s (an epoch of the 1x corpus takes about 3 s, and single runs on a shared VM
    moved between 54k and 83k tokens/s within an hour)."""
    log(f"train: one epoch on {name}{' (' + suffix + ')' if suffix else ''} (2 threads), {reps} run(s)")
    model = os.path.join(work, name + ("-" + suffix.replace(" ", "-") if suffix else "") + ".model")
    runs = []
    for _ in range(reps):
        r = run([BIN, "train", "--train", data[name], "--dev", data["dev"], "--out", model] + options)
        m = TOKS.search(r.stderr)
        if not m:
            raise RuntimeError("no 'epoch 1/1 done: ... tok/s' line in biotag train's output:\n" + r.stderr[-500:])
        runs.append((float(m.group(1)) * (1000 if m.group(2) else 1), r))
    tokps = statistics.median(t for t, _ in runs)
    r = runs[-1][1]
    labels = MODEL.search(r.stderr)
    return {"tok_s": tokps, "runs": [t for t, _ in runs], "rss_mb": max(q.rss_mb for _, q in runs),
            "wall": r.wall, "model": model, "labels": int(labels.group(3)) if labels else None}


def tag(cmd, tokens, reps, stdin=None):
    r = median_run([BIN, "tag"] + cmd, reps, stdin=stdin)
    return {"tok_s": tokens / r.wall, "wall": r.wall, "cpu": r.cpu, "rss_mb": r.rss_mb}


def ours(args, data, work):
    res = {}
    reps = args.reps
    res["train"] = train(data, work, "train1", 3)
    res["train4"] = train(data, work, "train4", 1)
    res["train_embdrop"] = train(data, work, "train1", 3, TRAIN_OPTIONS_EMBEDDING_DROPOUT, "embedding dropout")
    model = res["train"]["model"]
    n = data["dev_tokens"]
    log("tag: batch 1 and 32 with the benchmark model (1 and 2 threads, --format bio)")
    res["tag_b1"] = tag(["--model", model, "--format", "bio"], n, reps, stdin=data["dev_txt"])
    # One sentence per network call: no grouping of the lines already waiting (--read-ahead 1).
    res["tag_b1_strict"] = tag(["--model", model, "--format", "bio", "--read-ahead", "1"], n, reps,
                               stdin=data["dev_txt"])
    res["tag_b32"] = tag(["--model", model, "--format", "bio", "--batch", "32", data["dev_txt"]], n, reps)
    res["tag_b1_t2"] = tag(["--model", model, "--format", "bio", "--threads", "2"], n, reps,
                           stdin=data["dev_txt"])
    res["tag_b1_strict_t2"] = tag(["--model", model, "--format", "bio", "--read-ahead", "1", "--threads", "2"],
                                  n, reps, stdin=data["dev_txt"])
    res["tag_b32_t2"] = tag(["--model", model, "--format", "bio", "--batch", "32", "--threads", "2",
                             data["dev_txt"]], n, reps)
    res["tag_b32_x4"] = tag(["--model", model, "--format", "bio", "--batch", "32", data["dev4_txt"]], 4 * n, reps)
    # The shipped morpheme model (or BIOTAG_MODELS); without it, the model trained above.
    try:
        run([BIN, "tag"], stdin=data["startup"])
        shipped, res["shipped"] = [], True
    except RuntimeError:
        log("no shipped morpheme model installed: morpheme analysis, RSS and start-up use the benchmark model")
        shipped, res["shipped"] = ["--model", model], False
    log("morpheme analysis: --batch 32 (1 and 2 threads) and line by line")
    res["morph"] = tag(shipped + ["--batch", "32", data["dev_txt"]], n, reps)
    res["morph_t2"] = tag(shipped + ["--batch", "32", "--threads", "2", data["dev_txt"]], n, reps)
    res["morph_b1"] = tag(shipped, n, reps, stdin=data["dev_txt"])
    res["morph_b1_t2"] = tag(shipped + ["--threads", "2"], n, reps, stdin=data["dev_txt"])
    # The smaller shipped morpheme model (state 64 per direction, about half the time), when installed.
    try:
        res["morph_fast"] = tag(["--model", "morph-fast", "--batch", "32", data["dev_txt"]], n, reps)
        res["morph_fast_t2"] = tag(["--model", "morph-fast", "--batch", "32", "--threads", "2", data["dev_txt"]],
                                   n, reps)
        res["morph_fast_b1"] = tag(["--model", "morph-fast"], n, reps, stdin=data["dev_txt"])
        walls = [run([BIN, "tag", "--model", "morph-fast"], stdin=data["startup"]).wall for _ in range(reps + 1)]
        busy = res["morph_fast"]["wall"] - statistics.median(walls[1:])
        res["morph_fast"]["tok_s_steady"] = n / busy if busy > 0 else None
    except RuntimeError:
        log("no morph-fast model installed: its rows are left out")
    res["lengths"] = {}
    for length, (path, tokens, lines) in data["lengths"].items():
        log(f"tag: lines of {length} characters")
        res["lengths"][length] = {
            "b1": tag(["--model", model, "--format", "bio"], tokens, reps, stdin=path)["tok_s"],
            "b32": tag(["--model", model, "--format", "bio", "--batch", "32", path], tokens, reps)["tok_s"],
            "lines": lines, "tokens": tokens}
    # Start-up of the benchmark model, to show the tagging rates without it.
    walls = [run([BIN, "tag", "--model", model, "--format", "bio"], stdin=data["startup"]).wall for _ in range(reps + 1)]
    res["startup_model_s"] = statistics.median(walls[1:])
    for key in ("tag_b1", "tag_b32", "tag_b1_t2", "tag_b32_t2", "tag_b1_strict"):
        busy = res[key]["wall"] - res["startup_model_s"]
        res[key]["tok_s_steady"] = n / busy if busy > 0 else None
    log("start-up: echo 가 | biotag tag")
    walls = [run([BIN, "tag"] + shipped, stdin=data["startup"]).wall for _ in range(reps + 1)]
    res["startup_shipped_s"] = statistics.median(walls[1:])
    for key in ("morph", "morph_t2"):
        busy = res[key]["wall"] - res["startup_shipped_s"]
        res[key]["tok_s_steady"] = n / busy if busy > 0 else None
    walls = []
    run([BIN, "tag"] + shipped, stdin=data["startup"])
    for _ in range(args.startup_reps):
        walls.append(run([BIN, "tag"] + shipped, stdin=data["startup"]).wall)
    res["startup_ms"] = statistics.median(walls) * 1000
    res["startup_all_ms"] = sorted(round(w * 1000, 1) for w in walls)
    return res


def peer(args, work):
    """Runs the PyTorch peer with 1 and 2 threads on its own conversion of the same GSD files."""
    peers = args.peers
    script = os.path.join(peers, "torch_bilstm.py")
    if not os.path.exists(script):
        raise RuntimeError(f"{script} not found (give --peers DIR)")
    check = subprocess.run([sys.executable, "-c", "import torch, seqeval, numpy"], capture_output=True)
    if check.returncode != 0:
        log("peer: pip install torch seqeval numpy (about 3 GB; minutes)")
        subprocess.run([sys.executable, "-m", "pip", "install", "torch", "seqeval", "numpy"], check=True,
                       stdout=sys.stderr)
    gsd = os.path.join(args.data, "UD_Korean-GSD")
    files = {}
    for split in ("train", "dev"):
        files[split] = os.path.join(work, f"peer_gsd_{split}.tsv")
        subprocess.run([sys.executable, os.path.join(peers, "convert_gsd.py"),
                        os.path.join(gsd, f"ko_gsd-ud-{split}.conllu"), files[split], "--fallback", "fuse"],
                       check=True, capture_output=True)
    out = os.path.join(work, "peer.jsonl")
    results = {}
    for threads in (1, 2):
        log(f"peer: torch_bilstm.py, {threads} thread(s), 1 epoch")
        cmd = [sys.executable, script, "--train", files["train"], "--dev", files["dev"], "--emb", "64",
               "--hidden", "128", "--layers", "1", "--batch", "32", "--dropout", "0.3", "--lr", "1e-3",
               "--clip", "5", "--threads", str(threads), "--epochs", "1", "--b1-sents", "0",
               "--infer-reps", str(args.reps), "--log-every", "0", "--json-out", out,
               "--tag", f"tools/bench t{threads}"]
        if args.quick:
            cmd += ["--max-train-sents", str(args.quick_train), "--max-dev-sents", str(args.quick_dev)]
        try:
            r = run(cmd, cwd=peers, timeout=args.peer_timeout)
        except RuntimeError as error:
            log(f"peer: {threads} thread(s) failed or ran out of time ({args.peer_timeout} s); left out: {error}")
            continue
        with open(out, encoding="utf-8") as f:
            last = json.loads(f.read().strip().splitlines()[-1])
        last["process_peak_rss_mb"] = r.rss_mb
        results[threads] = last
    if not results:
        log("peer: no run finished; the table has no ratios")
    return results or None


def kiwi(args):
    """Kiwi's chars/s on this machine (kiwi_eval.py in the --peers folder, one thread, best of 3
    passes over the GSD dev texts, model load excluded) when kiwipiepy is installed; else None."""
    script = os.path.join(args.peers, "kiwi_eval.py")
    check = subprocess.run([sys.executable, "-c", "import kiwipiepy"], capture_output=True)
    if check.returncode != 0 or not os.path.exists(script):
        log("kiwi: kiwipiepy not installed (pip install kiwipiepy); using the recorded figure")
        return None
    log("kiwi: kiwi_eval.py on GSD dev (1 thread)")
    out = tempfile.mktemp(prefix="kiwi.", suffix=".jsonl")
    try:
        subprocess.run([sys.executable, script, os.path.join(args.data, "UD_Korean-GSD", "ko_gsd-ud-dev.conllu"),
                        "--reps", "3", "--json-out", out], check=True, capture_output=True,
                       cwd=os.path.dirname(script), timeout=600)
        with open(out, encoding="utf-8") as f:
            runs = [json.loads(line) for line in f if line.strip()]
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError, ValueError) as error:
        log(f"kiwi: failed ({error}); using the recorded figure")
        return None
    finally:
        if os.path.exists(out):
            os.remove(out)
    best = max(runs, key=lambda r: r["chars_per_s"])
    return {"chars_per_s": best["chars_per_s"], "runs": [r["chars_per_s"] for r in runs],
            "version": best.get("kiwipiepy"), "rss_mb": best.get("peak_rss_mb")}


def fmt(x, digits=0):
    if x is None:
        return "–"
    return f"{x:,.{digits}f}"


def verdict(ok):
    return "yes" if ok else "**no**"


def report(args, data, k, o, p, kw, machine):
    rows = []   # measure, ours, peer, ratio, target, met

    def add(measure, mine, theirs="–", ratio="–", target="–", met="–"):
        rows.append((measure, mine, theirs, ratio, target, met))

    # The target is a share of the machine's FMA peak: the one measured in this run when there
    # is one (an AMD EPYC's double-pumped 512-bit FMAs peak near 110 GFLOP/s per core, a Xeon's
    # near 150-175), else the reference figure.
    peak = k.get("peak")
    for shape in ("32x512x192", "2000x512x128", "1x512x192"):
        g = k.get(shape)
        share = g / (peak or FMA_PEAK_REFERENCE) if g else None
        gated = shape != "1x512x192"
        add(f"kernel GFLOP/s, {shape.replace('x', '×')} (1 thread, packed)", fmt(g, 1), "–",
            ((f"{100 * g / peak:.0f} % of measured {peak:.0f} ({100 * g / FMA_PEAK_REFERENCE:.0f} % of 150)"
              if peak else f"{100 * share:.0f} % of 150") if share else "–"),
            ("≥ 60 % of the measured peak" if peak else "≥ 60 % of ~150") if gated else "(reported)",
            verdict(share >= TARGETS["kernel"]) if gated and share else "–")
    def best(key):
        return peer_best(p, key)

    def which(key):
        return max(p, key=lambda t: p[t][key]) if p else None

    def ratio_row(measure, mine, key, target):
        theirs = best(key)
        if theirs and mine:
            r = mine / theirs
            add(measure, fmt(mine), f"{fmt(theirs)} ({which(key)} thr.)", f"{r:.1f}×", f"≥ {target:g}×",
                verdict(r >= target))
        else:
            add(measure, fmt(mine), "–", "–", f"≥ {target:g}×", "–")

    ratio_row("train tokens/s, 1 epoch (ours 2 threads; dropout placed as the peer's)", o["train"]["tok_s"],
              "train_tok_s", TARGETS["train"])
    if "train_embdrop" in o:
        theirs, mine = best("train_tok_s"), o["train_embdrop"]["tok_s"]
        add("train tokens/s, 1 epoch, dropout on the embeddings too (our default placement, 2 threads)",
            fmt(mine), f"{fmt(theirs)} ({which('train_tok_s')} thr.)" if theirs else "–",
            f"{mine / theirs:.1f}×" if theirs else "–", "(reported)", "–")
    ratio_row("tag tokens/s, batch 1 (line by line, 1 thread)", o["tag_b1"]["tok_s"], "infer_b1_tok_s",
              TARGETS["tag_b1"])
    ratio_row("tag tokens/s, batch 1 (line by line, 2 threads)", o["tag_b1_t2"]["tok_s"], "infer_b1_tok_s",
              TARGETS["tag_b1"])
    ratio_row("tag tokens/s, batch 1, one sentence per call (`--read-ahead 1`, 1 thread)",
              o["tag_b1_strict"]["tok_s"], "infer_b1_tok_s", TARGETS["tag_b1"])
    if "tag_b1_strict_t2" in o:
        ratio_row("tag tokens/s, batch 1, one sentence per call (`--read-ahead 1`, 2 threads)",
                  o["tag_b1_strict_t2"]["tok_s"], "infer_b1_tok_s", TARGETS["tag_b1"])
    ratio_row("tag tokens/s, batch 32 (1 thread)", o["tag_b32"]["tok_s"], "infer_b32_tok_s", TARGETS["tag_b32"])
    ratio_row("tag tokens/s, batch 32 (2 threads)", o["tag_b32_t2"]["tok_s"], "infer_b32_tok_s",
              TARGETS["tag_b32"])
    ratio_row("tag tokens/s, batch 1, start-up excluded (1 thread)", o["tag_b1"]["tok_s_steady"],
              "infer_b1_tok_s", TARGETS["tag_b1"])
    ratio_row("tag tokens/s, batch 32, start-up excluded (2 threads)", o["tag_b32_t2"]["tok_s_steady"],
              "infer_b32_tok_s", TARGETS["tag_b32"])
    kiwi_cps = kw["chars_per_s"] if kw else KIWI_CHARS_PER_S
    kiwi_name = f"{fmt(kiwi_cps)} (Kiwi {kw['version']}, 1 thread, here)" if kw else \
        f"{KIWI_CHARS_PER_S:,} (Kiwi, recorded)"
    for key, label in (("morph", "--batch 32, 1 thread"), ("morph_t2", "--batch 32, 2 threads")):
        r = o[key]["tok_s"] / kiwi_cps
        add(f"morpheme analysis chars/s (shipped model, {label})", fmt(o[key]["tok_s"]), kiwi_name,
            f"{r:.1f}×", "≥ 2× Kiwi", verdict(r >= TARGETS["morph"]))
    steady = o["morph"].get("tok_s_steady")
    if steady:
        r = steady / kiwi_cps
        add("morpheme analysis chars/s, start-up excluded (1 thread; Kiwi: load excluded)", fmt(steady),
            kiwi_name, f"{r:.1f}×", "≥ 2× Kiwi", verdict(r >= TARGETS["morph"]))
    add("morpheme analysis chars/s, line by line (shipped model)", fmt(o["morph_b1"]["tok_s"]))
    if "morph_fast" in o:
        r = o["morph_fast"]["tok_s"] / kiwi_cps
        add("morpheme analysis chars/s (`morph-fast`, --batch 32, 1 thread)",
            fmt(o["morph_fast"]["tok_s"]), kiwi_name, f"{r:.1f}×", "≥ 2× Kiwi", verdict(r >= TARGETS["morph"]))
        steady = o["morph_fast"].get("tok_s_steady")
        if steady:
            r = steady / kiwi_cps
            add("morpheme analysis chars/s (`morph-fast`), start-up excluded (1 thread; Kiwi: load excluded)",
                fmt(steady), kiwi_name, f"{r:.1f}×", "≥ 2× Kiwi", verdict(r >= TARGETS["morph"]))
        if "morph_fast_t2" in o:
            r = o["morph_fast_t2"]["tok_s"] / kiwi_cps
            add("morpheme analysis chars/s (`morph-fast`, --batch 32, 2 threads)",
                fmt(o["morph_fast_t2"]["tok_s"]), kiwi_name, f"{r:.1f}×", "≥ 2× Kiwi",
                verdict(r >= TARGETS["morph"]))
        add("morpheme analysis chars/s, line by line (`morph-fast`)", fmt(o["morph_fast_b1"]["tok_s"]))
    add("peak RSS MB, `biotag tag` line by line with the shipped model", fmt(o["morph_b1"]["rss_mb"], 1),
        f"{fmt(kw['rss_mb'])} (Kiwi)" if kw and kw.get("rss_mb") else "–", "–", "< 30 MB",
        verdict(o["morph_b1"]["rss_mb"] < TARGETS["rss_mb"]))
    if "morph_b1_t2" in o:
        add("morpheme analysis chars/s, line by line (shipped model, 2 threads)", fmt(o["morph_b1_t2"]["tok_s"]))
        add("peak RSS MB, `biotag tag --threads 2` line by line with the shipped model",
            fmt(o["morph_b1_t2"]["rss_mb"], 1), "–", "–", "(reported)", "–")
    add("peak RSS MB, `biotag tag --batch 32` with the shipped model", fmt(o["morph"]["rss_mb"], 1),
        "–", "–", "(reported)", "–")
    peer_rss = max(q["peak_rss_mb"] for q in p.values()) if p else None
    add("peak RSS MB, training (1 epoch, peer: whole process)", fmt(o["train"]["rss_mb"], 1),
        fmt(peer_rss, 0) if p else "–", f"{peer_rss / o['train']['rss_mb']:.0f}× less" if p else "–",
        "(reported)", "–")
    add("start-up ms, `echo 가 \\| biotag tag` (median)", fmt(o["startup_ms"], 1), "–", "–", "< 100 ms",
        verdict(o["startup_ms"] < TARGETS["startup_ms"]))

    lines = []
    lines.append(f"Measured {machine['date']} on {machine['cpu']} ({machine['cores']} cores), "
                 f"load average {machine['load_start']} at the start and {machine['load_end']} at the end; "
                 f"CPU time stolen by the hypervisor: {machine['steal_ours']:.1f} % during our runs"
                 + (f", {machine['steal_peer']:.1f} % during the peer's" if machine.get("steal_peer") is not None
                    else "")
                 + f"; commit {machine['commit']}.")
    lines.append(f"Command: `tools/bench {' '.join(sys.argv[1:])}`".rstrip() + ". Data: UD Korean GSD "
                 f"({data['train_sents']} train / {data['dev_sents']} dev sentences, dev {data['dev_tokens']:,} "
                 f"tokens = characters incl. spaces), labels B-/I-XPOS piece ({o['train']['labels']} in our "
                 "model); emb 64, hidden 128, 1 layer, batch 32, dropout 0.3, Adam 1e-3, clip 5.")
    lines.append("")
    lines.append("| measure | BIOTagger | PyTorch peer | ratio | target | met |")
    lines.append("|---|---:|---:|---:|---|---|")
    for row in rows:
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    lines.append("Linearity (tokens/s; lines of exactly N characters cut from the dev text, about "
                 f"{data['dev_tokens']:,} tokens per length; corpus ×4 = the files repeated four times):")
    lines.append("")
    lines.append("| | tag batch 1 | tag batch 32 | train (2 threads) |")
    lines.append("|---|---:|---:|---:|")
    for length, v in o["lengths"].items():
        lines.append(f"| length {length} ({v['lines']} lines) | {fmt(v['b1'])} | {fmt(v['b32'])} | – |")
    lines.append(f"| corpus ×1 | {fmt(o['tag_b1']['tok_s'])} | {fmt(o['tag_b32']['tok_s'])} | "
                 f"{fmt(o['train']['tok_s'])} |")
    lines.append(f"| corpus ×4 | – | {fmt(o['tag_b32_x4']['tok_s'])} | {fmt(o['train4']['tok_s'])} |")
    lines.append("")
    lines.extend(bound_table(k, o, p))
    notes = [f"Times are wall clock of the whole `biotag` process (start-up, model load, reading, "
             f"tokenising and writing included), median of {args.reps} runs after a warm-up; training "
             "tokens/s is `biotag train`'s own figure for the epoch loop (dev scoring excluded), median of "
             f"{len(o['train']['runs'])} runs ({', '.join(fmt(t) for t in o['train']['runs'])}; corpus ×4: "
             f"median of {len(o['train4']['runs'])}). "
             "Training uses the peer's dropout placement (`--input-dropout 0`: dropout 0.3 on the LSTM "
             "output only), with which each half-batch's first layer projects its distinct syllables "
             "once instead of every token; with dropout on the embeddings too (our default) the "
             "epoch ran at "
             + (", ".join(fmt(t) for t in o["train_embdrop"]["runs"]) if "train_embdrop" in o else "–")
             + " tokens/s. "
             "Our training batches sentences of similar length together (shuffled batches); the peer "
             "uses random unbucketed batches with packed sequences (its default).",
             "Tagging uses the model trained here (same architecture as the peer, `--format bio`); the "
             "peer's figure is forward + argmax only (no I/O). Morpheme analysis and RSS use the shipped "
             "model (`biotag tag`, default `morph` format with restored morphemes). \"Start-up excluded\" "
             "subtracts the median wall time of `echo 가 | biotag tag --format bio --model` with the benchmark model "
             f"({1000 * o['startup_model_s']:.0f} ms) from the run's wall time. Start-up samples (ms): "
             + ", ".join(str(x) for x in o["startup_all_ms"]) + ".",
             ("The shipped `morph` model was used" if o["shipped"] else "**No shipped model was installed**: "
              "the benchmark model stood in for it") + " for morpheme analysis, tag RSS and start-up.",
             f"Kernel figures from `tools/bench-kernels --quick` (thread CPU time, best of 5); measured "
             f"FMA peak of one core in that run: {fmt(k.get('peak'), 1)} GFLOP/s"
             + (f" (the peak loop read {fmt(k['peak_measured'], 1)}, below a product's figure, which stands in "
                "for it)" if k.get("peak_measured") else "") + "."]
    if p:
        for t in (1, 2):
            if t not in p:
                notes.append(f"Peer, {t} thread(s): did not finish within {args.peer_timeout} s (left out).")
                continue
            q = p[t]
            notes.append(f"Peer, {t} thread(s): torch {q['torch']}, train {fmt(q['train_tok_s'])} tok/s, "
                         f"b32 {fmt(q['infer_b32_tok_s'])} (runs {q['infer_b32_tok_s_all']}), "
                         f"b1 {fmt(q['infer_b1_tok_s'])} (runs {q['infer_b1_tok_s_all']}), "
                         f"peak RSS {fmt(q['peak_rss_mb'])} MB, {q['labels']} labels, "
                         f"{q['train_tokens']:,} train tokens, other processes used "
                         f"{q['cpu_train'].get('other_cpu_cores', '?')} cores during its training.")
    else:
        notes.append("Peer not run (give --peer) or no peer run finished; ratios need it.")
    if kw:
        notes.append(f"Kiwi {kw['version']} measured here by kiwi_eval.py (one thread, "
                     f"`tokenize` per sentence, best of 3 passes, model load excluded): runs "
                     f"{[round(x) for x in kw['runs']]} chars/s; the first is with allomorph integration, "
                     "as in the recorded figure (43,613 chars/s on an Intel Xeon Cascade Lake).")
    notes.append("Line by line, `biotag tag` tags the lines already waiting in its input together "
                 "(`--read-ahead`, default 32 lines and at most 2048 characters; the output is the same, "
                 "an interactive line is still answered at once); `--read-ahead 1` calls the network "
                 "once per sentence, as the peer's batch-1 figure does.")
    for n in notes:
        lines.append("- " + n)
    return "\n".join(lines)


def train_option(flag):
    """The integer value of `flag` in TRAIN_OPTIONS."""
    return int(TRAIN_OPTIONS[TRAIN_OPTIONS.index(flag) + 1])


EMB, HIDDEN = train_option("--emb"), train_option("--hidden")   # the benchmark model's sizes


def peer_best(p, key):
    """The peer's best figure for `key` over its thread counts; None without peer runs."""
    return max(q[key] for q in p.values()) if p else None


def flops_per_token(labels, training):
    """Floating-point operations per token of the benchmark model (a multiply-add counts 2).

    Tagging looks the first layer's input projection up per symbol, so it multiplies only the
    recurrence (2 directions x [1, H]·[H, 4H]) and the output layer ([1, 2H]·[2H, L]). Training
    also multiplies the input ([1, E]·[E, 4H] per direction), and its backward pass does twice
    the forward pass's products (weight gradients and input gradients)."""
    h4 = 4 * HIDDEN
    recurrent = 2 * h4 * HIDDEN
    output = 2 * HIDDEN * labels
    if training:
        return 3 * 2 * (recurrent + 2 * h4 * EMB + output)
    return 2 * (recurrent + output)


def bound_table(k, o, p):
    """Markdown lines: each path's arithmetic bound (tokens/s if every product ran at the measured
    FMA peak and nothing else took time), our share of it, and the share 10x (3x at batch 32) the
    peer would need."""
    labels, peak = o["train"].get("labels"), k.get("peak")
    if not labels or not peak:
        return []
    single = k.get("1x512x192")
    rows = [("training, 2 threads", True, 2 * peak, o["train"]["tok_s"], "train_tok_s", TARGETS["train"]),
            ("tag line by line, 1 thread", False, peak, o["tag_b1"]["tok_s"], "infer_b1_tok_s", TARGETS["tag_b1"]),
            ("tag line by line, 2 threads", False, 2 * peak, o["tag_b1_t2"]["tok_s"], "infer_b1_tok_s",
             TARGETS["tag_b1"]),
            ("tag batch 32, 1 thread", False, peak, o["tag_b32"]["tok_s"], "infer_b32_tok_s", TARGETS["tag_b32"])]
    if single and "tag_b1_strict_t2" in o:
        rows.append(("tag one sentence per call, 2 threads (1-row products)", False, 2 * single,
                     o["tag_b1_strict_t2"]["tok_s"], "infer_b1_tok_s", TARGETS["tag_b1"]))
    lines = [f"Arithmetic bound (the benchmark model's products per token at the measured FMA peak, "
             f"{peak:.0f} GFLOP/s per core; training counted with every token's input projection, of "
             "which the distinct-symbol table computes about a third; one sentence per call at the "
             "1×512×192 kernel's "
             f"{fmt(single, 1)} GFLOP/s; everything else taken as free):", "",
             "| path | FLOP per token | bound, tokens/s | ours | share of bound | the target needs |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, training, gflops, ours, key, target in rows:
        flops = flops_per_token(labels, training)
        bound = gflops * 1e9 / flops
        theirs = peer_best(p, key)
        need = f"{100 * target * theirs / bound:.0f} % ({target:g}× {fmt(theirs)})" if theirs else "–"
        lines.append(f"| {name} | {flops:,} | {fmt(bound)} | {fmt(ours)} | {100 * ours / bound:.0f} % | {need} |")
    lines.append("")
    return lines


def cpu_times():
    """(steal, total) jiffies of all CPUs from /proc/stat; (0, 0) where it cannot be read."""
    try:
        with open("/proc/stat") as f:
            fields = [int(v) for v in f.readline().split()[1:]]
    except (OSError, ValueError):
        return (0, 0)
    # user nice system idle iowait irq softirq steal [guest guest_nice: already in user/nice]
    return (fields[7] if len(fields) > 7 else 0, sum(fields[:8]))


def steal_share(start, end):
    """Per cent of the CPU time between two cpu_times() the hypervisor gave to others."""
    total = end[1] - start[1]
    return 100.0 * (end[0] - start[0]) / total if total > 0 else 0.0


def machine_info():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip() or "?"
    return {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "cpu": cpu, "cores": os.cpu_count(), "commit": commit, "host": platform.node(),
            "load_start": " ".join(open("/proc/loadavg").read().split()[:3])}


def main():
    parser = argparse.ArgumentParser(
        prog="tools/bench",
        description="Builds biotag in release and prints one table: kernel GFLOP/s on the LSTM shapes, "
                    "training tokens/s (one epoch, 2 threads, median of 3), tagging tokens/s at batch 1 "
                    "and 32, chars/s of Korean morpheme analysis, peak RSS, start-up time, a linearity "
                    "table (sentence lengths 10/100/1000, corpus x1/x4) and each path's arithmetic "
                    "bound (tokens/s if every product ran at the measured FMA peak). Data: UD Korean GSD. "
                    "With --peer also runs the PyTorch peer on the same data and configuration and "
                    "prints the ratios against the targets. Takes about 5 minutes "
                    "(--quick: about 1; --peer: add about 5, plus the torch install the first time).")
    parser.add_argument("--peer", action="store_true",
                        help="also run the PyTorch peer (PEERS/torch_bilstm.py) with 1 and 2 threads "
                             "(installs torch seqeval numpy with pip when missing: about 3 GB), "
                             "and Kiwi (PEERS/kiwi_eval.py) when kiwipiepy is installed")
    parser.add_argument("--quick", action="store_true",
                        help="smaller data (the first 600 train and 200 dev sentences), 3 repeats")
    parser.add_argument("--data", metavar="DIR", required=True,
                        help="folder holding UD_Korean-GSD/ (ko_gsd-ud-train.conllu, ko_gsd-ud-dev.conllu)")
    parser.add_argument("--peers", metavar="PEERS",
                        help="with --peer: folder holding torch_bilstm.py, convert_gsd.py and kiwi_eval.py "
                             "(default: the folder peers beside DIR)")
    parser.add_argument("--reps", type=int, default=None, metavar="N",
                        help="timed repeats per tagging measure, median taken (default 5; --quick 3)")
    parser.add_argument("--peer-timeout", type=float, default=900, metavar="S",
                        help="give up a peer run after S seconds (default 900; 2 threads crawl on a busy machine)")
    parser.add_argument("--no-build", action="store_true", help="use the existing release build")
    parser.add_argument("--json", metavar="FILE", help="also write all figures as JSON to FILE")
    parser.add_argument("--output", metavar="FILE", help="also write the table (Markdown) to FILE")
    args = parser.parse_args()
    args.quick_train, args.quick_dev = 600, 200
    if args.reps is None:
        args.reps = 3 if args.quick else 5
    args.startup_reps = 11
    args.data = os.path.abspath(args.data)
    if args.peers is None:
        args.peers = os.path.join(os.path.dirname(args.data.rstrip("/")), "peers")
    args.peers = os.path.abspath(args.peers)
    if not os.path.isdir(os.path.join(args.data, "UD_Korean-GSD")):
        parser.error(f"{args.data}/UD_Korean-GSD not found")

    machine = machine_info()
    if not args.no_build:
        log("building biotag in release")
        subprocess.run(["swift", "build", "-c", "release", "--product", "biotag"], cwd=ROOT, check=True,
                       stdout=sys.stderr)
    work = tempfile.mkdtemp(prefix="biotag-bench.")
    try:
        data = prepare(args, work)
        k = kernels()
        before_peer = cpu_times()
        p = peer(args, work) if args.peer else None
        before_ours = cpu_times()
        o = ours(args, data, work)
        after_ours = cpu_times()
        machine["load_end"] = " ".join(open("/proc/loadavg").read().split()[:3])
        machine["steal_peer"] = steal_share(before_peer, before_ours) if args.peer else None
        machine["steal_ours"] = steal_share(before_ours, after_ours)
        kw = kiwi(args) if args.peer else None
        table = report(args, data, k, o, p, kw, machine)
    except (RuntimeError, subprocess.CalledProcessError) as error:
        log(f"bench: {error}")
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(table)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(table + "\n")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"machine": machine, "kernels": k, "ours": o, "peer": p, "kiwi": kw}, f, indent=1,
                      default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
