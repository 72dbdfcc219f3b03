#!/usr/bin/python3
"""Runs the real `tally` binary on documents with known outcomes.

    cli_test.py SECTION --tally PATH --source-dir DIR

Sections: usage, invalid, valid, large, mutation, batch, reconcile, interrupt
(SIGINT and SIGTERM), hardening (limits, unreadable input, failed writes). Each is
its own ctest test (tests/cli/CMakeLists.txt). Generated inputs (the
100,000-deep nesting, the 50 MB document, the mutations) live in a temporary
directory and are never committed.
"""
import argparse
import concurrent.futures
import copy
import json
import os
import pathlib
import random
import re
import signal
import subprocess
import sys
import tempfile
import time

TIMEOUT = 20  # seconds for any single run; a hang is a failure
failures = []


def run(args, stdin=None, timeout=TIMEOUT):
    return subprocess.run([TALLY, *args], input=stdin, capture_output=True, timeout=timeout)


def expect(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what)


def diagnostics_of(output):
    report = json.loads(output)
    return report, [(d["code"], d["path"]) for d in report["diagnostics"]]


def read_expectations(path):
    codes, substrings = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("~"):
            substrings.append(line[1:])
        elif line.strip():
            code, _, where = line.partition(" ")
            codes.append((code, where if where else None))
    return codes, substrings


def matches(found, expected):
    """Every expected (code, path) found once, and nothing else."""
    remaining = list(found)
    for code, where in expected:
        hit = next((f for f in remaining if f[0] == code and (where is None or f[1] == where)), None)
        if hit is None:
            return False
        remaining.remove(hit)
    return not remaining


def section_usage():
    help_run = run(["--help"])
    text = help_run.stdout.decode()
    expect(help_run.returncode == 0, "--help exits 0")
    for word in ("check", "reconcile", "batch", "Exit codes", "tally/1"):
        expect(word in text, f"--help mentions {word}")
    version = re.search(r'version = "([^"]+)"', (SOURCE / "include/tally/version.hpp").read_text()).group(1)
    version_run = run(["--version"])
    expect(version_run.returncode == 0 and version_run.stdout.decode().strip() == version,
           f"--version prints {version}")
    for args in ([], ["frobnicate"], ["check"], ["check", "a.json", "--format", "yaml"], ["check", "--nope", "a.json"],
                 ["reconcile", "a.json", "--tolerance", "1.5"], ["reconcile", "a.json", "--tolerance", "abc"],
                 ["batch", "a.jsonl", "--threads", "-1"], ["reconcile", "a.json", "--max-conflicts", "-1"],
                 ["reconcile", "a.json", "--max-corrections", "0"], ["batch", "a.jsonl", "--max-conflicts", "1.5"]):
        result = run(args)
        expect(result.returncode == 2, f"usage error {args} exits 2 (got {result.returncode})")
    unknown = run(["frobnicate"])
    expect(b'unknown command "frobnicate"' in unknown.stderr, "an unknown command is named as such")
    capped = run(["reconcile", "a.json", "--max-corrections", "-3"])
    expect(b"at least 1" in capped.stderr, "a bad cap says what it must be")
    directory = run(["batch", str(SOURCE / "examples")])
    expect(directory.returncode == 2 and b"it is a directory" in directory.stderr, "batch on a directory exits 2")
    missing = run(["check", "no/such/file.json", "--format", "json"])
    expect(missing.returncode == 2 and diagnostics_of(missing.stdout)[1] == [("io", "")],
           "an unreadable file is an io diagnostic, exit 2")


def section_invalid():
    documents = sorted((SOURCE / "tests/invalid").glob("*.json"))
    expect(len(documents) >= 25, f"at least 25 invalid documents ({len(documents)})")
    for document in documents:
        codes, substrings = read_expectations(document.with_suffix(".expect"))
        result = run(["check", str(document), "--format", "json"])
        expect(result.returncode == 2, f"{document.name}: exit 2 (got {result.returncode})")
        report, found = diagnostics_of(result.stdout)
        expect(matches(found, codes), f"{document.name}: expected {codes}, got {found}")
        messages = " ".join(d["message"] + " " + d["fix"] for d in report["diagnostics"])
        for s in substrings:
            expect(s in messages, f"{document.name}: a message says {s!r}")
        expect(all(d["line"] > 0 and d["column"] > 0 for d in report["diagnostics"]), f"{document.name}: line:column")

        text = run(["check", str(document)]).stdout.decode().splitlines()
        expect(text[-1] == f"{len(found)} problem" + ("s" if len(found) != 1 else ""), f"{document.name}: summary line")
        expect(all(re.match(re.escape(str(document)) + r":\d+:\d+: ", line) for line in text[:-1]),
               f"{document.name}: text lines are file:line:col: …")

    several = run(["check", str(SOURCE / "tests/invalid/several-mistakes.json"), "--format", "json"])
    expect(len(diagnostics_of(several.stdout)[1]) >= 8, "a document with several mistakes reports all of them")

    depth = 100_000
    deep = ('{"format": "tally/1", "claims": ' + "[" * depth + "]" * depth + "}").encode()
    result = run(["check", "-", "--format", "json"], stdin=deep)
    expect(result.returncode == 2 and diagnostics_of(result.stdout)[1] == [("nesting-too-deep", "")],
           "100,000-deep nesting is a diagnostic, not a crash")


def section_valid():
    hasakah = SOURCE / "examples/hasakah/claims.json"
    result = run(["check", str(hasakah)])
    expect(result.returncode == 0, f"the Hasakah example is valid (exit {result.returncode}): {result.stdout!r}")
    expect(result.stdout.decode() == "valid: 9 claims, 10 quantities, 3 sources\n", "valid summary line")
    from_stdin = run(["check", "-", "--format", "json"], stdin=hasakah.read_bytes())
    report = json.loads(from_stdin.stdout)
    expect(from_stdin.returncode == 0 and report["valid"] and report["claims"] == 9, "checks standard input too")


def large_document(path, target_bytes):
    """A valid document of about `target_bytes`: a category tree per region,
    thousands of sources and claims spread over days."""
    regions = 2000
    out = ['{"format": "tally/1", "event": {"id": "large", "start": "2022-01-01", "end": "2022-12-31"},\n"quantities": [']
    out.append(",\n".join(f'{{"id": "killed.r{r}", "label": "killed in region {r}"}}' for r in range(regions)))
    out.append('],\n"relations": [')
    out.append(",\n".join(f'{{"whole": "killed.r{r}", "parts": ["killed.r{r}.fighters", "killed.r{r}.civilians"]}}'
                          for r in range(regions)))
    out.append('],\n"sources": [')
    out.append(",\n".join(f'{{"id": "s{s}", "name": "Source {s}", "reliability": 0.{1 + s % 9}}}' for s in range(1000)))
    out.append('],\n"claims": [\n')
    size = sum(len(p) for p in out)
    qualifiers = ["exactly", "at_least", "more_than", "at_most", "fewer_than", "about", "nearly"]
    quote = "وأوقعت الاشتباكات داخل السجن وفي محيطه 181 قتيلاً، وفق آخر حصيلة للمرصد"
    claims, c = [], 0
    while size < target_bytes:
        q = qualifiers[c % len(qualifiers)]
        claim = (f'{{"id": "c{c}", "source": "s{c % 1000}", "quantity": "killed.r{c % regions}.'
                 f'{"fighters" if c % 2 else "civilians"}", "qualifier": "{q}", "value": {c % 500 + 1}, '
                 f'"as_of": "2022-{1 + c % 12:02d}-{1 + c % 28:02d}", "quote": "{quote}", '
                 f'"note": "claim number {c}", "language": "ar", "x": {{"row": {c}}}}}')
        claims.append(claim)
        size += len(claim.encode()) + 2
        c += 1
    out.append(",\n".join(claims))
    out.append("\n]}\n")
    path.write_text("".join(out), encoding="utf-8")
    return c


def section_large():
    with tempfile.TemporaryDirectory() as scratch:
        path = pathlib.Path(scratch) / "large.json"
        claims = large_document(path, 50 * 1024 * 1024)
        size = path.stat().st_size
        start = time.monotonic()
        result = run(["check", str(path)], timeout=300)
        elapsed = time.monotonic() - start
        print(f"large: checked {size / 1e6:.1f} MB ({claims} claims) in {elapsed:.2f} s")
        expect(result.returncode == 0, f"the large document is valid (exit {result.returncode}): {result.stdout[:500]!r}")
        expect(result.stdout.decode().startswith(f"valid: {claims} claims"), "large summary")


class mutator:
    """Seeded byte-level and structural mutations of a valid document."""
    replacements = [None, True, False, -1, 0, 0.5, 1e40, 10 ** 40, "", "x", "2022-02-30", [], {}, [1, "a"],
                    {"x": 1}, "at least", -0.0, 123456789012345678901234567890]

    def __init__(self, rng, documents):
        self.rng = rng
        self.documents = documents

    def mutate(self):
        text = self.rng.choice(self.documents)
        if self.rng.random() < 0.5:
            return self.mutate_bytes(text.encode())
        return self.mutate_structure(json.loads(text))

    def mutate_bytes(self, data):
        rng = self.rng
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(data) + 1)
            kind = rng.randrange(6)
            if kind == 0 and data:
                i = min(i, len(data) - 1)
                data = data[:i] + bytes([rng.randrange(256)]) + data[i + 1:]
            elif kind == 1:
                data = data[:i] + data[i + rng.randint(1, 20):]
            elif kind == 2:
                data = data[:i] + bytes(rng.choice(b'{}[]",:\\0123456789.eE-tfn \x00\xff\xc3') for _ in range(rng.randint(1, 5))) + data[i:]
            elif kind == 3:
                j = rng.randrange(len(data) + 1)
                data = data[:i] + data[min(i, j):max(i, j)][:200] + data[i:]
            elif kind == 4:
                data = data[:i]
            else:
                data = data[:i] + b"[" * rng.randint(60, 70) + data[i:]
        return data

    def containers(self, value, out):
        if isinstance(value, (dict, list)):
            out.append(value)
            for child in (value.values() if isinstance(value, dict) else value):
                self.containers(child, out)
        return out

    def mutate_structure(self, document):
        rng = self.rng
        for _ in range(rng.randint(1, 3)):
            target = rng.choice(self.containers(document, []))
            if isinstance(target, dict) and target:
                key = rng.choice(list(target))
                kind = rng.randrange(4)
                if kind == 0:
                    del target[key]
                elif kind == 1:
                    target[key] = copy.deepcopy(rng.choice(self.replacements))
                elif kind == 2:
                    target[key[:-1] + rng.choice("aeiou_")] = target.pop(key)
                else:
                    target["x" if rng.random() < 0.5 else "extra"] = {"note": "added"}
            elif isinstance(target, list) and target:
                i = rng.randrange(len(target))
                kind = rng.randrange(3)
                if kind == 0:
                    target.append(copy.deepcopy(target[i]))
                elif kind == 1:
                    del target[i]
                else:
                    target[i] = copy.deepcopy(rng.choice(self.replacements))
        return json.dumps(document, ensure_ascii=rng.random() < 0.5, indent=rng.choice([None, 1, 2])).encode()


def section_mutation():
    seed = int(os.environ.get("TALLY_MUTATION_SEED", random.randrange(1 << 32)))
    count = int(os.environ.get("TALLY_MUTATIONS", "2000"))
    print(f"mutation: seed {seed} (set TALLY_MUTATION_SEED={seed} to replay), {count} mutations")
    documents = [p.read_text(encoding="utf-8") for p in sorted((SOURCE / "examples").glob("*/claims.json"))]
    rng = random.Random(seed)
    cases = [mutator(rng, documents).mutate() for _ in range(count)]

    def check(data):
        try:
            result = run(["check", "-", "--format", "json"], stdin=data, timeout=10)
        except subprocess.TimeoutExpired:
            return "timed out"
        if result.returncode not in (0, 2):
            return f"exit {result.returncode}: {result.stderr[-300:]!r}"
        if result.stderr:  # sanitizer reports, stray warnings
            return f"wrote to standard error: {result.stderr[-300:]!r}"
        try:
            report = json.loads(result.stdout)
        except ValueError:
            return "output is not JSON"
        if report["valid"] != (result.returncode == 0) or report["valid"] != (not report["diagnostics"]):
            return "exit code and diagnostics disagree"
        return None

    outcomes = {0: 0, 2: 0}
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        for i, (data, problem) in enumerate(zip(cases, pool.map(check, cases))):
            if problem:
                failures.append(f"mutation {i}: {problem}")
                if len(failures) <= 5:
                    print(f"FAIL: mutation {i} (seed {seed}): {problem}\n  input: {data[:300]!r}")
    print(f"mutation: {count - len(failures)} of {count} mutated documents handled")

    # the valid ones must also reconcile: consistent or conflicting, never an internal error
    valid = []
    for data in cases:
        try:
            document = json.loads(data)
        except (ValueError, UnicodeDecodeError):
            continue
        if run(["check", "-"], stdin=data if isinstance(data, bytes) else data.encode()).returncode == 0:
            valid.append(json.dumps(document, ensure_ascii=False))
    with tempfile.TemporaryDirectory() as folder:
        lines = pathlib.Path(folder) / "valid.jsonl"
        lines.write_text("\n".join(valid) + "\n", encoding="utf-8")
        batch = run(["batch", str(lines)], timeout=600)
    results = [json.loads(line) for line in batch.stdout.decode().splitlines()]
    expect(batch.returncode == 0 and len(results) == len(valid),
           f"batch on the {len(valid)} valid mutations exits 0 with a result each (got {batch.returncode})")
    bad = [(i, r.get("status"), r.get("message", "")) for i, r in enumerate(results)
           if r.get("status") not in ("consistent", "conflicting")]
    for i, status, message in bad[:5]:
        print(f"FAIL: valid mutation {i} (seed {seed}) reconciled to {status}: {message}\n  input: {valid[i][:300]}")
    expect(not bad, f"every valid mutation reconciles ({len(bad)} did not)")
    print(f"mutation: {len(valid) - len(bad)} of {len(valid)} valid mutated documents reconciled")


def section_batch():
    hasakah = json.dumps(json.loads((SOURCE / "examples/hasakah/claims.json").read_text(encoding="utf-8")),
                         ensure_ascii=False)
    lines = [hasakah, '{"format": "tally/1", "claims": []}', "not json at all", "", hasakah.replace('"exactly"', '"exactli"', 1)]
    lines += [hasakah] * 6
    with tempfile.TemporaryDirectory() as scratch:
        path = pathlib.Path(scratch) / "documents.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        outputs = []
        for threads in ("1", "2", "4"):
            result = run(["batch", str(path), "--threads", threads], timeout=120)
            expect(result.returncode == 0, f"batch --threads {threads} exits 0 (got {result.returncode}): {result.stderr[-300:]!r}")
            outputs.append(result.stdout)
        expect(outputs[0] == outputs[1] == outputs[2], "batch output is byte-identical for 1, 2 and 4 threads")
        results = outputs[0].decode().splitlines()
        expect(len(results) == len(lines), f"one result line per input line ({len(results)} for {len(lines)})")
        parsed = [json.loads(line) for line in results]
        statuses = [r.get("status") for r in parsed]
        expect(statuses[:5] == ["conflicting", "invalid", "invalid", "invalid", "invalid"], f"batch statuses {statuses[:5]}")
        expect([r.get("line") for r in parsed] == list(range(1, len(lines) + 1)), "each result carries its input line")
        expect([r.get("event") for r in parsed[:5]] == ["hasakah-prison-2022", None, None, None, "hasakah-prison-2022"],
               f"each result carries its event id, even when invalid: {[r.get('event') for r in parsed[:5]]}")
        expect(all(next(iter(r)) == "line" for r in parsed), "the line number comes first")
        summary = result.stderr.decode()
        expect(f"{len(lines)} documents in" in summary and "7 conflicting, 4 invalid" in summary and "Slowest: line" in summary,
               f"a summary on stderr: {summary!r}")
        expect("\r" not in summary, "no progress bar when stderr is not a terminal")
        quiet = run(["batch", str(path), "--quiet"], timeout=120)
        expect(quiet.returncode == 0 and quiet.stderr == b"" and quiet.stdout == outputs[0], "--quiet: same output, nothing on stderr")
        piped = run(["batch", "-"], stdin=path.read_bytes(), timeout=120)
        expect(piped.stdout == outputs[0], "batch - reads standard input")

        # A document that takes seconds, stopped by --time-limit; the run goes on.
        slow = pathlib.Path(scratch) / "slow.jsonl"
        series = (SOURCE / "tests/data/slow-series.json").read_text(encoding="utf-8").strip()
        slow.write_text(series + "\n" + hasakah + "\n", encoding="utf-8")
        started = time.monotonic()
        limited = run(["batch", str(slow), "--time-limit", "0.2", "--threads", "1"], timeout=120)
        elapsed = time.monotonic() - started
        stopped = [json.loads(line) for line in limited.stdout.decode().splitlines()]
        expect(limited.returncode == 0 and [r.get("status") for r in stopped] == ["time_limit", "conflicting"],
               f"--time-limit stops the slow document and goes on: {[r.get('status') for r in stopped]}")
        expect("time limit" in stopped[0].get("message", "") and stopped[0].get("event") == "slow-series",
               f"the stopped document says why: {stopped[0]}")
        expect(elapsed < 30, f"--time-limit 0.2 returns promptly (took {elapsed:.1f} s)")
        expect(b"1 stopped at the time limit" in limited.stderr, f"the summary counts it: {limited.stderr!r}")

        # A line over --max-line-bytes is not read; its neighbours are.
        capped = run(["batch", str(path), "--max-line-bytes", "100"], timeout=120)
        codes = [json.loads(line) for line in capped.stdout.decode().splitlines()]
        too_large = [r["line"] for r in codes if any(d["code"] == "input-too-large" for d in r["diagnostics"])]
        expect(len(codes) == len(lines) and too_large == [i + 1 for i, line in enumerate(lines) if len(line.encode()) > 100],
               f"--max-line-bytes: only the long lines are refused (lines {too_large})")

        # A full disk: a message and exit 4, never a silent success.
        if os.path.exists("/dev/full"):
            with open("/dev/full", "wb") as full:
                failed = subprocess.run([TALLY, "batch", str(path)], stdout=full, stderr=subprocess.PIPE, timeout=120)
            expect(failed.returncode == 4 and b"cannot write the results" in failed.stderr,
                   f"batch to a full disk exits 4 with a message (got {failed.returncode}: {failed.stderr!r})")

    if os.environ.get("TALLY_EXPECT_MIMALLOC") == "1":
        verbose = subprocess.run([TALLY, "check", str(SOURCE / "examples/hasakah/claims.json")], capture_output=True,
                                 timeout=TIMEOUT, env={**os.environ, "MIMALLOC_VERBOSE": "1"})
        expect(b"mimalloc: process init" in verbose.stderr,
               f"the command allocates with mimalloc, not the C library's malloc: {verbose.stderr[:200]!r}")


def section_reconcile():
    hasakah = str(SOURCE / "examples/hasakah/claims.json")
    for fmt in ("text", "markdown", "json"):
        result = run(["reconcile", hasakah, "--format", fmt], timeout=120)
        expect(result.returncode == 1, f"reconcile --format {fmt}: the Hasakah claims conflict, exit 1 (got {result.returncode})")
    report = json.loads(run(["reconcile", hasakah, "--format", "json"], timeout=120).stdout)
    expect(report.get("status") == "conflicting", "reconcile json status")
    invalid = run(["reconcile", str(SOURCE / "tests/invalid/undeclared-source.json")])
    expect(invalid.returncode == 2 and b"moniter" in invalid.stdout, "an invalid document exits 2 with its diagnostics")
    for option in (["--tolerance", "0.2"], ["--max-conflicts", "1"], ["--max-corrections", "1"], ["--no-estimates"]):
        result = run(["reconcile", hasakah, *option, "--format", "json"], timeout=120)
        expect(result.returncode == 1, f"reconcile {' '.join(option)}: exit 1 (got {result.returncode}: {result.stderr[-300:]!r})")
    capped = json.loads(run(["reconcile", hasakah, "--max-conflicts", "1", "--format", "json"], timeout=120).stdout or "{}")
    expect(capped.get("complete") is False, "--max-conflicts 1 on two conflicts says complete: false")
    started = time.monotonic()
    limited = run(["reconcile", str(SOURCE / "tests/data/slow-series.json"), "--time-limit", "0.2"], timeout=120)
    expect(limited.returncode == 5 and limited.stdout == b"" and b"time limit of 0.2 s" in limited.stderr
           and time.monotonic() - started < 30,
           f"--time-limit 0.2 on a document of seconds: exit 5, no report, a message ({limited.returncode}: {limited.stderr!r})")
    # 2^24 minimal conflicts: the listing is cut short, the result stays exact.
    started = time.monotonic()
    listing = run(["reconcile", str(SOURCE / "tests/data/many-conflicts.json"), "--time-limit", "5", "--format", "json",
                   "--max-conflicts", "1000000000", "--max-enumeration-work", "1000000000000000"], timeout=120)
    elapsed = time.monotonic() - started
    partial = json.loads(listing.stdout or "{}")
    expect(listing.returncode == 1 and elapsed < 6 and partial.get("complete") is False
           and partial.get("adopted", {}).get("drop") == ["total"] and partial["adopted"].get("optimal") is True
           and 0 < len(partial.get("conflicts", [])) and all(len(c["claims"]) == 25 for c in partial["conflicts"]),
           f"--time-limit 5 on 2^24 conflicts: an exact partial result within 6 s (exit {listing.returncode}, "
           f"{elapsed:.1f} s, complete {partial.get('complete')}, {len(partial.get('conflicts', []))} conflicts)")
    if os.path.exists("/dev/full"):
        for command in (["reconcile", hasakah], ["check", hasakah]):
            with open("/dev/full", "wb") as full:
                failed = subprocess.run([TALLY, *command], stdout=full, stderr=subprocess.PIPE, timeout=120)
            expect(failed.returncode == 4 and b"cannot write the report" in failed.stderr,
                   f"{command[0]} to a full disk exits 4 with a message (got {failed.returncode}: {failed.stderr!r})")


def started(args, **kwargs):
    return subprocess.Popen([TALLY, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def interrupted(process, signal_number, after):
    """Sends the signal `after` seconds into the run; (exit code, stdout,
    stderr, seconds from the signal to the exit)."""
    time.sleep(after)
    expect(process.poll() is None, f"still running after {after} s, before the signal")
    sent = time.monotonic()
    process.send_signal(signal_number)
    out, err = process.communicate(timeout=TIMEOUT)
    return process.returncode, out, err, time.monotonic() - sent


def section_interrupt():
    slow = str(SOURCE / "tests/data/slow-series.json")
    for signal_number, name, code in ((signal.SIGINT, "SIGINT", 130), (signal.SIGTERM, "SIGTERM", 143)):
        status, out, err, took = interrupted(started(["reconcile", slow]), signal_number, 1.0)
        expect(status == code and out == b"" and f"tally: interrupted by {name}; no report.".encode() in err and took < 1,
               f"reconcile stopped by {name} in the middle of a solve: exit {code}, a message, no report, within a "
               f"second (exit {status} after {took:.2f} s: {err!r})")

    hasakah = json.dumps(json.loads((SOURCE / "examples/hasakah/claims.json").read_text(encoding="utf-8")))
    series = (SOURCE / "tests/data/slow-series.json").read_text(encoding="utf-8").replace("\n", " ")
    with tempfile.TemporaryDirectory() as scratch:
        lines = pathlib.Path(scratch) / "documents.jsonl"
        lines.write_text("\n".join([hasakah] * 3 + [series] * 4) + "\n", encoding="utf-8")
        status, out, err, took = interrupted(started(["batch", str(lines), "--threads", "2"]), signal.SIGINT, 1.5)
        results = out.decode().split("\n")
        expect(results[-1] == "" and all(json.loads(line)["status"] == "conflicting" for line in results[:-1])
               and len(results) - 1 == 3,
               f"an interrupted batch wrote the finished results only, each whole: {out[-200:]!r}")
        expect(status == 130 and b"interrupted by SIGINT; the output holds the whole results of the first 3 lines" in err
               and took < 1, f"batch stopped by SIGINT: exit 130 and a message within a second ({status} after "
               f"{took:.2f} s: {err[-300:]!r})")

        # A command stuck where it cannot look at the stop (reading a pipe
        # nobody writes) still ends, half a second after the signal.
        fifo = pathlib.Path(scratch) / "fifo"
        os.mkfifo(fifo)
        process = started(["check", str(fifo)])
        writer = os.open(fifo, os.O_WRONLY)
        try:
            status, out, err, took = interrupted(process, signal.SIGTERM, 0.5)
        finally:
            os.close(writer)
        expect(status == 143 and b"tally: interrupted by SIGTERM" in err and took < 1,
               f"check blocked on its input ends on SIGTERM within a second ({status} after {took:.2f} s: {err!r})")

    # SIGPIPE is ignored: a closed pipe is a failed write, with a message and exit 4.
    read_end, write_end = os.pipe()
    os.close(read_end)
    closed = subprocess.run([TALLY, "reconcile", str(SOURCE / "examples/hasakah/claims.json")], stdout=write_end,
                            stderr=subprocess.PIPE, timeout=TIMEOUT)
    os.close(write_end)
    expect(closed.returncode == 4 and b"cannot write the report: Broken pipe" in closed.stderr,
           f"reconcile into a closed pipe: exit 4 with a message (got {closed.returncode}: {closed.stderr!r})")


def section_hardening():
    hasakah = str(SOURCE / "examples/hasakah/claims.json")
    # A report that cannot be written is never a success nor "conflicting".
    if os.path.exists("/dev/full"):
        with tempfile.TemporaryDirectory() as scratch:
            lines = pathlib.Path(scratch) / "one.jsonl"
            lines.write_text(json.dumps(json.loads(pathlib.Path(hasakah).read_text(encoding="utf-8"))) + "\n")
            for command in (["reconcile", hasakah], ["check", hasakah], ["batch", str(lines)]):
                with open("/dev/full", "wb") as full:
                    failed = subprocess.run([TALLY, *command], stdout=full, stderr=subprocess.PIPE, timeout=TIMEOUT)
                expect(failed.returncode == 4 and b"cannot write the re" in failed.stderr,
                       f"{command[0]} > /dev/full: a message and exit 4 (got {failed.returncode}: {failed.stderr!r})")

    # An endless input is read no further than the size limit.
    if os.path.exists("/dev/zero"):
        begun = time.monotonic()
        zero = run(["check", "/dev/zero", "--format", "json"])
        expect(zero.returncode == 2 and diagnostics_of(zero.stdout)[1] == [("input-too-large", "")]
               and b"max_input_bytes" in zero.stdout and b"--max-input-bytes" in zero.stdout
               and time.monotonic() - begun < 5,
               f"check /dev/zero: input-too-large within seconds ({zero.returncode}: {zero.stdout[:300]!r})")
    small = run(["check", hasakah, "--max-input-bytes", "100", "--format", "json"])
    expect(small.returncode == 2 and diagnostics_of(small.stdout)[1] == [("input-too-large", "")],
           f"--max-input-bytes 100 refuses the Hasakah report ({small.stdout[:300]!r})")
    piped = run(["check", "-", "--max-input-bytes", "100"], stdin=pathlib.Path(hasakah).read_bytes())
    expect(piped.returncode == 2 and b"Standard input is larger than the limit of 100 bytes" in piped.stdout,
           f"the size limit holds on standard input ({piped.stdout[:300]!r})")

    # Unreadable inputs are I/O errors, not empty documents.
    for unreadable, why in ((str(SOURCE / "examples"), b"it is a directory"), ("/proc/self/mem", b"Input/output error")):
        if not os.path.exists(unreadable):
            continue
        result = run(["check", unreadable, "--format", "json"])
        report, found = diagnostics_of(result.stdout)
        expect(result.returncode == 2 and found == [("io", "")] and why in result.stdout,
               f"check {unreadable}: an io diagnostic ({result.stdout[:300]!r})")

    with tempfile.TemporaryDirectory() as scratch:
        def document(claim_quantity, extra=""):
            return ('{"format": "tally/1", "sources": [{"id": "s"}], "claims": [{"id": "c", "source": "s", '
                    f'"quantity": "{claim_quantity}", "qualifier": "exactly", "value": 3{extra}}}]}}')

        deep = pathlib.Path(scratch) / "deep.json"
        deep.write_text(document(".".join(["a"] * 20000)))
        begun = time.monotonic()
        result = run(["reconcile", str(deep), "--format", "json"])
        expect(result.returncode == 2 and diagnostics_of(result.stdout)[1] == [("id-too-long", "/claims/0/quantity")]
               and time.monotonic() - begun < 1,
               f"a 20,000-segment id is refused in under a second ({result.stdout[:300]!r})")
        nested = pathlib.Path(scratch) / "nested.json"
        nested.write_text(document(".".join(["a"] * 150)))
        result = run(["check", str(nested), "--format", "json"])
        expect(result.returncode == 2 and diagnostics_of(result.stdout)[1] == [("id-too-deep", "/claims/0/quantity")]
               and b"--max-id-depth" in result.stdout, f"a 150-segment id is too deep ({result.stdout[:300]!r})")
        raised = run(["reconcile", str(nested), "--max-id-depth", "150"])
        expect(raised.returncode == 0, f"--max-id-depth 150 takes it ({raised.returncode}: {raised.stdout[:300]!r})")

        # Values are exact up to --max-value-digits.
        big = pathlib.Path(scratch) / "big.json"
        big.write_text(document("killed").replace('"value": 3', '"value": 1' + "0" * 34 + "7"))
        result = run(["check", str(big), "--format", "json"])
        expect(result.returncode == 2 and diagnostics_of(result.stdout)[1] == [("number-too-large", "/claims/0/value")]
               and b"--max-value-digits" in result.stdout, f"10^35 + 7 is past the default limit ({result.stdout[:300]!r})")
        raised = run(["reconcile", str(big), "--max-value-digits", "36", "--format", "json"])
        expect(raised.returncode == 0 and json.loads(raised.stdout)["ranges"][0]["min"] == 10**35 + 7,
               f"--max-value-digits 36 takes it, exact ({raised.returncode}: {raised.stdout[:300]!r})")

        # A NUL byte after the document is not whitespace.
        nul = pathlib.Path(scratch) / "nul.json"
        nul.write_bytes(document("killed").encode() + b"\0")
        result = run(["check", str(nul), "--format", "json"])
        expect(result.returncode == 2 and [c for c, _ in diagnostics_of(result.stdout)[1]] == ["syntax"],
               f"a trailing NUL is a syntax error ({result.stdout[:300]!r})")

        # A key written twice inside "x" would lose a value: it is reported where it is.
        twice = pathlib.Path(scratch) / "twice.json"
        twice.write_text(document("killed", ', "x": {"row": 1, "nested": {"a": 1, "a": 2}}'))
        result = run(["check", str(twice), "--format", "json"])
        expect(result.returncode == 2 and diagnostics_of(result.stdout)[1] == [("duplicate-key", "/claims/0/x/nested/a")],
               f"a duplicate key inside x is a diagnostic naming its place ({result.stdout[:400]!r})")

    for option, value, code in (("--max-claims", "8", "too-many-claims"), ("--max-quantities", "3", "too-many-quantities"),
                                ("--max-id-length", "5", "id-too-long")):
        result = run(["check", hasakah, option, value, "--format", "json"])
        found = [c for c, _ in diagnostics_of(result.stdout)[1]]
        expect(result.returncode == 2 and found and set(found) == {code} and option.encode() in result.stdout,
               f"check {option} {value}: {code}, naming {option} ({result.stdout[:300]!r})")
    result = run(["reconcile", str(SOURCE / "tests/data/slow-series.json"), "--max-time-points", "3", "--format", "json"])
    expect(result.returncode == 2 and [c for c, _ in diagnostics_of(result.stdout)[1]] == ["too-many-time-points"],
           f"--max-time-points 3: too-many-time-points ({result.stdout[:300]!r})")

    # Wrong arguments: exit 2 and one clear line, never a parser's raw message.
    for args, words in ((["check", hasakah, "--format", "json", "--format", "text"], "--format is given more than once"),
                        (["reconcile", hasakah, "--threads", "99999999999"], "--threads"),
                        (["reconcile", hasakah, "--threads", "5000"], "--threads"),
                        (["reconcile", hasakah, "--max-conflicts", "99999999999999999999999"], "--max-conflicts"),
                        (["reconcile", hasakah, "--max-conflicts", "0"], "at least 1"),
                        (["reconcile", hasakah, "--time-limit", "nan"], "--time-limit"),
                        (["reconcile", hasakah, "--time-limit", "inf"], "--time-limit"),
                        (["reconcile", hasakah, "--time-limit", "-1"], "--time-limit"),
                        (["batch", hasakah, "--max-line-bytes", "0"], "--max-line-bytes"),
                        (["check", hasakah, "--max-input-bytes", "-5"], "--max-input-bytes")):
        result = run(args)
        text = result.stderr.decode()
        expect(result.returncode == 2 and words in text and "Run with --help" in text,
               f"{' '.join(args[2:])}: exit 2 and a message with {words!r} (got {result.returncode}: {text!r})")


def main():
    global TALLY, SOURCE
    parser = argparse.ArgumentParser()
    parser.add_argument("section", choices=["usage", "invalid", "valid", "large", "mutation", "batch", "reconcile",
                                            "interrupt", "hardening"])
    parser.add_argument("--tally", required=True)
    parser.add_argument("--source-dir", required=True)
    args = parser.parse_args()
    TALLY, SOURCE = args.tally, pathlib.Path(args.source_dir)
    globals()["section_" + args.section]()
    if failures:
        print(f"{len(failures)} failure(s) in {args.section}")
        return 1
    print(f"{args.section}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
