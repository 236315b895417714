//! Timing helpers shared by the benchmarks: run a command, take the median, read its
//! peak memory.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one run of `command` takes. Exit 0 and 1 are finished runs (1 is
/// findings at error level); anything else fails the benchmark.
pub fn run(command: &mut Command) -> Duration {
    let start = Instant::now();
    let status = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("command runs");
    let elapsed = start.elapsed();
    assert!(
        matches!(status.code(), Some(0 | 1)),
        "{command:?} failed: {status}"
    );
    elapsed
}

/// The median of `runs` timings, after one run that warms the page cache and the
/// binary.
pub fn median(runs: usize, mut f: impl FnMut() -> Duration) -> Duration {
    f();
    let mut times: Vec<Duration> = (0..runs).map(|_| f()).collect();
    times.sort();
    times[runs / 2]
}

/// GNU time, which reports a child's peak resident set (`%M`, in KiB). The standard
/// library cannot read a child's peak memory (`/proc/PID/status` is gone once the child
/// has exited, and `wait4` needs libc), so without it the benchmarks print "n/a".
const TIME: &str = "/usr/bin/time";

/// The peak resident memory of one run of `command`, in bytes, when GNU time is
/// installed. Run apart from the timed runs, so they carry no wrapper.
pub fn peak_memory(command: &Command) -> Option<u64> {
    if !Path::new(TIME).is_file() {
        return None;
    }
    let out = tempfile_path();
    let mut wrapped = Command::new(TIME);
    wrapped
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&out)
        .arg(command.get_program())
        .args(command.get_args());
    if let Some(dir) = command.get_current_dir() {
        wrapped.current_dir(dir);
    }
    run(&mut wrapped);
    let text = std::fs::read_to_string(&out).ok()?;
    let _ = std::fs::remove_file(&out);
    // GNU time writes "Command exited with non-zero status 1" first on exit 1.
    let kib: u64 = text.lines().last()?.trim().parse().ok()?;
    Some(kib * 1024)
}

fn tempfile_path() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("align-bench-time-{}", std::process::id()))
}

/// Bytes as megabytes for a table, or "n/a".
pub fn megabytes(bytes: Option<u64>) -> String {
    bytes.map_or_else(|| "n/a".into(), |b| format!("{:.0} MB", b as f64 / 1e6))
}
