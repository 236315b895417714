//! Benchmark of `align drift` on a synthetic repository, measured side by side with
//! the floor: `git log --raw --no-renames -- <tree>` over the same history.
//!
//!     cargo bench --bench drift                     # 1,000 team files, 10,000 commits
//!     cargo bench --bench drift -- 200 2000         # other sizes: files, commits
//!     cargo bench --bench drift -- --generate DIR FILES COMMITS   # only write a repo
//!
//! The repository holds a strategy tree in `strategy/` (a monorepo's subfolder) with
//! one file per team (3 objectives of 4 key results each) and an `app/` folder that
//! some commits change instead. Each strategy commit changes 1-5 key results' values
//! in 1-3 team files. It is written with `git fast-import`, then `git repack -a -d -f`
//! (fast-import leaves deep delta chains that make every blob read ~3x slower than in
//! a clone). Repositories are cached in target/bench-repos.

mod common;

use common::{median, run};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const RUNS: usize = 5;
const TODAY: &str = "2026-11-20";
/// 2026-09-20T00:00:00Z: the first commit; the cycle starts 2026-10-01.
const EPOCH: i64 = 1_789_862_400;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if let [flag, dir, files, commits] = args.as_slice()
        && flag == "--generate"
    {
        let files = files.parse().expect("FILES is a number");
        let commits = commits.parse().expect("COMMITS is a number");
        generate(Path::new(dir), files, commits);
        return;
    }
    let (files, commits) = match args.as_slice() {
        [] => (1_000, 10_000),
        [files, commits] => (
            files.parse().expect("FILES is a number"),
            commits.parse().expect("COMMITS is a number"),
        ),
        _ => panic!("usage: cargo bench --bench drift [-- FILES COMMITS]"),
    };
    let cache = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-repos");
    let repo = cache.join(format!("f{files}-c{commits}"));
    if !repo.join(".complete").exists() {
        generate(&repo, files, commits);
        std::fs::write(repo.join(".complete"), "").expect("mark the repository complete");
    }
    let floor = median(RUNS, || {
        run(Command::new("git")
            .args(["log", "--raw", "--no-renames", "--", "strategy"])
            .current_dir(&repo))
    });
    let drift = median(RUNS, || {
        run(Command::new(env!("CARGO_BIN_EXE_align"))
            .args(["drift", "--today", TODAY, "--format", "json"])
            .current_dir(repo.join("strategy")))
    });
    println!(
        "align drift vs. git log --raw (median of {RUNS} warm runs, {} cores)",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "{:>7} {:>8} {:>14} {:>12} {:>7}",
        "files", "commits", "git log --raw", "align drift", "ratio"
    );
    println!(
        "{:>7} {:>8} {:>12.0}ms {:>10.0}ms {:>6.2}x",
        files,
        commits,
        floor.as_secs_f64() * 1e3,
        drift.as_secs_f64() * 1e3,
        drift.as_secs_f64() / floor.as_secs_f64()
    );
}

/// A small deterministic generator (xorshift), so every run builds the same history.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Key results per team file.
const KRS: usize = 12;

/// One team file, with the current values of its 12 key results.
fn team_file(i: usize, values: &[f64]) -> String {
    let mut text = format!("# Objectives of team {i} for 2026-Q4.\n");
    for j in 0..3 {
        let supports = if i == 0 {
            "\"p0\"".to_string()
        } else {
            format!("\"team{}-o{j}\"", (i - 1) / 8)
        };
        let _ = write!(
            text,
            "\n[[objective]]\nid = \"team{i}-o{j}\"\ntitle = \"Shippers rely on team {i} every day\"\n\
             team = \"team{i}\"\ncycle = \"2026-Q4\"\nowner = \"@lead{i}\"\nsupports = [{supports}]\n\
             description = \"Why it matters: late and unpredictable deliveries cost our \
             customers theirs; this objective closes that gap.\"\n"
        );
        for k in 0..4 {
            let baseline = 10.0 + (i % 50) as f64;
            let _ = write!(
                text,
                "\n[[objective.key_result]]\nid = \"kr{k}\"\ntitle = \"Share of deliveries on time\"\n\
                 baseline = {baseline:.1}\ntarget = {:.1}\ncurrent = {:.1}\nunit = \"%\"\nconfidence = 0.7\n",
                baseline + 20.0,
                values[j * 4 + k],
            );
        }
    }
    text
}

fn generate(repo: &Path, files: usize, commits: usize) {
    let _ = std::fs::remove_dir_all(repo);
    std::fs::create_dir_all(repo).expect("create the repository folder");
    git(repo, &["init", "-q", "-b", "main"]);
    let mut child = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(repo)
        .stdin(Stdio::piped())
        .spawn()
        .expect("git fast-import runs");
    let mut stream = std::io::BufWriter::new(child.stdin.take().expect("stdin"));
    let mut values: Vec<Vec<f64>> = (0..files)
        .map(|i| vec![10.0 + (i % 50) as f64; KRS])
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let step = (61 * 86_400 / commits.max(1)) as i64;
    let data = |out: &mut dyn std::io::Write, text: &str| {
        write!(out, "data {}\n{text}\n", text.len()).expect("write to fast-import");
    };
    for n in 0..commits {
        let when = EPOCH + n as i64 * step;
        let author = format!("@lead{}", rng.below(files.max(1)));
        write!(
            stream,
            "commit refs/heads/main\nauthor {author} <{}@example.com> {when} +0000\n\
             committer {author} <{}@example.com> {when} +0000\n",
            &author[1..],
            &author[1..]
        )
        .expect("write to fast-import");
        if n == 0 {
            data(&mut stream, "Plan Q4");
            let mut files_out = vec![
                ("strategy/align.toml".to_string(), "name = \"Synthetic\"\n".to_string()),
                (
                    "strategy/vision.toml".to_string(),
                    "[vision]\nstatement = \"Every shipment arrives when promised\"\n\n\
                     [[pillar]]\nid = \"p0\"\ntitle = \"Shippers trust us\"\nperspective = \"customer\"\n"
                        .to_string(),
                ),
                (
                    "strategy/cycles.toml".to_string(),
                    "[[cycle]]\nid = \"2026-Q4\"\nstart = 2026-10-01\nend = 2026-12-31\n".to_string(),
                ),
                ("app/main.rs".to_string(), "fn main() {}\n".to_string()),
            ];
            let mut teams = String::new();
            for (i, team_values) in values.iter().enumerate() {
                let _ = write!(teams, "[[team]]\nid = \"team{i}\"\nlead = \"@lead{i}\"\n");
                if i > 0 {
                    let _ = writeln!(teams, "parent = \"team{}\"", (i - 1) / 8);
                }
                teams.push('\n');
                files_out.push((
                    format!("strategy/objectives/team{i}.toml"),
                    team_file(i, team_values),
                ));
            }
            files_out.push(("strategy/teams.toml".to_string(), teams));
            for (path, text) in files_out {
                writeln!(stream, "M 100644 inline {path}").expect("write to fast-import");
                data(&mut stream, &text);
            }
            continue;
        }
        // No `from`: fast-import continues the branch from its tip.
        // One commit in ten changes the app, not the strategy.
        if n % 10 == 0 {
            data(&mut stream, "Work on the app");
            writeln!(stream, "M 100644 inline app/main.rs").expect("write to fast-import");
            data(&mut stream, &format!("fn main() {{ /* {n} */ }}\n"));
            continue;
        }
        data(&mut stream, "Weekly check-in");
        let changes = 1 + rng.below(5);
        let mut touched: Vec<usize> = Vec::new();
        let team = rng.below(files);
        for c in 0..changes {
            // Mostly one team's file, sometimes a second or third team's.
            let file = if c > 0 && rng.below(4) == 0 {
                rng.below(files)
            } else {
                team
            };
            let kr = rng.below(KRS);
            values[file][kr] += 0.1 * (1 + rng.below(9)) as f64;
            if !touched.contains(&file) {
                touched.push(file);
            }
        }
        for file in touched {
            writeln!(
                stream,
                "M 100644 inline strategy/objectives/team{file}.toml"
            )
            .expect("write to fast-import");
            data(&mut stream, &team_file(file, &values[file]));
        }
    }
    drop(stream);
    assert!(
        child.wait().expect("fast-import ends").success(),
        "git fast-import failed"
    );
    git(repo, &["repack", "-a", "-d", "-f", "-q"]);
    git(repo, &["reset", "-q", "--hard", "main"]);
}

fn git(dir: &Path, args: &[&str]) -> PathBuf {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed");
    dir.to_path_buf()
}
