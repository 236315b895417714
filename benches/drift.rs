//! Benchmark of `align drift`, `align report --format html` and `align cycle review` on
//! synthetic repositories, measured side by side with the floor: `git log --raw
//! --no-renames -- <tree>` over the same history. Each command's median time is printed
//! with its ratio to the floor and to `align drift`, and its peak memory (from one more
//! run under GNU time, `/usr/bin/time`; "n/a" without it). The commands run in turn,
//! round after round, so that other work on the machine slows them alike.
//!
//!     cargo bench --bench drift                     # 1,000 team files, 10,000 commits
//!     cargo bench --bench drift -- 1000 10000 50000 # both history sizes of issue 13
//!     cargo bench --bench drift -- 200 2000         # other sizes: FILES COMMITS...
//!     cargo bench --bench drift -- --generate DIR FILES COMMITS [CYCLES]  # only write a repo
//!
//! The repository holds a strategy tree in `strategy/` (a monorepo's subfolder) with
//! one file per team (3 objectives of 4 key results each) and an `app/` folder that
//! some commits change instead. Each strategy commit changes 1-5 key results' values
//! in 1-3 team files. It is written with `git fast-import`, then `git repack -a -d -f`
//! (fast-import leaves deep delta chains that make every blob read ~3x slower than in
//! a clone). Repositories are cached in target/bench-repos.
//!
//! `cycle review` is measured on a second repository of the same size, at the first
//! history size given: the same FILES team files spread over 20 quarterly cycles
//! (2022-Q1 to 2026-Q4, FILES / 20 teams a cycle, one folder a cycle), each cycle
//! planned 11 days before it starts, and the same number of commits spread over the
//! five years. The first repository, which drift, report and the README's figures use,
//! keeps its single cycle, so those figures stay comparable over time.

mod common;

use common::{megabytes, peak_memory, run};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const RUNS: usize = 5;
const TODAY: &str = "2026-11-20";
/// 2026-09-20T00:00:00Z: the first commit of the one-cycle repository; its cycle
/// starts 2026-10-01.
const EPOCH: i64 = 1_789_862_400;
/// The cycles of the repository `cycle review` is measured on.
const REVIEW_CYCLES: usize = 20;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if let [flag, dir, files, commits, rest @ ..] = args.as_slice()
        && flag == "--generate"
        && rest.len() <= 1
    {
        let number = |s: &String| s.parse().expect("FILES, COMMITS and CYCLES are numbers");
        let cycles = rest.first().map_or(1, number);
        generate(Path::new(dir), number(files), number(commits), cycles);
        return;
    }
    let (files, histories): (usize, Vec<usize>) = match args.as_slice() {
        [] => (1_000, vec![10_000]),
        [files, commits @ ..] if !commits.is_empty() => (
            files.parse().expect("FILES is a number"),
            commits
                .iter()
                .map(|c| c.parse().expect("COMMITS is a number"))
                .collect(),
        ),
        _ => panic!("usage: cargo bench --bench drift [-- FILES COMMITS...]"),
    };
    println!(
        "median of {RUNS} warm runs in turn, {} cores; peak memory from one more run",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    for &commits in &histories {
        let repo = cached(files, commits, 1);
        println!();
        println!("{files} team files, 1 cycle, {commits} commits");
        table(vec![
            ("git log --raw --no-renames", floor(&repo)),
            ("align drift", align(&repo, &["drift", "--format", "json"])),
            (
                "align report --format html",
                align(&repo, &["report", "--format", "html"]),
            ),
        ]);
    }
    let commits = histories[0];
    let repo = cached(files, commits, REVIEW_CYCLES);
    println!();
    println!(
        "{files} team files over {REVIEW_CYCLES} cycles ({} a cycle), {commits} commits",
        files / REVIEW_CYCLES
    );
    table(vec![
        ("git log --raw --no-renames", floor(&repo)),
        ("align drift", align(&repo, &["drift", "--format", "json"])),
        (
            "align cycle review",
            align(&repo, &["cycle", "review", "--format", "json"]),
        ),
    ]);
}

/// The repository of this shape, generated once into target/bench-repos.
fn cached(files: usize, commits: usize, cycles: usize) -> PathBuf {
    let cache = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-repos");
    let name = if cycles == 1 {
        format!("f{files}-c{commits}")
    } else {
        format!("f{files}-c{commits}-y{cycles}")
    };
    let repo = cache.join(name);
    if !repo.join(".complete").exists() {
        generate(&repo, files, commits, cycles);
        std::fs::write(repo.join(".complete"), "").expect("mark the repository complete");
    }
    repo
}

/// One command's median time and peak memory.
struct Measure {
    time: Duration,
    peak: Option<u64>,
}

/// Times the commands in rounds, each round running every command once in turn, so
/// that load from other work on the machine falls on all of them alike; the median
/// of each after one warm-up round. Then each one's peak memory, from one more run.
fn measure(commands: &mut [Command]) -> Vec<Measure> {
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); commands.len()];
    for round in 0..=RUNS {
        for (command, times) in commands.iter_mut().zip(&mut times) {
            let time = run(command);
            if round > 0 {
                times.push(time);
            }
        }
    }
    commands
        .iter()
        .zip(times)
        .map(|(command, mut times)| {
            times.sort();
            Measure {
                time: times[RUNS / 2],
                peak: peak_memory(command),
            }
        })
        .collect()
}

fn floor(repo: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .args(["log", "--raw", "--no-renames", "--", "strategy"])
        .current_dir(repo);
    command
}

fn align(repo: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_align"));
    command
        .args(args)
        .args(["--today", TODAY])
        .current_dir(repo.join("strategy"));
    command
}

/// Measures the commands and prints them side by side: the first is the floor, the
/// second `align drift`.
fn table(rows: Vec<(&str, Command)>) {
    let (names, mut commands): (Vec<&str>, Vec<Command>) = rows.into_iter().unzip();
    let measures = measure(&mut commands);
    let floor = measures[0].time.as_secs_f64();
    let drift = measures[1].time.as_secs_f64();
    println!(
        "{:<28} {:>9} {:>10} {:>9} {:>9}",
        "command", "median", "x git log", "x drift", "peak"
    );
    for (name, m) in names.iter().zip(&measures) {
        let t = m.time.as_secs_f64();
        println!(
            "{:<28} {:>7.0}ms {:>9.2}x {:>8.2}x {:>9}",
            name,
            t * 1e3,
            t / floor,
            t / drift,
            megabytes(m.peak)
        );
    }
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

/// One cycle of a generated repository.
struct Cycle {
    id: String,
    start: (i64, i64, i64),
    end: (i64, i64, i64),
}

impl Cycle {
    /// The `count` quarters that end with 2026-Q4.
    fn quarters(count: usize) -> Vec<Cycle> {
        let last = 2026 * 4 + 3;
        (0..count as i64)
            .map(|k| {
                let q = last - (count as i64 - 1 - k);
                let (year, n) = (q / 4, q % 4);
                let end_day = [31, 30, 30, 31][n as usize];
                Cycle {
                    id: format!("{year}-Q{}", n + 1),
                    start: (year, 3 * n + 1, 1),
                    end: (year, 3 * n + 3, end_day),
                }
            })
            .collect()
    }

    /// The prefix of its objectives' ids; none with one cycle, as ids always were.
    fn prefix(&self, cycles: usize) -> String {
        if cycles == 1 {
            String::new()
        } else {
            format!("{}-", self.id.to_lowercase())
        }
    }

    /// Its team files' folder below `objectives/`.
    fn folder(&self, cycles: usize) -> String {
        if cycles == 1 {
            String::new()
        } else {
            format!("{}/", self.id)
        }
    }
}

/// Seconds since 1970 at midnight UTC of a civil date (Howard Hinnant's days_from_civil).
fn unix(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) * 86_400
}

/// One team file, with the current values of its 12 key results.
fn team_file(i: usize, cycle: &Cycle, prefix: &str, values: &[f64]) -> String {
    let mut text = format!("# Objectives of team {i} for {}.\n", cycle.id);
    for j in 0..3 {
        let supports = if i == 0 {
            "\"p0\"".to_string()
        } else {
            format!("\"{prefix}team{}-o{j}\"", (i - 1) / 8)
        };
        let _ = write!(
            text,
            "\n[[objective]]\nid = \"{prefix}team{i}-o{j}\"\ntitle = \"Shippers rely on team {i} every day\"\n\
             team = \"team{i}\"\ncycle = \"{}\"\nowner = \"@lead{i}\"\nsupports = [{supports}]\n\
             description = \"Why it matters: late and unpredictable deliveries cost our \
             customers theirs; this objective closes that gap.\"\n",
            cycle.id
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

/// Writes the repository: `files` team files in total, `files / cycles` teams a
/// cycle. With one cycle (2026-Q4), the history spans 61 days from 2026-09-20; with
/// more, it spans the quarters up to 2026-Q4 and plans each cycle 11 days before it
/// starts.
fn generate(repo: &Path, files: usize, commits: usize, cycles: usize) {
    let cycles = cycles.max(1);
    let teams = (files / cycles).max(1);
    let plan: Vec<Cycle> = Cycle::quarters(cycles);
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
    // values[cycle][team][key result]
    let mut values: Vec<Vec<Vec<f64>>> = (0..cycles)
        .map(|_| {
            (0..teams)
                .map(|i| vec![10.0 + (i % 50) as f64; KRS])
                .collect()
        })
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let planned_at = |c: &Cycle| unix(c.start.0, c.start.1, c.start.2) - 11 * 86_400;
    let (first, step) = if cycles == 1 {
        (EPOCH, (61 * 86_400 / commits.max(1)) as i64)
    } else {
        let first = planned_at(&plan[0]);
        let last = unix(2026, 11, 19);
        (first, (last - first) / commits.max(1) as i64)
    };
    let data = |out: &mut dyn std::io::Write, text: &str| {
        write!(out, "data {}\n{text}\n", text.len()).expect("write to fast-import");
    };
    let file_of =
        |c: usize, i: usize| format!("strategy/objectives/{}team{i}.toml", plan[c].folder(cycles));
    // The cycles planned so far.
    let mut planned = 0;
    for n in 0..commits {
        let when = first + n as i64 * step;
        let author = format!("@lead{}", rng.below(teams));
        write!(
            stream,
            "commit refs/heads/main\nauthor {author} <{}@example.com> {when} +0000\n\
             committer {author} <{}@example.com> {when} +0000\n",
            &author[1..],
            &author[1..]
        )
        .expect("write to fast-import");
        let due = plan.iter().filter(|c| planned_at(c) <= when).count().max(1);
        if n == 0 || due > planned {
            let names: Vec<&str> = plan[planned..due].iter().map(|c| c.id.as_str()).collect();
            let message = if cycles == 1 {
                "Plan Q4".to_string()
            } else {
                format!("Plan {}", names.join(", "))
            };
            data(&mut stream, &message);
            let mut files_out = Vec::new();
            if n == 0 {
                let mut cycles_toml = String::new();
                for c in &plan {
                    let (s, e) = (c.start, c.end);
                    let _ = write!(
                        cycles_toml,
                        "{}[[cycle]]\nid = \"{}\"\nstart = {}-{:02}-{:02}\nend = {}-{:02}-{:02}\n",
                        if cycles_toml.is_empty() { "" } else { "\n" },
                        c.id,
                        s.0,
                        s.1,
                        s.2,
                        e.0,
                        e.1,
                        e.2
                    );
                }
                files_out.extend([
                    ("strategy/align.toml".to_string(), "name = \"Synthetic\"\n".to_string()),
                    (
                        "strategy/vision.toml".to_string(),
                        "[vision]\nstatement = \"Every shipment arrives when promised\"\n\n\
                         [[pillar]]\nid = \"p0\"\ntitle = \"Shippers trust us\"\nperspective = \"customer\"\n"
                            .to_string(),
                    ),
                    ("strategy/cycles.toml".to_string(), cycles_toml),
                    ("app/main.rs".to_string(), "fn main() {}\n".to_string()),
                ]);
            }
            let mut teams_toml = String::new();
            for c in planned..due {
                let prefix = plan[c].prefix(cycles);
                for (i, team_values) in values[c].iter().enumerate() {
                    if n == 0 && c == 0 {
                        let _ = write!(
                            teams_toml,
                            "[[team]]\nid = \"team{i}\"\nlead = \"@lead{i}\"\n"
                        );
                        if i > 0 {
                            let _ = writeln!(teams_toml, "parent = \"team{}\"", (i - 1) / 8);
                        }
                        teams_toml.push('\n');
                    }
                    files_out.push((file_of(c, i), team_file(i, &plan[c], &prefix, team_values)));
                }
            }
            if n == 0 {
                files_out.push(("strategy/teams.toml".to_string(), teams_toml));
            }
            planned = due;
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
        // Check-ins go to the cycle running (or, before the first starts, planned).
        let cycle = plan[..planned]
            .iter()
            .rposition(|c| unix(c.start.0, c.start.1, c.start.2) <= when)
            .unwrap_or(0);
        data(&mut stream, "Weekly check-in");
        let changes = 1 + rng.below(5);
        let mut touched: Vec<usize> = Vec::new();
        let team = rng.below(teams);
        for c in 0..changes {
            // Mostly one team's file, sometimes a second or third team's.
            let file = if c > 0 && rng.below(4) == 0 {
                rng.below(teams)
            } else {
                team
            };
            let kr = rng.below(KRS);
            values[cycle][file][kr] += 0.1 * (1 + rng.below(9)) as f64;
            if !touched.contains(&file) {
                touched.push(file);
            }
        }
        let prefix = plan[cycle].prefix(cycles);
        for file in touched {
            writeln!(stream, "M 100644 inline {}", file_of(cycle, file))
                .expect("write to fast-import");
            data(
                &mut stream,
                &team_file(file, &plan[cycle], &prefix, &values[cycle][file]),
            );
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
