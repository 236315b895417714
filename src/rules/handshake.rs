//! The dependency handshake: a `depends_on` is a request another team answers with
//! `accepts` or `declines`. These rules find requests nobody answered, requests turned
//! down, and answers to requests nobody made.

use std::collections::HashSet;

use super::Context;
use crate::codes::{Code, Reads, Rule};
use crate::diag::{Entity, Finding, Severity};
use crate::handshake::{Answer, Answers};
use crate::model::{Objective, Spanned, Status};
use crate::score::days;
use crate::source::FileId;
use crate::suggest::did_you_mean;

pub(crate) const DEPENDENCY_UNACKNOWLEDGED: Rule = Rule {
    code: Code::DependencyUnacknowledged,
    severity: Severity::Info,
    summary: "A dependency request has no answer from the team asked",
    title: "depends on an objective whose team has not answered",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/dependency-unacknowledged.md"),
};

pub(crate) const DEPENDENCY_DECLINED: Rule = Rule {
    code: Code::DependencyDeclined,
    severity: Severity::Warning,
    summary: "A dependency request was declined by the team asked",
    title: "depends on an objective whose team declined",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/dependency-declined.md"),
};

pub(crate) const ANSWER_WITHOUT_REQUEST: Rule = Rule {
    code: Code::AnswerWithoutRequest,
    severity: Severity::Warning,
    summary: "An objective accepts or declines a request that nobody made",
    title: "answers a dependency request that nobody made",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/answer-without-request.md"),
};

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let answers = Answers::of(cx.model);
    requests(cx, &answers, out);
    answers_without_request(cx, out);
}

/// Each open request: unanswered, or declined.
fn requests(cx: &Context, answers: &Answers, out: &mut Vec<Finding>) {
    let m = cx.model;
    let within = i64::from(cx.settings.dependencies.acknowledge_within_days);
    for (i, o) in m.objectives.iter().enumerate() {
        // An achieved, missed or dropped objective waits for nothing any more, and
        // neither does one whose cycle is over.
        let status = o.status();
        if !matches!(status, Status::Active | Status::Draft) {
            continue;
        }
        let Some(cycle) = cx.cycle_of(i) else {
            continue; // unknown-reference says so
        };
        if cycle.end.get_ref().0 < cx.today {
            continue;
        }
        let me = o.id.get_ref().as_str();
        let about = Entity::Objective(me.to_string());
        for target in &o.depends_on {
            let on = target.get_ref().as_str();
            let Some(&t) = cx.graph.index.objectives.get(on) else {
                continue; // unknown-reference
            };
            let provider = &m.objectives[t];
            if t == i {
                continue; // a loop of one: dependency-loop
            }
            match answers.answer(me, on) {
                Answer::Accepted => {}
                Answer::Declined => {
                    let reason = answers.reason(me, on).unwrap_or_default();
                    let because = if reason.trim().is_empty() {
                        " without a reason".to_string()
                    } else {
                        format!(": {reason}")
                    };
                    let mut finding = Finding::new(
                        Code::DependencyDeclined,
                        format!(
                            "`{me}` depends on `{on}`, whose team `{}` declined{because}",
                            provider.team.get_ref()
                        ),
                    )
                    .at(o.file, target.span(), "declined")
                    .help(format!(
                        "plan without `{on}`: find another provider, take the work into `{me}`, or re-scope it; then remove it from `depends_on`"
                    ))
                    .entity(about.clone());
                    if let Some(span) = answers.span(me, on) {
                        finding = finding.also(provider.file, span, "declined here");
                    }
                    out.push(finding);
                }
                Answer::Pending => {
                    // Inside a team it is no request (dependency-same-team), and a
                    // dropped provider will not answer (dependency-dropped).
                    if status != Status::Active
                        || provider.team.get_ref() == o.team.get_ref()
                        || provider.status() == Status::Dropped
                    {
                        continue;
                    }
                    let start = cycle.start.get_ref();
                    let mut finding = Finding::new(
                        Code::DependencyUnacknowledged,
                        format!(
                            "`{me}` depends on `{on}` of team `{}`, which has not answered",
                            provider.team.get_ref()
                        ),
                    )
                    .at(o.file, target.span(), "no answer yet")
                    .also(provider.file, provider.id.span(), "asked here")
                    .help(format!(
                        "{} must answer within {within} days of {start}, the start of `{}`: in `{on}`, add \"{me}\" to `accepts`, or add {{ objective = \"{me}\", reason = \"...\" }} to `declines`",
                        who_answers(cx, provider),
                        cycle.id.get_ref(),
                    ))
                    .entity(about.clone());
                    if days(start.0, cx.today) > within {
                        finding.severity = Severity::Warning;
                    }
                    out.push(finding);
                }
            }
        }
    }
}

/// Who answers for a provider: its owner, else its team's lead, else the team.
fn who_answers(cx: &Context, provider: &Objective) -> String {
    let team = provider.team.get_ref();
    if let Some(owner) = &provider.owner {
        return format!("{} (owner of `{}`)", owner.get_ref(), provider.id.get_ref());
    }
    cx.graph
        .index
        .teams
        .get(team.as_str())
        .and_then(|&t| cx.model.teams[t].lead.as_ref())
        .map_or_else(
            || format!("team `{team}`"),
            |lead| format!("{} (lead of team `{team}`)", lead.get_ref()),
        )
}

/// `accepts` and `declines` entries that answer no `depends_on`. The references of
/// these entries are checked here only (unknown-reference reads `depends_on`, not the
/// answers), so an id that names no objective is said once, here.
fn answers_without_request(cx: &Context, out: &mut Vec<Finding>) {
    let m = cx.model;
    let index = &cx.graph.index.objectives;
    let asked: HashSet<(&str, &str)> = m
        .objectives
        .iter()
        .flat_map(|o| {
            let me = o.id.get_ref().as_str();
            o.depends_on.iter().map(move |d| (me, d.get_ref().as_str()))
        })
        .collect();
    // Sorted once, only when an id is unknown: "did you mean" over every objective.
    let mut ids: Option<Vec<&str>> = None;
    for provider in &m.objectives {
        let me = provider.id.get_ref().as_str();
        let entries = provider.accepts.iter().map(|a| ("accepts", a)).chain(
            provider
                .declines
                .iter()
                .map(|d| ("declines", &d.get_ref().objective)),
        );
        for (key, requester) in entries {
            let id = requester.get_ref().as_str();
            if asked.contains(&(id, me)) {
                continue;
            }
            let about = Entity::Objective(me.to_string());
            let finding = match index.get(id) {
                Some(&r) => Finding::new(
                    Code::AnswerWithoutRequest,
                    format!("`{me}` {key} `{id}`, which does not depend on it"),
                )
                .at(provider.file, requester.span(), "no request to answer")
                .also(
                    m.objectives[r].file,
                    m.objectives[r].id.span(),
                    format!("does not depend on `{me}`"),
                )
                .help(format!(
                    "remove `{id}` from `{key}`, or, if `{id}` needs `{me}`, its team adds \"{me}\" to its `depends_on`"
                )),
                None => {
                    let ids = ids.get_or_insert_with(|| {
                        let mut ids: Vec<&str> = index.keys().copied().collect();
                        ids.sort_unstable();
                        ids
                    });
                    unknown(provider.file, requester, key, me, ids)
                }
            };
            out.push(finding.entity(about));
        }
    }
}

fn unknown(
    file: FileId,
    requester: &Spanned<String>,
    key: &str,
    me: &str,
    ids: &[&str],
) -> Finding {
    let id = requester.get_ref().as_str();
    let help = match did_you_mean(id, ids.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("remove `{id}` from `{key}`: no objective has this id"),
    };
    Finding::new(
        Code::AnswerWithoutRequest,
        format!("`{me}` {key} `{id}`, but no objective has this id"),
    )
    .at(file, requester.span(), "no objective has this id")
    .help(help)
}
