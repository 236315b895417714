//! A small strategy tree in a repository, for tests of `align diff` and `check --base`:
//! the base on `main`, clean as of `common::TODAY`, and helpers to branch, commit and run.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use super::Run;
use super::repo::TestRepo;

pub const SETTINGS: &str = "name = \"Diff\"\n";

pub const VISION: &str = r#"[vision]
statement = "Small shops ship every order on time without thinking about it"
owner = "@ana"

[[pillar]]
id = "growth"
title = "Grow recurring revenue efficiently"
perspective = "financial"
owner = "@cara"

[[pillar]]
id = "trust"
title = "Be the shipping tool small shops trust"
perspective = "customer"
owner = "@cara"

[[pillar]]
id = "operations"
title = "Run a platform that is fast and reliable"
perspective = "process"
owner = "@ana"

[[pillar]]
id = "learning"
title = "Grow people who learn faster than the market changes"
perspective = "learning"
owner = "@ana"
"#;

pub const TEAMS: &str = r#"[[team]]
id = "engineering"
name = "Engineering"
lead = "@ana"
members = ["@bob"]

[[team]]
id = "sales"
name = "Sales"
lead = "@cara"
members = ["@dan"]
"#;

pub const CYCLES: &str = r#"[[cycle]]
id = "2026-Q4"
start = 2026-10-01
end = 2026-12-31

[[cycle]]
id = "2027-Q1"
start = 2027-01-01
end = 2027-03-31
"#;

pub const ENGINEERING: &str = r#"[[objective]]
id = "eng-calm-releases"
title = "Customers never notice when we release"
team = "engineering"
cycle = "2026-Q4"
owner = "@ana"
supports = ["operations", "trust"]
accepts = ["sales-renewals"]

[[objective.key_result]]
id = "failed-changes"
title = "Change failure rate"
baseline = 18.0
target = 8.0
current = 12.0
unit = "%"

[[objective.key_result]]
id = "rollbacks"
title = "Every service can be rolled back in one step"
done = false

[[objective]]
id = "eng-learning"
title = "Engineers grow into owning their services end to end"
team = "engineering"
cycle = "2026-Q4"
owner = "@bob"
supports = ["learning"]

[[objective.key_result]]
id = "on-call-ready"
title = "Engineers ready to take an on-call shift alone"
baseline = 3.0
target = 8.0
current = 5.0
unit = "engineers"

[[objective.key_result]]
id = "runbooks-owned"
title = "Services whose runbook their own team wrote"
baseline = 40.0
target = 90.0
current = 55.0
unit = "%"
"#;

pub const SALES: &str = r#"[[objective]]
id = "sales-renewals"
title = "Small shops renew instead of shopping around"
team = "sales"
cycle = "2026-Q4"
owner = "@cara"
supports = ["growth"]
depends_on = ["eng-calm-releases"]

[[objective.key_result]]
id = "renewal-rate"
title = "Annual renewal rate"
baseline = 78.0
target = 88.0
current = 82.0
unit = "%"

[[objective.key_result]]
id = "second-warehouse"
title = "Renewing shops that add a second warehouse"
baseline = 12.5
target = 20.5
current = 15.5
unit = "% of renewing shops"
"#;

pub const NEXT_QUARTER: &str = r#"[[objective]]
id = "eng-deploy-often"
title = "Teams ship small changes many times a day"
team = "engineering"
cycle = "2027-Q1"
owner = "@ana"
supports = ["operations"]

[[objective.key_result]]
id = "deploys"
title = "Deploys per day"
baseline = 2.0
target = 10.0
unit = "deploys"

[[objective.key_result]]
id = "merge-to-production"
title = "Hours from merge to production"
baseline = 30.0
target = 4.0
unit = "hours"
"#;

pub const ENG_Q4: &str = "objectives/2026-Q4/engineering.toml";
pub const SALES_Q4: &str = "objectives/2026-Q4/sales.toml";
pub const ENG_Q1: &str = "objectives/2027-Q1/engineering.toml";

/// A repository whose `main` holds the base tree (clean as of `TODAY`), with HEAD on
/// a new branch `change` at the same commit: the test edits the work tree, then commits.
pub fn base_repo() -> TestRepo {
    let repo = TestRepo::new();
    write_base(&repo);
    repo.commit("2026-10-01", "@ana", "Plan Q4 and Q1");
    branch(&repo, "change");
    repo
}

/// Writes the files of the base tree into the work tree; a test may then change one.
pub fn write_base(repo: &TestRepo) -> &TestRepo {
    repo.write("align.toml", SETTINGS)
        .write("vision.toml", VISION)
        .write("teams.toml", TEAMS)
        .write("cycles.toml", CYCLES)
        .write(ENG_Q4, ENGINEERING)
        .write(SALES_Q4, SALES)
        .write(ENG_Q1, NEXT_QUARTER)
}

/// The engineering file with `eng-calm-releases` depending on `sales-renewals`, which
/// depends on it: a dependency loop.
pub fn engineering_in_a_loop() -> String {
    ENGINEERING.replace(
        "supports = [\"operations\", \"trust\"]",
        "supports = [\"operations\", \"trust\"]\ndepends_on = [\"sales-renewals\"]",
    )
}

/// Starts a branch at HEAD and moves HEAD to it; the work tree stays as it is.
pub fn branch(repo: &TestRepo, name: &str) {
    let head = repo
        .repo
        .head()
        .and_then(|h| h.peel_to_commit())
        .expect("a commit");
    repo.repo.branch(name, &head, false).expect("branch");
    repo.repo
        .set_head(&format!("refs/heads/{name}"))
        .expect("set HEAD");
}

pub fn commit_change(repo: &TestRepo, message: &str) {
    repo.commit("2026-11-10", "@bob", message);
}

/// Runs `align` in `cwd` with a clean environment: no GitHub variables from the CI
/// that runs these tests, no colour.
pub fn align_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_align"));
    command
        .args(args)
        .current_dir(cwd)
        .env_remove("ALIGN_TODAY")
        .env_remove("GITHUB_BASE_REF")
        .env_remove("NO_GRAPHICS")
        .env("NO_COLOR", "1");
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("the align binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

pub fn align(cwd: &Path, args: &[&str]) -> Run {
    align_env(cwd, args, &[])
}
