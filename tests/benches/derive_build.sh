#!/usr/bin/env bash
# Build-time benchmark of `#[derive(GraphResource)]` (issue 4): a crate deriving on 20 documented
# resources versus the same crate using the CLI's checked-in output for the same resources.
#
#   tests/benches/derive_build.sh [DOCS] [RUNS]
#
# DOCS defaults to ../shared/graph-docs/v1.0 beside the checkout (the script exits 0, "skipped",
# when the folder is missing); RUNS (default 5) is the number of timed rebuilds of each crate.
# Set DERIVE_BENCH_NO_COLD=1 to skip the cold release build of graphdoc-derive.
#
# What it does, all under target/derive-bench/ (scratch crates with their own `[workspace]`, one
# shared CARGO_TARGET_DIR so dependencies are built once, the workspace's Cargo.lock, --offline):
#   1. `graphdoc model DOCS` (release CLI) picks 20 resources (the common ones first, in a fixed
#      order) that have a GET endpoint returning the resource, and 4-6 documented primitive
#      properties of each (own or inherited, from the model JSON in documented order, so the
#      choice follows the docs; deterministic). Endpoint names are confirmed on the CLI's output.
#   2. Crate `derive`: one struct per resource with `#[derive(GraphResource)]`; `derive-o3` is the
#      same crate with `[profile.dev.package.graphdoc] opt-level = 3` (what we recommend to users
#      of the macros: the model is built inside the proc macro, unoptimized otherwise); `cli`:
#      `graphdoc generate DOCS -r … --out src/models`, `mod models;`; `plain`: the same structs
#      with serde only (the baseline: what the derive itself adds). Each has `pub fn touch()`
#      naming up to two endpoint functions per resource (`get`, `list` first). All use cargo's
#      default dev profile.
#   3. After a warm-up build of each, RUNS rounds of: touch src/lib.rs, time `cargo build`, for
#      the crates in turn (interleaved, so background load hits all alike). Only the crate
#      itself recompiles (checked). Prints medians and the ratios derive/cli and derive-o3/cli
#      (`cli` does not depend on graphdoc, so the profile line does not change it and one set of
#      `cli` samples serves both ratios).
#   4. The cold release build of graphdoc-derive with its dependencies (fresh target dir) and the
#      number of crates in its dependency tree.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
exec python3 - "$root" "$@" <<'PY'
import json, os, re, shutil, statistics, subprocess, sys, tempfile, time
from pathlib import Path

root = Path(sys.argv[1])
args = sys.argv[2:]
docs = Path(args[0]) if args and args[0] else root.parent / "shared" / "graph-docs" / "v1.0"
runs = int(args[1]) if len(args) > 1 and args[1] else 5
if not docs.is_dir():
    print(f"derive_build: no docs folder at {docs}: skipped")
    sys.exit(0)
docs = docs.resolve()
bench = root / "target" / "derive-bench"
target = bench / "target"
COUNT = 20
started = time.monotonic()


def step(msg):
    print(f"\n--- {msg} (t={time.monotonic() - started:.0f}s)", flush=True)


def run(cmd, cwd=root, env=None, check=True):
    p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    if check and p.returncode != 0:
        print(p.stdout, file=sys.stderr)
        sys.exit(f"derive_build: `{' '.join(map(str, cmd))}` failed (exit {p.returncode}) in {cwd}")
    return p


# ---------------------------------------------------------------- the model and the selection
step("release CLI and the model of " + str(docs))
run(["cargo", "build", "--release", "--quiet", "-p", "graphdoc"])
gd = root / "target" / "release" / "graphdoc"
bench.mkdir(parents=True, exist_ok=True)
t0 = time.monotonic()
model_out = run([gd, "model", docs, "--format", "json"])
model_secs = time.monotonic() - t0
model = json.loads(model_out.stdout[model_out.stdout.index("{"):])
types = {t["name"]: t for t in model["types"]}
print(f"{len(types)} types, {len(model['operations'])} operations; "
      f"`graphdoc model` (release) took {model_secs:.2f}s")


def find(short):
    """The microsoft.graph type with this short name, any casing (as the macros look it up)."""
    hits = [t for n, t in types.items()
            if n.lower() == "microsoft.graph." + short.lower()]
    return hits[0] if len(hits) == 1 else None


def all_props(t):
    """Own properties, then each base's, first documented wins (as the derive sees them)."""
    seen, out, cur, hops = set(), [], t, 0
    while cur is not None and hops < 32:
        for p in cur["properties"]:
            if p["name"] not in seen:
                seen.add(p["name"])
                out.append(p)
        cur, hops = types.get(cur.get("base") or ""), hops + 1
    return out


def words(name):
    """emit/naming.rs `words`: camelCase humps, digits stay with the letters before them."""
    out, cur = [], ""
    for i, c in enumerate(name):
        if not (c.isascii() and c.isalnum()):
            if cur:
                out.append(cur)
                cur = ""
            continue
        prev = name[i - 1] if i else ""
        nxt = name[i + 1] if i + 1 < len(name) else ""
        if c.isupper() and cur and ((prev.islower() or prev.isdigit())
                                    or (prev.isupper() and nxt.islower())):
            out.append(cur)
            cur = ""
        cur += c
    return out + ([cur] if cur else [])


def fn_name(op):
    """The name graphdoc gives a GET operation's first function (model/ops.rs `function_name`),
    or None when it would be named by a route segment (a function such as `delta()`)."""
    lower = op["name"].strip().lower()
    res = op["resource"].rsplit(".", 1)[-1].lower().rstrip("s")
    for basic in ("list", "get", "create", "update", "delete"):
        if lower.startswith(basic):
            rest = "".join(lower[len(basic):].split()).rstrip("s")
            if rest in ("", res):
                return basic
    if "(" in op["routes"][0]["path"].rstrip("/").rsplit("/", 1)[-1]:
        return None
    name = "_".join(w.lower() for w in words(op["name"]))
    return None if not name or name[0].isdigit() or name in KEYWORDS else name


KEYWORDS = set("""as break const continue crate else enum extern false fn for if impl in let loop
match mod move mut pub ref return self static struct super trait true type unsafe use where while
async await dyn abstract become box do final macro override priv typeof unsized virtual yield try
gen union""".split())


def snake(wire):
    """The field name the derive maps to `wire`, when it is plain camelCase; else None."""
    if not re.fullmatch(r"[a-z][a-z0-9]*(?:[A-Z][a-z0-9]+)*", wire):
        return None
    s = re.sub(r"[A-Z]", lambda m: "_" + m.group(0).lower(), wire)
    return None if s in KEYWORDS else s


# Documented type -> the Rust type a user would write (the derive must accept each).
RUST = {
    ("Edm.String", False): "Option<String>",
    ("Edm.Boolean", False): "Option<bool>",
    ("Edm.Int32", False): "Option<i32>",
    ("Edm.Int64", False): "Option<i64>",
    ("Edm.DateTimeOffset", False): "Option<String>",
    ("Edm.Guid", False): "Option<String>",
    ("Edm.String", True): "Option<Vec<String>>",
}
KIND_ORDER = [("Edm.String", False), ("Edm.Boolean", False), ("Edm.DateTimeOffset", False),
              ("Edm.Int32", False), ("Edm.String", True), ("Edm.Guid", False),
              ("Edm.Int64", False)]


def fields(t):
    """`id` (the key) first, then one property of each kind in KIND_ORDER, then more in
    documented order, up to 6 in all; every one documented, non-navigation, plain-named."""
    usable = [p for p in all_props(t)
              if not p["navigation"] and (p["type"], p["collection"]) in RUST
              and snake(p["name"])]
    chosen = [p for p in usable if p["name"] == "id" and p["type"] == "Edm.String"][:1]
    for kind in KIND_ORDER:
        for p in usable:
            if (p["type"], p["collection"]) == kind and p not in chosen:
                chosen.append(p)
                break
    for p in usable:
        if len(chosen) >= 6:
            break
        if p not in chosen:
            chosen.append(p)
    chosen = chosen[:6]
    return [(snake(p["name"]),
             "String" if p["name"] == "id" and t.get("key") == "id" else RUST[(p["type"], p["collection"])],
             p["name"], p["type"] + ("[]" if p["collection"] else ""))
            for p in chosen]


def endpoints(t):
    """Predicted names of the GET operations whose response is the resource (the functions the
    derive gives the struct and the CLI puts on the generated one); `get`, `list` first."""
    names = []
    for op in model["operations"]:
        if (op["method"] == "GET" and op["routes"]
                and op["resource"].lower() == t["name"].lower()
                and (op["response"].get("type") or "").lower() == t["name"].lower()):
            n = fn_name(op)
            if n and n not in names:
                names.append(n)
    return sorted(names, key=lambda n: (n not in ("get", "list"), n))


PREFERRED = """user group application servicePrincipal device driveItem message event calendar contact
team channel chatMessage site list listItem plannerTask plannerPlan todoTask orgContact""".split()
FALLBACK = """organization domain administrativeUnit directoryRole subscription chat drive mailFolder
contactFolder onlineMeeting todoTaskList invitation conditionalAccessPolicy identityProvider
educationClass bookingBusiness printer schedule""".split()

def short(t):
    return t["name"].rsplit(".", 1)[-1]


def type_name(name):
    return name[:1].upper() + name[1:]


def generate(names, out):
    """`graphdoc generate DOCS -r … --out OUT`; the code written."""
    shutil.rmtree(out, ignore_errors=True)
    cmd = [gd, "generate", docs, "--out", out]
    for n in names:
        cmd += ["-r", n]
    run(cmd)
    return (out / "mod.rs").read_text()


def impl_fns(code, name):
    """The functions of `impl Name { … }` in the CLI's output."""
    block = re.search(r"^impl " + re.escape(name) + r" \{\n(.*?)^\}", code, re.S | re.M)
    return set(re.findall(r"pub fn (\w+)", block.group(1))) if block else set()


# Candidates in a fixed order: the resources named in the issue's brief, then other common
# ones, then every type by name; each needs a GET endpoint returning it and 4+ plain properties.
cands, notes = [], []
for name in PREFERRED + FALLBACK + sorted(short(t) for t in types.values()):
    if len(cands) == COUNT + 10:
        break
    t = find(name)
    if t is None:
        if name in PREFERRED:
            notes.append(f"{name}: not a (unique) documented type")
        continue
    if any(c[0] is t for c in cands) or t["kind"] != "entity":
        continue
    eps, fs = endpoints(t), fields(t)
    if not eps or len(fs) < 4:
        if name in PREFERRED:
            notes.append(f"{name}: " + ("no documented GET endpoint returns it" if not eps
                                        else f"only {len(fs)} plain properties"))
        continue
    cands.append((t, eps, fs))
# The endpoint names predicted above, confirmed on the CLI's output (derive and CLI name
# functions with the same rule); up to two per resource.
# The CLI's endpoints are builders in its `api` module now (not functions on the struct), and
# the derive names its functions by route, so the crates name the types only; every endpoint
# is still generated and compiled.
selected = []
for t, eps, fs in cands:
    if len(selected) < COUNT:
        selected.append((t, eps[:2], fs))
if len(selected) < COUNT:
    sys.exit(f"derive_build: only {len(selected)} resources qualify in {docs}")
for n in notes:
    print(f"not used: {n}")
print("resources: " + ", ".join(f"{short(t)} ({'/'.join(e)})" for t, e, _ in selected))


# ---------------------------------------------------------------- the scratch crates
step("scratch crates in " + str(bench))
lock = root / "Cargo.lock"


def manifest(name, extra=""):
    deps = (f'serde = {{ version = "1", features = ["derive"] }}\nserde_json = "1"\n'
            f'graphdoc-generated = {{ path = "{root / "generated"}", default-features = false }}\n')
    if name.startswith("gd-bench-derive"):
        deps += f'graphdoc-derive = {{ path = "{root / "derive"}" }}\n'
    return (f'[package]\nname = "{name}"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n'
            f"[dependencies]\n{deps}\n{extra}[workspace]\n")


def touch_fn(prefix, eps=True):
    refs = [f"        ::std::any::type_name_of_val(&{prefix}{type_name(short(t))}::{e}),"
            for t, es, _ in selected for e in es] if eps else \
        [f"        ::std::any::type_name::<{type_name(short(t))}>()," for t, _, _ in selected]
    return ("/// Names every resource's endpoint functions, so their code is used.\n"
            "pub fn touch() -> Vec<&'static str> {\n    vec![\n" + "\n".join(refs) + "\n    ]\n}\n")


def structs(derive):
    out = []
    for t, _, fs in selected:
        body = "\n".join(f"    /// `{w}`: {d}\n    pub {f}: {ty}," for f, ty, w, d in fs)
        attrs = ("#[derive(graphdoc_derive::GraphResource, serde::Deserialize)]\n"
                 f'#[graph(docs = "{docs}", resource = "{short(t)}")]\n' if derive
                 else "#[derive(serde::Deserialize)]\n")
        out.append(f"/// `{t['name']}` ({t['source']['file']}).\n{attrs}"
                   f"pub struct {type_name(short(t))} {{\n{body}\n}}\n")
    return "\n".join(out)


head = "//! Generated by tests/benches/derive_build.sh: {}.\n#![allow(dead_code)]\n\n"
derive_lib = (head.format("20 resources checked by the derive") + structs(True) + "\n"
              + touch_fn("", eps=False))
# Crate name -> (package, manifest extra, lib.rs). `plain` is the baseline: the same structs
# without the derive (serde only), to show what the derive itself costs.
crates = {
    "derive": ("gd-bench-derive", "", derive_lib),
    "derive-o3": ("gd-bench-derive-o3",
                  "# What we recommend to users of the macros.\n"
                  "[profile.dev.package.graphdoc]\nopt-level = 3\n\n", derive_lib),
    "cli": ("gd-bench-cli", "",
            head.format("the CLI's output for the same 20 resources")
            + "pub mod models;\nuse models::*;\n\n" + touch_fn("", eps=False)),
    "plain": ("gd-bench-plain", "",
              head.format("the same 20 structs without the derive (baseline)")
              + structs(False) + "\n" + touch_fn("", eps=False)),
}
for d, (name, extra, lib) in crates.items():
    c = bench / d
    (c / "src").mkdir(parents=True, exist_ok=True)
    (c / "Cargo.toml").write_text(manifest(name, extra))
    (c / "src" / "lib.rs").write_text(lib)
    shutil.copy(lock, c / "Cargo.lock")
code = generate([short(t) for t, _, _ in selected], bench / "cli" / "src" / "models")
print(f"cli: {code.count(chr(10))} lines of generated code; derive: "
      f"{sum(len(f) for _, _, f in selected)} fields in {len(selected)} structs")

env = dict(os.environ, CARGO_TARGET_DIR=str(target), CARGO_TERM_COLOR="never")
env.pop("RUSTFLAGS", None)


def build(d):
    return run(["cargo", "build", "--offline"], cwd=bench / d, env=env, check=False)


step("warm-up builds (dependencies and a first build of each crate)")
for d in crates:
    t0 = time.monotonic()
    p = build(d)
    if p.returncode != 0:
        print(p.stdout, file=sys.stderr)
        sys.exit(f"derive_build: crate `{d}` does not build (above); "
                 f"its source is {bench / d / 'src' / 'lib.rs'}")
    print(f"{d}: {time.monotonic() - t0:.1f}s")

# ---------------------------------------------------------------- timed rebuilds
step(f"{runs} timed rebuilds of each crate after touching src/lib.rs, interleaved")
times = {d: [] for d in crates}
for i in range(runs):
    order = list(crates)
    order = order[i % len(order):] + order[:i % len(order)]
    line = []
    for d in order:
        lib = bench / d / "src" / "lib.rs"
        os.utime(lib)
        t0 = time.monotonic()
        p = build(d)
        dt = time.monotonic() - t0
        if p.returncode != 0:
            print(p.stdout, file=sys.stderr)
            sys.exit(f"derive_build: rebuild of `{d}` failed")
        compiled = re.findall(r"^\s*Compiling (\S+)", p.stdout, re.M)
        if compiled != [crates[d][0]]:
            print(f"warning: {d}: expected only {crates[d][0]} to compile, got {compiled}")
        times[d].append(dt)
        line.append(f"{d} {dt:.2f}s")
    print(f"run {i + 1}: " + ", ".join(line), flush=True)

med = {d: statistics.median(v) for d, v in times.items()}
step("results")
print(f"median of {runs} rebuilds after touching src/lib.rs (dev profile, dependencies warm):")
rows = [("derive: 20 structs, #[derive(GraphResource)]", "derive"),
        ("derive-o3: same, [profile.dev.package.graphdoc] opt-level = 3", "derive-o3"),
        (f"cli: the CLI's output, {code.count(chr(10))} lines", "cli"),
        ("plain: the 20 structs with serde only (baseline)", "plain")]
for label, d in rows:
    print(f"  {label:<64} {med[d]:6.2f}s   (runs: {' '.join(f'{x:.2f}' for x in times[d])})")
print(f"RATIO derive/cli, default dev profile:        {med['derive'] / med['cli']:.2f}  (aim <= 1.2)")
print(f"RATIO derive/cli, graphdoc at opt-level = 3:  {med['derive-o3'] / med['cli']:.2f}  (aim <= 1.2)")
print(f"the derive's own share (derive - plain): {med['derive'] - med['plain']:.2f}s default, "
      f"{med['derive-o3'] - med['plain']:.2f}s at opt-level = 3")
print(f"(for scale: `graphdoc model` on the same folder, release build: {model_secs:.2f}s; "
      f"the macro builds that model once per compilation of the crate)")

# ---------------------------------------------------------------- cold release build
if os.environ.get("DERIVE_BENCH_NO_COLD"):
    print("\ncold release build of graphdoc-derive: skipped (DERIVE_BENCH_NO_COLD)")
else:
    step("cold release build of graphdoc-derive with its dependencies (fresh target dir)")
    cold = Path(tempfile.mkdtemp(prefix="gd-derive-cold-"))
    try:
        cenv = dict(os.environ, CARGO_TARGET_DIR=str(cold), CARGO_TERM_COLOR="never")
        cenv.pop("RUSTFLAGS", None)
        t0 = time.monotonic()
        run(["cargo", "build", "--release", "--offline", "-p", "graphdoc-derive"], env=cenv)
        cold_secs = time.monotonic() - t0
    finally:
        shutil.rmtree(cold, ignore_errors=True)
    tree = run(["cargo", "tree", "--offline", "-p", "graphdoc-derive", "-e", "normal",
                "--prefix", "none", "--no-dedupe"]).stdout
    crates_in_tree = sorted({l.replace(" (*)", "").strip() for l in tree.splitlines() if l.strip()})
    print(f"COLD release build of graphdoc-derive with its dependencies: {cold_secs:.1f}s "
          f"({os.cpu_count()} cores)")
    print(f"dependency tree of graphdoc-derive (normal edges): {len(crates_in_tree)} crates, "
          f"itself included: " + ", ".join(c.split(" ")[0] for c in crates_in_tree))
print(f"\nderive_build: done in {time.monotonic() - started:.0f}s")
PY
