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
struct WordLists {
    delivery_verbs: Vec<String>,
    activity_nouns: Vec<String>,
    impact_words: Vec<String>,
}

/// A word list ready for matching: each entry split into lower-case words, the
/// longest entries first so that "blog posts" wins over "posts".
#[derive(Debug)]
pub struct Phrases {
    phrases: Vec<Vec<String>>,
    /// First words of the phrases: most titles hold none, and are rejected by a lookup.
    first_words: std::collections::HashSet<String>,
}

impl Phrases {
    fn new(entries: &[String]) -> Self {
        let mut phrases: Vec<Vec<String>> = entries
            .iter()
            .map(|e| {
                e.split_whitespace()
                    .map(str::to_lowercase)
                    .collect::<Vec<_>>()
            })
            .filter(|p| !p.is_empty())
            .collect();
        phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
        let first_words = phrases.iter().map(|p| p[0].clone()).collect();
        Self {
            phrases,
            first_words,
        }
    }

    /// The first phrase that starts the title.
    pub fn at_start(&self, tokens: &[String]) -> Option<String> {
        if !self.first_words.contains(tokens.first()?.as_str()) {
            return None;
        }
        self.phrases
            .iter()
            .find(|p| tokens.starts_with(p))
            .map(|p| p.join(" "))
    }

    /// The first phrase found anywhere in the title.
    pub fn anywhere(&self, tokens: &[String]) -> Option<String> {
        if !tokens.iter().any(|t| self.first_words.contains(t.as_str())) {
            return None;
        }
        self.phrases
            .iter()
            .find(|p| tokens.windows(p.len()).any(|w| w == p.as_slice()))
            .map(|p| p.join(" "))
    }
}

#[derive(Debug)]
pub struct Words {
    pub delivery_verbs: Phrases,
    pub activity_nouns: Phrases,
    pub impact_words: Phrases,
}

/// The shipped English word lists.
pub fn english() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(|| {
        let lists: WordLists = toml::from_str(include_str!("../../assets/words/en.toml"))
            .unwrap_or_else(|e| {
                panic!("assets/words/en.toml is part of the build and must parse: {e}")
            });
        Words {
            delivery_verbs: Phrases::new(&lists.delivery_verbs),
            activity_nouns: Phrases::new(&lists.activity_nouns),
            impact_words: Phrases::new(&lists.impact_words),
        }
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
        if let Some(verb) = words.delivery_verbs.at_start(&words_of_title) {
            out.push(
                Finding::new(Code::OutcomeNotOutput, format!("objective `{}` names a deliverable (\"{verb}\"), not an outcome", o.id.get_ref()))
                    .at(o.file, span.clone(), "starts with a delivery verb")
                    .help("what is true once it is done, and would success still count if nothing improved?")
                    .entity(about.clone()),
            );
        }
        if let Some(number) = title
            .split_whitespace()
            .map(trim_word)
            .find(|t| is_metric(t))
        {
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
            if kr
                .signal
                .as_ref()
                .is_some_and(|s| *s.get_ref() == Signal::Leading)
            {
                continue;
            }
            let kr_tokens = tokens(kr.title.get_ref());
            let activity = words.activity_nouns.anywhere(&kr_tokens);
            let impact = words.impact_words.anywhere(&kr_tokens).is_some();
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
        (
            "near certain",
            "an aspirational objective you are sure of is a commitment: mark it `kind = \"committed\"`, or raise the targets",
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
        .entity(entity("objective", o.id.get_ref())),
    );
}

fn trim_word(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '%' | '$' | '€' | '£' | '+'))
}

/// Lower-case words of a title, without surrounding punctuation.
fn tokens(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| trim_word(w).to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// A number is a metric ("99.9%", "3x", "$2M", "10k") unless it is a year or a period
/// label (2026, Q4, 2026-Q4, H1, FY26) or a name with a digit inside (B2B, 24/7, e2e).
fn is_metric(token: &str) -> bool {
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
    !token
        .split(['-', '/'])
        .all(|part| is_year(part) || is_period(part))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_quarters_are_not_metrics() {
        for label in ["2026", "q4", "2026-q4", "h1", "fy26", "fy2027", "2026/2027"] {
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
    fn delivery_verbs_match_whole_words_at_the_start() {
        let words = english();
        let starts = |title: &str| words.delivery_verbs.at_start(&tokens(title)).is_some();
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
            words.activity_nouns.anywhere(&t).is_some() && words.impact_words.anywhere(&t).is_none()
        };
        assert!(activity("Number of sales calls per week"));
        assert!(activity("Blog posts published"));
        assert!(!activity("Demos that convert to booked deals"));
        assert!(!activity("Net revenue retention"));
        assert!(!activity("Sales calls that turn into renewals"));
        assert_eq!(
            words
                .activity_nouns
                .anywhere(&tokens("Blog posts published"))
                .as_deref(),
            Some("blog posts")
        );
    }
}
