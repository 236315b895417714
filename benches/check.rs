//! Benchmark of `align check` on synthetic trees of N team files, measured side by
//! side with the floor: `find TREE -name '*.toml' -exec cat {} + >/dev/null`.
//!
//!     cargo bench --bench check                 # N = 1,000 and 10,000
//!     cargo bench --bench check -- 2000         # other sizes
//!     cargo bench --bench check -- --generate DIR N   # only write a tree
//!
//! Each team file holds 3 objectives with 4 key results each, `supports` up the team
//! tree and a `depends_on` on another team. Trees are cached in target/bench-trees.

mod common;

use common::{median, run};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

const RUNS: usize = 7;
const TODAY: &str = "2026-11-15";
const WORDS: [&str; 16] = [
    "shippers",
    "carriers",
    "warehouses",
    "drivers",
    "partners",
    "retailers",
    "buyers",
    "planners",
    "dispatchers",
    "brokers",
    "importers",
    "exporters",
    "fleets",
    "depots",
    "couriers",
    "merchants",
];

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if let [flag, dir, n] = args.as_slice()
        && flag == "--generate"
    {
        let n = n.parse().expect("N is a number");
        generate(Path::new(dir), n);
        return;
    }
    let sizes: Vec<usize> = if args.is_empty() {
        vec![1_000, 10_000]
    } else {
        args.iter()
            .map(|a| a.parse().expect("sizes are numbers"))
            .collect()
    };
    let cache = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-trees");
    println!(
        "align check vs. reading the bytes (median of {RUNS} warm runs, {} cores)",
        cores()
    );
    println!(
        "{:>7} {:>9} {:>14} {:>12} {:>7}",
        "files", "MB", "find+cat", "align", "ratio"
    );
    for n in sizes {
        let root = cache.join(format!("n{n}"));
        if !root.join(".complete").exists() {
            generate(&root, n);
            std::fs::write(root.join(".complete"), "").expect("mark tree complete");
        }
        let bytes = tree_bytes(&root);
        let floor = median(RUNS, || {
            run(Command::new("sh").arg("-c").arg(format!(
                "find '{}' -name '*.toml' -exec cat {{}} + >/dev/null",
                root.display()
            )))
        });
        let align = median(RUNS, || {
            run(Command::new(env!("CARGO_BIN_EXE_align")).args([
                "check",
                "--root",
                &root.to_string_lossy(),
                "--today",
                TODAY,
                "--format",
                "json",
            ]))
        });
        println!(
            "{:>7} {:>9.1} {:>12.0}ms {:>10.0}ms {:>6.2}x",
            n + 4,
            bytes as f64 / 1e6,
            floor.as_secs_f64() * 1e3,
            align.as_secs_f64() * 1e3,
            align.as_secs_f64() / floor.as_secs_f64()
        );
    }
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn tree_bytes(root: &Path) -> u64 {
    fn walk(dir: &Path, total: &mut u64) {
        for entry in std::fs::read_dir(dir).expect("readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, total);
            } else if path.extension().is_some_and(|e| e == "toml") {
                *total += entry.metadata().map_or(0, |m| m.len());
            }
        }
    }
    let mut total = 0;
    walk(root, &mut total);
    total
}

fn write(path: PathBuf, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("create folders");
    std::fs::write(path, text).expect("write");
}

fn word(i: usize) -> &'static str {
    WORDS[i % WORDS.len()]
}

/// Team `i`'s parent: a tree eight wide, so the depth grows with log N.
fn parent(i: usize) -> Option<usize> {
    (i > 0).then(|| (i - 1) / 8)
}

/// Writes a tree of `n` team files that passes `align check` with no findings.
fn generate(root: &Path, n: usize) {
    let _ = std::fs::remove_dir_all(root);
    write(root.join("align.toml"), "name = \"Synthetic\"\n");
    write(
        root.join("vision.toml"),
        "[vision]\nstatement = \"Every shipment arrives when promised\"\n\n\
         [[pillar]]\nid = \"p0\"\ntitle = \"Profitable growth\"\nperspective = \"financial\"\n\n\
         [[pillar]]\nid = \"p1\"\ntitle = \"Shippers trust us\"\nperspective = \"customer\"\n\n\
         [[pillar]]\nid = \"p2\"\ntitle = \"Operations run themselves\"\nperspective = \"process\"\n\n\
         [[pillar]]\nid = \"p3\"\ntitle = \"People grow here\"\nperspective = \"learning\"\n",
    );
    write(
        root.join("cycles.toml"),
        "[[cycle]]\nid = \"2026-Q4\"\nstart = 2026-10-01\nend = 2026-12-31\n",
    );
    let mut teams = String::new();
    for i in 0..n {
        let _ = write!(teams, "[[team]]\nid = \"team{i}\"\nname = \"Team {i}\"\n");
        if let Some(p) = parent(i) {
            let _ = writeln!(teams, "parent = \"team{p}\"");
        }
        let _ = writeln!(teams, "lead = \"@lead{i}\"\n");
    }
    write(root.join("teams.toml"), &teams);
    for i in 0..n {
        let mut text = format!("# Objectives of team {i} for 2026-Q4.\n");
        for j in 0..3 {
            let supports = match parent(i) {
                Some(p) => format!("\"team{p}-o{j}\""),
                None if j == 0 => "\"p0\", \"p1\"".to_string(),
                None => format!("\"p{}\"", j + 1),
            };
            let depends = if i >= 2 {
                format!("depends_on = [\"team{}-o1\"]\n", i - 1)
            } else {
                String::new()
            };
            let _ = write!(
                text,
                "\n[[objective]]\nid = \"team{i}-o{j}\"\n\
                 title = \"{} and {} rely on our {} every day\"\n\
                 team = \"team{i}\"\ncycle = \"2026-Q4\"\nowner = \"@lead{i}\"\n\
                 supports = [{supports}]\n{depends}kind = \"committed\"\n\
                 description = \"Why it matters: {} told us in interviews that late and \
                 unpredictable deliveries cost them customers; this objective closes that gap.\"\n",
                word(i + j),
                word(i + 2 * j + 1),
                word(i * 3 + j + 2),
                word(i + 5),
            );
            for k in 0..4 {
                if k == 3 {
                    let _ = write!(
                        text,
                        "\n[[objective.key_result]]\nid = \"kr{k}\"\n\
                         title = \"Runbook for {} reviewed by the on-call rotation\"\ndone = false\n",
                        word(i + k),
                    );
                } else {
                    let baseline = 10.0 + (i % 50) as f64;
                    let _ = write!(
                        text,
                        "\n[[objective.key_result]]\nid = \"kr{k}\"\n\
                         title = \"Share of {} deliveries on time\"\n\
                         baseline = {baseline:.1}\ntarget = {:.1}\ncurrent = {:.1}\nunit = \"%\"\n\
                         confidence = 0.{}\n",
                        word(i + k),
                        baseline + 20.0 + k as f64,
                        baseline + 5.0,
                        5 + (i + k) % 4,
                    );
                }
            }
        }
        write(root.join(format!("objectives/2026-Q4/team{i}.toml")), &text);
    }
}
