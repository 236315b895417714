//! Writing quality, as coaching warnings: objectives that name outcomes in words a
//! team remembers, key results that measure impact, confidence that is honest.
//! The word lists are data (assets/words/*.toml), one file per language.

use std::sync::OnceLock;

use serde::Deserialize;

use super::{Context, entity};
use crate::codes::Code;
use crate::diag::Finding;
use crate::model::{ObjectiveKind, Signal};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    pub delivery_verbs: Vec<String>,
    pub activity_nouns: Vec<String>,
    pub impact_words: Vec<String>,
}

/// The shipped English word lists.
pub fn english() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(|| {
        toml::from_str(include_str!("../../assets/words/en.toml"))
            .unwrap_or_else(|e| panic!("assets/words/en.toml is part of the build and must parse: {e}"))
    })
}

pub fn check(cx: &Context, out: &mut Vec<Finding>) {
    let words = english();
    let max_words = cx.settings.limits.max_title_words;
    for o in &cx.model.objectives {
        let title = o.title.get_ref();
        let span = o.title.span();
        let about = entity("objective", o.id.get_ref());
        let words_of_title = tokens(title);
        if let Some(verb) = words.delivery_verbs.iter().find(|v| starts_with_phrase(&words_of_title, v)) {
            out.push(
                Finding::new(Code::OutcomeNotOutput, format!("objective `{}` names a deliverable (\"{verb}\"), not an outcome", o.id.get_ref()))
                    .at(o.file, span.clone(), "starts with a delivery verb")
                    .help("what is true once it is done, and would success still count if nothing improved?")
                    .entity(about.clone()),
            );
        }
        if let Some(number) = words_of_title.iter().find(|t| is_metric(t)) {
            out.push(
                Finding::new(Code::ObjectiveHasMetric, format!("objective `{}` carries a metric ({number}) in its title", o.id.get_ref()))
                    .at(o.file, span.clone(), "a number in the title")
                    .help("what change does this number stand for? Name it in the title and move the number to a key result")
                    .entity(about.clone()),
            );
        }
        let count = title.split_whitespace().count();
        if count > max_words {
            out.push(
                Finding::new(Code::ObjectiveTooLong, format!("objective `{}` has {count} words in its title, over {max_words}", o.id.get_ref()))
                    .at(o.file, span.clone(), "too long to remember")
                    .help("could the team say it from memory? Keep the why in `description` and the title short (`[limits] max_title_words`)")
                    .entity(about.clone()),
            );
        }
        for kr in &o.key_result {
            let kr = kr.get_ref();
            if kr.signal.as_ref().is_some_and(|s| *s.get_ref() == Signal::Leading) {
                continue;
            }
            let kr_tokens = tokens(kr.title.get_ref());
            let activity = words.activity_nouns.iter().find(|n| contains_phrase(&kr_tokens, n));
            let impact = words.impact_words.iter().any(|w| contains_phrase(&kr_tokens, w));
            if let (Some(activity), false) = (activity, impact) {
                out.push(
                    Finding::new(Code::KrIsActivity, format!("key result `{}/{}` counts activity (\"{activity}\"), not impact", o.id.get_ref(), kr.id.get_ref()))
                        .at(o.file, kr.title.span(), "measures effort")
                        .help("if this number doubled and nothing else changed, would the objective be closer? Measure the result the activity is for, or mark it `signal = \"leading\"`")
                        .entity(format!("key result {}/{}", o.id.get_ref(), kr.id.get_ref())),
                );
            }
        }
        if o.kind() == ObjectiveKind::Aspirational {
            confidence(o, out);
        }
    }
}

fn confidence(o: &crate::model::Objective, out: &mut Vec<Finding>) {
    let values: Vec<f64> = o
        .key_result
        .iter()
        .filter_map(|kr| kr.get_ref().confidence.as_ref()?.get_ref().normalized())
        .collect();
    if values.is_empty() {
        return;
    }
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    let (problem, help) = if mean >= 0.9 {
        ("near certain", "an aspirational objective you are sure of is a commitment: mark it `kind = \"committed\"`, or raise the targets")
    } else if mean <= 0.1 {
        ("near zero", "is there a credible path to these targets? Lower them to what a great quarter could reach")
    } else {
        return;
    };
    out.push(
        Finding::new(
            Code::ConfidenceDishonest,
            format!("aspirational objective `{}` has an average confidence of {mean:.2}, {problem}", o.id.get_ref()),
        )
        .at(o.file, o.kind.as_ref().map_or(o.id.span(), |k| k.span()), "aspirational")
        .help(help)
        .entity(entity("objective", o.id.get_ref())),
    );
}

/// Lower-case words of a title, without surrounding punctuation.
fn tokens(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '%').to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

fn phrase_at(tokens: &[String], at: usize, phrase: &str) -> bool {
    let words: Vec<&str> = phrase.split_whitespace().collect();
    tokens.len() >= at + words.len()
        && words.iter().enumerate().all(|(i, w)| tokens[at + i] == w.to_lowercase())
}

fn starts_with_phrase(tokens: &[String], phrase: &str) -> bool {
    phrase_at(tokens, 0, phrase)
}

fn contains_phrase(tokens: &[String], phrase: &str) -> bool {
    (0..tokens.len()).any(|at| phrase_at(tokens, at, phrase))
}

/// A token with a digit is a metric unless it is a year or a period label
/// (2026, Q4, 2026-Q4, H1, FY26).
fn is_metric(token: &str) -> bool {
    if !token.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let is_year = |t: &str| t.len() == 4 && (t.starts_with("19") || t.starts_with("20")) && t.chars().all(|c| c.is_ascii_digit());
    let is_period = |t: &str| {
        let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
        matches!(t, "q1" | "q2" | "q3" | "q4" | "h1" | "h2")
            || t.strip_prefix("fy").is_some_and(|y| digits(y) && (y.len() == 2 || y.len() == 4))
    };
    !token.split(['-', '/']).all(|part| is_year(part) || is_period(part))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_quarters_are_not_metrics() {
        for label in ["2026", "q4", "2026-q4", "h1", "fy26", "fy2027", "2026/2027"] {
            assert!(!is_metric(label), "{label}");
        }
        for metric in ["99.9%", "50", "3x", "10k", "1,000", "q5"] {
            assert!(is_metric(metric), "{metric}");
        }
    }

    #[test]
    fn delivery_verbs_match_whole_words_at_the_start() {
        let words = english();
        let starts = |title: &str| words.delivery_verbs.iter().any(|v| starts_with_phrase(&tokens(title), v));
        assert!(starts("Launch the new billing page"));
        assert!(starts("Roll out SSO to every customer"));
        assert!(starts("\"Ship\" faster"));
        assert!(!starts("Shippers trust our delivery dates"));
        assert!(!starts("Customers launch campaigns without help"));
        assert!(!starts("Addressable market doubles"));
    }

    #[test]
    fn activity_needs_no_impact_word() {
        let words = english();
        let activity = |title: &str| {
            let t = tokens(title);
            words.activity_nouns.iter().any(|n| contains_phrase(&t, n))
                && !words.impact_words.iter().any(|w| contains_phrase(&t, w))
        };
        assert!(activity("Number of sales calls per week"));
        assert!(activity("Blog posts published"));
        assert!(!activity("Demos that convert to booked deals"));
        assert!(!activity("Net revenue retention"));
    }
}
