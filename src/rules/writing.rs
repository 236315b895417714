//! Writing quality, as coaching warnings: objectives that name outcomes in words a
//! team remembers, key results that measure impact and show their signal, confidence
//! that is honest. The word lists are data (see [`super::words`]); each help line asks
//! the question that exposes the problem.

use std::ops::Range;

use super::Context;
use super::words::{Title, Words};
use crate::codes::{Code, Reads, Rule};
use crate::diag::{Entity, Finding, Severity};
use crate::model::{KeyResult, Objective, ObjectiveKind, Signal, Spanned};
use crate::rules::allow::Item;

pub(crate) const OUTCOME_NOT_OUTPUT: Rule = Rule {
    code: Code::OutcomeNotOutput,
    severity: Severity::Warning,
    summary: "An objective names a deliverable instead of an outcome",
    title: "the objective names a deliverable, not an outcome",
    reads: Reads::Tree,
    allow: Some(Item::Objective),
    doc: include_str!("../../assets/explain/outcome-not-output.md"),
};

pub(crate) const OBJECTIVE_HAS_METRIC: Rule = Rule {
    code: Code::ObjectiveHasMetric,
    severity: Severity::Warning,
    summary: "An objective's title carries a metric",
    title: "the objective title contains a number",
    reads: Reads::Tree,
    allow: Some(Item::Objective),
    doc: include_str!("../../assets/explain/objective-has-metric.md"),
};

pub(crate) const OBJECTIVE_TOO_LONG: Rule = Rule {
    code: Code::ObjectiveTooLong,
    severity: Severity::Warning,
    summary: "An objective's title is too long to remember",
    title: "the objective title is too long to remember",
    reads: Reads::Tree,
    allow: Some(Item::Objective),
    doc: include_str!("../../assets/explain/objective-too-long.md"),
};

pub(crate) const KR_IS_ACTIVITY: Rule = Rule {
    code: Code::KrIsActivity,
    severity: Severity::Warning,
    summary: "A key result measures activity instead of impact",
    title: "the key result counts activity, not impact",
    reads: Reads::Tree,
    allow: Some(Item::KeyResult),
    doc: include_str!("../../assets/explain/kr-is-activity.md"),
};

pub(crate) const CONFIDENCE_DISHONEST: Rule = Rule {
    code: Code::ConfidenceDishonest,
    severity: Severity::Warning,
    summary: "An aspirational objective's confidence is near certain or near zero",
    title: "an aspirational objective's confidence is not honest",
    reads: Reads::Tree,
    allow: Some(Item::Objective),
    doc: include_str!("../../assets/explain/confidence-dishonest.md"),
};

pub(crate) const KR_SIGNAL_BALANCE: Rule = Rule {
    code: Code::KrSignalBalance,
    severity: Severity::Warning,
    summary: "An objective's key results are all leading or all lagging",
    title: "an objective's key results are all leading or all lagging",
    reads: Reads::Tree,
    allow: Some(Item::Objective),
    doc: include_str!("../../assets/explain/kr-signal-balance.md"),
};

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let words = Words::new(&cx.settings.lints);
    let max_words = cx.settings.limits.max_title_words;
    for o in &cx.model.objectives {
        let text = &cx.sources.get(o.file).text;
        let at = |part: Option<Range<usize>>| inner_span(text, &o.title, part);
        let about = Entity::Objective(o.id.get_ref().to_string());
        let id = o.id.get_ref();
        let title = Title::new(o.title.get_ref());
        if let Some(verb) = delivery(&title, &words) {
            let label = if verb.start == 0 {
                "starts with a delivery verb"
            } else {
                "ends with a delivery verb"
            };
            out.push(
                Finding::new(Code::OutcomeNotOutput, format!("objective `{id}` names a deliverable (\"{}\"), not an outcome", title.text(verb.clone())))
                    .at(o.file, at(title.span(verb)), label)
                    .help("what is true once it is done, and would success still count if nothing improved?")
                    .entity(about.clone()),
            );
        }
        if let Some(number) = metric(o.title.get_ref()) {
            let written = &o.title.get_ref()[number.clone()];
            out.push(
                Finding::new(Code::ObjectiveHasMetric, format!("objective `{id}` carries a metric ({written}) in its title"))
                    .at(o.file, at(Some(number)), "a number in the title")
                    .help("what change does this number stand for? Name it in the title and move the number to a key result")
                    .entity(about.clone()),
            );
        }
        if let Some((count, past)) = too_long(o.title.get_ref(), max_words) {
            out.push(
                Finding::new(Code::ObjectiveTooLong, format!("objective `{id}` has {count} words in its title, over {max_words}"))
                    .at(o.file, at(Some(past)), format!("past {max_words} words"))
                    .help("could the team say it from memory? Keep the why in `description` and the title short (`[limits] max_title_words`)")
                    .entity(about.clone()),
            );
        }
        for kr in &o.key_result {
            activity(cx, &words, o, kr.get_ref(), out);
        }
        signal_balance(o, out);
        if o.kind() == ObjectiveKind::Aspirational {
            confidence(o, cx.settings.scale.confidence, out);
        }
    }
}

fn activity(cx: &Context, words: &Words, o: &Objective, kr: &KeyResult, out: &mut Vec<Finding>) {
    if kr
        .signal
        .as_ref()
        .is_some_and(|s| *s.get_ref() == Signal::Leading)
    {
        return;
    }
    let title = Title::new(kr.title.get_ref());
    let Some(noun) = activity_noun(&title, words) else {
        return;
    };
    let text = &cx.sources.get(o.file).text;
    let (o_id, kr_id) = (o.id.get_ref(), kr.id.get_ref());
    out.push(
        Finding::new(Code::KrIsActivity, format!("key result `{o_id}/{kr_id}` counts activity (\"{}\"), not impact", title.text(noun.clone())))
            .at(o.file, inner_span(text, &kr.title, title.span(noun)), "measures effort")
            .help("if this number doubled and nothing else changed, would the objective be closer? Measure the result the activity is for, or mark it `signal = \"leading\"`")
            .entity(Entity::KeyResult { objective: o_id.to_string(), id: kr_id.to_string() }),
    );
}

/// The delivery verb a title is built around, as a range of its words: first ("Launch
/// the new app"), unless the title goes on to state a condition of which that word is
/// the subject ("Release day is boring"); or last ("Neues Dashboard einführen").
pub fn delivery(title: &Title, words: &Words) -> Option<Range<usize>> {
    let tokens = &title.tokens;
    if let Some(verb) = words.delivery_verbs.at_start(tokens) {
        let rest = &tokens[verb.end..];
        let states = (0..rest.len())
            .map(|i| {
                if words.clause_words.at(rest, i).is_some() {
                    Some(false)
                } else if words.state_verbs.at(rest, i).is_some() {
                    Some(true)
                } else {
                    None
                }
            })
            .find_map(|found| found)
            .unwrap_or(false);
        if !states {
            return Some(verb);
        }
    }
    words.delivery_verbs_at_end.at_end(tokens)
}

/// The activity a key result counts, as a range of its words, when it names no
/// impact the activity is for.
pub fn activity_noun(title: &Title, words: &Words) -> Option<Range<usize>> {
    let noun = words.activity_nouns.find(&title.tokens)?;
    words
        .impact_words
        .find(&title.tokens)
        .is_none()
        .then_some(noun)
}

/// The first number in a title that is a metric (see [`is_metric`]), as a byte range.
pub fn metric(title: &str) -> Option<Range<usize>> {
    whitespace_words(title).find_map(|(start, word)| {
        let trimmed = trim_word(word);
        let offset = start + (word.len() - word.trim_start_matches(|c| !keep(c)).len());
        is_metric(trimmed).then(|| offset..offset + trimmed.len())
    })
}

/// The number of words in a title over `max`, and the bytes from the first word past
/// `max` to the end. A dash or other punctuation between spaces is no word.
pub fn too_long(title: &str, max: usize) -> Option<(usize, Range<usize>)> {
    let words: Vec<(usize, &str)> = whitespace_words(title)
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
        .collect();
    let (start, _) = *words.get(max)?;
    let (last, word) = words[words.len() - 1];
    Some((words.len(), start..last + word.len()))
}

/// Words between whitespace, with their byte offsets.
fn whitespace_words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace()
        .map(move |word| (word.as_ptr() as usize - text.as_ptr() as usize, word))
}

/// Where a part of a string value sits in the file: the value's bytes `part` map into
/// its TOML string when the string is written without escapes; otherwise, and when
/// there is no part, the whole string.
fn inner_span(text: &str, value: &Spanned<String>, part: Option<Range<usize>>) -> Range<usize> {
    let whole = value.span();
    let Some(part) = part else { return whole };
    let Some(raw) = text.get(whole.clone()) else {
        return whole;
    };
    let quote = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        3
    } else {
        1
    };
    let written_as_is = raw.len() >= 2 * quote
        && raw.get(quote..raw.len() - quote) == Some(value.get_ref().as_str());
    if written_as_is && part.end <= value.get_ref().len() {
        whole.start + quote + part.start..whole.start + quote + part.end
    } else {
        whole
    }
}

/// Where key results are tagged with their signal, a set that is all lagging learns
/// too late, and one that is all leading never proves the outcome.
fn signal_balance(o: &Objective, out: &mut Vec<Finding>) {
    let signals: Option<Vec<&Spanned<Signal>>> = o
        .key_result
        .iter()
        .map(|kr| kr.get_ref().signal.as_ref())
        .collect();
    let Some(signals) = signals else { return };
    let [first, rest @ ..] = signals.as_slice() else {
        return;
    };
    let signal = *first.get_ref();
    if rest.is_empty() || rest.iter().any(|s| *s.get_ref() != signal) {
        return;
    }
    let (word, help) = match signal {
        Signal::Lagging => (
            "lagging",
            "you learn too late: what early sign would tell you mid-cycle that this is working? Add a key result with `signal = \"leading\"`",
        ),
        Signal::Leading => (
            "leading",
            "nothing proves the outcome: what result would show that the effort paid off? Add a key result with `signal = \"lagging\"`",
        ),
    };
    let mut finding = Finding::new(
        Code::KrSignalBalance,
        format!(
            "objective `{}` has only {word} key results ({} of {})",
            o.id.get_ref(),
            signals.len(),
            signals.len()
        ),
    )
    .at(o.file, first.span(), format!("{word}, as every key result"))
    .help(help)
    .entity(Entity::Objective(o.id.get_ref().to_string()));
    for s in rest {
        finding = finding.also(o.file, s.span(), word);
    }
    out.push(finding);
}

fn confidence(o: &Objective, scale: Option<crate::model::ConfidenceScale>, out: &mut Vec<Finding>) {
    let values: Vec<f64> = o
        .key_result
        .iter()
        .filter_map(|kr| kr.get_ref().confidence.as_ref()?.get_ref().on_scale(scale))
        .collect();
    if values.is_empty() {
        return;
    }
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    let (problem, help) = if mean >= 0.9 {
        (
            "near certain",
            "would anyone be surprised to hit it? An aspirational objective you are sure of is a commitment: mark it `kind = \"committed\"`, or raise the targets",
        )
    } else if mean <= 0.1 {
        (
            "near zero",
            "is there a credible path to these targets? Lower them to what a great quarter could reach",
        )
    } else {
        return;
    };
    out.push(
        Finding::new(
            Code::ConfidenceDishonest,
            format!(
                "aspirational objective `{}` has an average confidence of {mean:.2}, {problem}",
                o.id.get_ref()
            ),
        )
        .at(
            o.file,
            o.kind.as_ref().map_or(o.id.span(), |k| k.span()),
            "aspirational",
        )
        .help(help)
        .entity(Entity::Objective(o.id.get_ref().to_string())),
    );
}

/// Characters a number keeps when it is cut out of a title: "99.9%", "$2M", "+15%".
fn keep(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '%' | '$' | '€' | '£' | '+')
}

fn trim_word(word: &str) -> &str {
    word.trim_matches(|c: char| !keep(c))
}

/// A number is a metric ("99.9%", "3x", "$2M", "10k") unless it is a year or a period
/// label (2026, Q4, 2026-Q4, H1, FY26), an ordinal (3rd) or a name with a digit inside
/// (B2B, 24/7, e2e).
pub fn is_metric(token: &str) -> bool {
    let token = token.to_lowercase();
    let starts_with_number = token
        .trim_start_matches(['+', '-', '$', '€', '£', '~'])
        .starts_with(|c: char| c.is_ascii_digit());
    if !starts_with_number || token == "24/7" {
        return false;
    }
    let is_year = |t: &str| {
        t.len() == 4
            && (t.starts_with("19") || t.starts_with("20"))
            && t.chars().all(|c| c.is_ascii_digit())
    };
    let is_period = |t: &str| {
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        matches!(t, "q1" | "q2" | "q3" | "q4" | "h1" | "h2")
            || t.strip_prefix("fy")
                .is_some_and(|y| digits(y) && (y.len() == 2 || y.len() == 4))
    };
    let is_ordinal = |t: &str| {
        let digits = t.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit())
            && matches!(&t[digits.len()..], "st" | "nd" | "rd" | "th")
    };
    !token
        .split(['-', '/'])
        .all(|part| is_year(part) || is_period(part) || is_ordinal(part))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_quarters_and_ordinals_are_not_metrics() {
        for label in [
            "2026",
            "q4",
            "2026-q4",
            "h1",
            "fy26",
            "fy2027",
            "2026/2027",
            "3rd",
        ] {
            assert!(!is_metric(label), "{label}");
        }
        for label in ["b2b", "B2C", "24/7", "e2e", "q5"] {
            assert!(!is_metric(label), "{label}");
        }
        for metric in ["99.9%", "50", "3x", "10k", "1,000", "$2M", "+15%"] {
            assert!(is_metric(metric), "{metric}");
        }
    }

    #[test]
    fn metric_and_length_point_at_their_words() {
        let title = "Reach \"99.9%\" uptime in Q3 2026";
        let number = metric(title).expect("a metric");
        assert_eq!(&title[number], "99.9%");
        assert_eq!(metric("Ship by Q3 2026, in 2027-Q1"), None);
        let (count, past) = too_long("one two three four", 2).expect("too long");
        assert_eq!(count, 4);
        assert_eq!(&"one two three four"[past], "three four");
        assert_eq!(too_long("one two", 2), None);
    }

    #[test]
    fn a_part_of_a_title_maps_into_the_file_when_written_as_is() {
        let text = "title = \"Launch it\"\nother = 'Ship it'\nescaped = \"Ship \\\"it\\\"\"";
        let parsed: toml::Table = toml::from_str(text).expect("toml");
        assert_eq!(parsed.len(), 3);
        let spanned =
            |start: usize, end: usize, value: &str| Spanned::new(start..end, value.to_string());
        let title = spanned(8, 19, "Launch it");
        assert_eq!(&text[inner_span(text, &title, Some(0..6))], "Launch");
        let literal = spanned(28, 37, "Ship it");
        assert_eq!(&text[inner_span(text, &literal, Some(5..7))], "it");
        let escaped_at = text.find("\"Ship \\").expect("escaped");
        let escaped = spanned(escaped_at, text.len(), "Ship \"it\"");
        assert_eq!(
            inner_span(text, &escaped, Some(0..4)),
            escaped_at..text.len()
        );
    }
}
