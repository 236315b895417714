//! Key results that can be measured: a target that differs from the baseline, a
//! milestone without numbers, a unit for every number, values within their range.

use std::ops::Range;

use super::Context;
use crate::codes::{Code, Reads, Rule};
use crate::diag::{Entity, Finding, Severity};
use crate::model::{ConfidenceScale, KeyResult, KrKind, Objective, Spanned};
use crate::rules::allow::Item;

pub(crate) const INVALID_VALUE: Rule = Rule {
    code: Code::InvalidValue,
    severity: Severity::Error,
    summary: "A value is out of its range (confidence, weight, zones)",
    title: "a value is out of range or contradicts the other numbers",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/invalid-value.md"),
};

pub(crate) const KR_NOT_MEASURABLE: Rule = Rule {
    code: Code::KrNotMeasurable,
    severity: Severity::Error,
    summary: "A key result cannot be measured as written",
    title: "a key result cannot be scored",
    reads: Reads::Tree,
    allow: None,
    doc: include_str!("../../assets/explain/kr-not-measurable.md"),
};

pub(crate) const KR_MISSING_UNIT: Rule = Rule {
    code: Code::KrMissingUnit,
    severity: Severity::Warning,
    summary: "A numeric key result has no unit",
    title: "a numeric key result has no unit",
    reads: Reads::Tree,
    allow: Some(Item::KeyResult),
    doc: include_str!("../../assets/explain/kr-missing-unit.md"),
};

pub(crate) const KR_NO_BASELINE: Rule = Rule {
    code: Code::KrNoBaseline,
    severity: Severity::Warning,
    summary: "A numeric key result has a target but no baseline",
    title: "a numeric key result has a target but no baseline",
    reads: Reads::Tree,
    allow: Some(Item::KeyResult),
    doc: include_str!("../../assets/explain/kr-no-baseline.md"),
};

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    for o in &cx.model.objectives {
        for kr in &o.key_result {
            key_result(o, kr.get_ref(), cx.settings.scale.confidence, out);
        }
    }
}

struct At<'a> {
    objective: &'a Objective,
    kr: &'a KeyResult,
    scale: Option<ConfidenceScale>,
}

impl At<'_> {
    fn finding(
        &self,
        code: Code,
        message: String,
        span: Range<usize>,
        label: &str,
        help: &str,
    ) -> Finding {
        Finding::new(code, message)
            .at(self.objective.file, span, label)
            .help(help)
            .entity(Entity::KeyResult {
                objective: self.objective.id.get_ref().clone(),
                id: self.kr.id.get_ref().clone(),
            })
    }

    fn name(&self) -> String {
        format!("`{}/{}`", self.objective.id.get_ref(), self.kr.id.get_ref())
    }
}

fn key_result(
    objective: &Objective,
    kr: &KeyResult,
    scale: Option<ConfidenceScale>,
    out: &mut Vec<Finding>,
) {
    let at = At {
        objective,
        kr,
        scale,
    };
    let id_span = kr.id.span();
    values(&at, out);
    let kind = kr.kind();
    let not_measurable = |message: String, span: Range<usize>, label: &str, help: &str| {
        at.finding(Code::KrNotMeasurable, message, span, label, help)
    };
    match kind {
        KrKind::Milestone => {
            if kr.has_numbers() {
                let span = first_number(kr).unwrap_or(id_span.clone());
                out.push(not_measurable(
                    format!("milestone key result {} also carries numbers", at.name()),
                    span,
                    "a number on a milestone",
                    "a milestone is done or not: remove the numbers, or remove `done` to make it a numeric key result",
                ));
            }
            if kr.done.is_none() {
                out.push(not_measurable(
                    format!("milestone key result {} has no `done`", at.name()),
                    id_span.clone(),
                    "no done = true|false",
                    "add `done = false` and set it to true when the milestone is reached",
                ));
            }
        }
        KrKind::Increase | KrKind::Decrease => match (&kr.baseline, &kr.target) {
            (_, None) if !kr.has_numbers() && kr.done.is_none() => out.push(not_measurable(
                format!("key result {} has nothing to measure", at.name()),
                id_span.clone(),
                "no target, no done, no zone",
                "give it `baseline`, `target`, `current` and `unit`, or make it a milestone with `done = false`",
            )),
            (_, None) => out.push(not_measurable(
                format!("key result {} has no target", at.name()),
                id_span.clone(),
                "no target",
                "add `target`: the value that means the key result is met",
            )),
            (Some(baseline), Some(target)) if baseline.get_ref() == target.get_ref() => {
                out.push(
                    not_measurable(
                        format!("key result {} has its target equal to its baseline", at.name()),
                        target.span(),
                        "same as the baseline",
                        "is it a stay-above/stay-below or a milestone? To hold a level, use kind = \"stay_above\" or \"stay_below\"; otherwise the target must differ from where you start",
                    ),
                )
            }
            (Some(baseline), Some(target)) => direction(&at, kind, baseline, target, out),
            (None, Some(target)) => out.push(at.finding(
                Code::KrNoBaseline,
                format!("key result {} has a target but no baseline", at.name()),
                target.span(),
                "a target without a starting point",
                "where does the number stand today? A target alone cannot prove movement: write that value as `baseline`",
            )),
        },
        KrKind::StayAbove | KrKind::StayBelow => {
            if kr.target.is_none() {
                out.push(not_measurable(
                    format!("control key result {} has no threshold", at.name()),
                    kr.kind.as_ref().map_or(id_span.clone(), |k| k.span()),
                    "no target",
                    "set `target` to the threshold to stay above or below",
                ));
            }
        }
        KrKind::Ordinal => {
            if kr.target_zone.is_none() {
                out.push(not_measurable(
                    format!("ordinal key result {} does not describe its target level", at.name()),
                    kr.zone.as_ref().map_or(id_span.clone(), |z| z.span()),
                    "no target_zone",
                    "describe the levels in words: `commit_zone`, `target_zone` and `stretch_zone`, then set `zone` to the level reached",
                ));
            }
        }
    }
    let numeric = matches!(
        kind,
        KrKind::Increase | KrKind::Decrease | KrKind::StayAbove | KrKind::StayBelow
    );
    if numeric && kr.unit.is_none() && kr.has_numbers() {
        out.push(at.finding(
            Code::KrMissingUnit,
            format!("key result {} has no unit", at.name()),
            kr.target.as_ref().map_or(id_span.clone(), |t| t.span()),
            "a number without a unit",
            "what does the number count? Add `unit` (\"%\", \"ms\", \"USD\", \"customers\", ...) so that readers know",
        ));
    }
}

/// A written `kind` that contradicts the numbers is a mistake in one of them.
fn direction(
    at: &At,
    kind: KrKind,
    baseline: &Spanned<f64>,
    target: &Spanned<f64>,
    out: &mut Vec<Finding>,
) {
    let Some(written) = &at.kr.kind else { return };
    let (b, t) = (*baseline.get_ref(), *target.get_ref());
    let contradiction = match kind {
        KrKind::Increase => t < b,
        KrKind::Decrease => t > b,
        _ => false,
    };
    if contradiction {
        let word = if kind == KrKind::Increase {
            "an increase"
        } else {
            "a decrease"
        };
        out.push(
            at.finding(
                Code::InvalidValue,
                format!("key result {} is {word}, but its target {t} is {} its baseline {b}", at.name(), if t < b { "below" } else { "above" }),
                target.span(),
                "goes the other way",
                "fix the target or the `kind`; without `kind`, a target below the baseline means lower is better",
            )
            .also(at.objective.file, written.span(), "kind written here"),
        );
    }
    if let Some(stretch) = &at.kr.stretch {
        let s = *stretch.get_ref();
        let beyond = if t >= b { s > t } else { s < t };
        if !beyond {
            out.push(at.finding(
                Code::InvalidValue,
                format!(
                    "key result {} has a stretch {s} that is not beyond its target {t}",
                    at.name()
                ),
                stretch.span(),
                "not beyond the target",
                "a stretch lies further than the target, in the same direction from the baseline",
            ));
        }
    }
}

fn first_number(kr: &KeyResult) -> Option<Range<usize>> {
    [&kr.baseline, &kr.target, &kr.current, &kr.stretch]
        .into_iter()
        .flatten()
        .map(|n| n.span())
        .min_by_key(|span| span.start)
}

/// Values out of their range: NaN and infinities, confidence, weight, zones.
fn values(at: &At, out: &mut Vec<Finding>) {
    let kr = at.kr;
    let numbers = [
        ("baseline", &kr.baseline),
        ("target", &kr.target),
        ("current", &kr.current),
        ("stretch", &kr.stretch),
        ("commit", &kr.commit),
        ("weight", &kr.weight),
    ];
    for (name, value) in numbers {
        if let Some(v) = value
            && !v.get_ref().is_finite()
        {
            out.push(at.finding(
                Code::InvalidValue,
                format!(
                    "`{name}` of {} is {}, not a number align can score",
                    at.name(),
                    v.get_ref()
                ),
                v.span(),
                "not a finite number",
                "use a finite number",
            ));
        }
    }
    if let Some(weight) = &kr.weight
        && weight.get_ref().is_finite()
        && *weight.get_ref() <= 0.0
    {
        out.push(at.finding(
            Code::InvalidValue,
            format!(
                "`weight` of {} is {}, not positive",
                at.name(),
                weight.get_ref()
            ),
            weight.span(),
            "must be above zero",
            "weights are relative and positive; remove the key result instead of weighting it zero",
        ));
    }
    if let (Some(commit), Some(baseline), Some(target)) = (&kr.commit, &kr.baseline, &kr.target) {
        let (c, b, t) = (*commit.get_ref(), *baseline.get_ref(), *target.get_ref());
        // Strictly between, in either direction: the commitment asks for something,
        // and less than the target.
        if c.is_finite() && b.is_finite() && t.is_finite() && (c - b) * (t - c) <= 0.0 {
            out.push(at.finding(
                Code::InvalidValue,
                format!(
                    "`commit` of {} is {c}, not between the baseline {b} and the target {t}",
                    at.name()
                ),
                commit.span(),
                "not between baseline and target",
                "the commit level is the least the team promises: between the baseline and the target",
            ));
        }
    }
    if let Some(confidence) = &kr.confidence {
        if at.scale.is_none() && *confidence.get_ref() == crate::model::Confidence::Scale10(1) {
            out.push(at.finding(
                Code::InvalidValue,
                format!(
                    "confidence of {} is 1, which could mean certain or 1 in 10",
                    at.name()
                ),
                confidence.span(),
                "ambiguous",
                "write 1.0 for certain (0.0-1.0 scale) or 0.1 for 1 in 10",
            ));
        } else if confidence.get_ref().on_scale(at.scale).is_none() {
            let help = match at.scale {
                None => {
                    "write confidence as 0.0-1.0, an integer 0-10, or \"low\", \"medium\", \"high\""
                }
                Some(ConfidenceScale::ZeroToOne) => {
                    "align.toml declares `[scale] confidence = \"0-1\"`: write 0.0-1.0"
                }
                Some(ConfidenceScale::ZeroToTen) => {
                    "align.toml declares `[scale] confidence = \"0-10\"`: write 0-10"
                }
                Some(ConfidenceScale::Words) => {
                    "align.toml declares `[scale] confidence = \"words\"`: write \"low\", \"medium\" or \"high\""
                }
            };
            out.push(at.finding(
                Code::InvalidValue,
                format!("confidence of {} is out of range", at.name()),
                confidence.span(),
                "not a confidence",
                help,
            ));
        }
    }
    if let Some(zone) = &kr.zone
        && kr.commit_zone.is_none()
        && kr.target_zone.is_none()
        && kr.stretch_zone.is_none()
    {
        out.push(at.finding(
            Code::InvalidValue,
            format!("key result {} reports a zone but describes none", at.name()),
            zone.span(),
            "zone without levels",
            "describe what each level means: `commit_zone`, `target_zone`, `stretch_zone`",
        ));
    }
}
