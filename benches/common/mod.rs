//! Timing helpers shared by the benchmarks: run a command, take the median.
#![allow(dead_code)]

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
