//! The writing lints' words: the lists shipped per language (assets/words/<lang>.toml),
//! chosen and extended by `[lints]` in align.toml, and the tokens of a title they are
//! matched against: whole words, case-insensitive, in Unicode NFC.

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::settings::{Lints, WordList, WordLists};

/// Every shipped language: its code and its word lists, embedded in the binary.
pub const LANGUAGES: [(&str, &str); 4] = [
    ("en", include_str!("../../assets/words/en.toml")),
    ("de", include_str!("../../assets/words/de.toml")),
    ("es", include_str!("../../assets/words/es.toml")),
    ("fr", include_str!("../../assets/words/fr.toml")),
];

/// The languages used when `[lints] languages` is not written.
pub const DEFAULT_LANGUAGES: [&str; 1] = ["en"];

/// The shipped lists of a language, parsed once.
pub fn shipped(language: &str) -> Option<&'static WordLists> {
    static PARSED: OnceLock<Vec<WordLists>> = OnceLock::new();
    let parsed = PARSED.get_or_init(|| {
        LANGUAGES
            .iter()
            .map(|(code, text)| {
                // The lists are compiled in, and a unit test parses every one of them:
                // a broken list fails the build's tests, never a user's run.
                #[allow(clippy::panic)]
                toml::from_str(text).unwrap_or_else(|e| {
                    panic!("assets/words/{code}.toml is part of the build and must parse: {e}")
                })
            })
            .collect()
    });
    let index = LANGUAGES.iter().position(|(code, _)| *code == language)?;
    parsed.get(index)
}

/// The word lists a tree's lints use, ready for matching.
#[derive(Debug)]
pub struct Words {
    pub delivery_verbs: Phrases,
    pub delivery_verbs_at_end: Phrases,
    pub activity_nouns: Phrases,
    pub impact_words: Phrases,
    pub state_verbs: Phrases,
    pub clause_words: Phrases,
}

impl Words {
    /// The shipped lists of `[lints] languages` (unknown codes are reported when the
    /// tree loads, and add nothing here), with `[lints]` replacements, additions and
    /// ignored words applied.
    pub fn new(lints: &Lints) -> Self {
        let languages: Vec<&str> = match &lints.languages {
            Some(list) => list.iter().map(|l| l.get_ref().as_str()).collect(),
            None => DEFAULT_LANGUAGES.to_vec(),
        };
        let mut lists = WordLists::default();
        for language in languages {
            if let Some(words) = shipped(language) {
                for which in WordList::ALL {
                    lists
                        .list_mut(which)
                        .extend(words.list(which).iter().cloned());
                }
            }
        }
        for &which in &lints.replace {
            lists.list_mut(which).clear();
        }
        for which in WordList::ALL {
            lists
                .list_mut(which)
                .extend(lints.words.list(which).iter().cloned());
        }
        let ignored: HashSet<Vec<String>> = lints.ignore.iter().map(|w| phrase(w)).collect();
        let build = |which| Phrases::new(lists.list(which), &ignored);
        Self {
            delivery_verbs: build(WordList::DeliveryVerbs),
            delivery_verbs_at_end: build(WordList::DeliveryVerbsAtEnd),
            activity_nouns: build(WordList::ActivityNouns),
            impact_words: build(WordList::ImpactWords),
            state_verbs: build(WordList::StateVerbs),
            clause_words: build(WordList::ClauseWords),
        }
    }

    /// The English lists alone, as a tree without `[lints]` uses them.
    pub fn english() -> Self {
        Self::new(&Lints::default())
    }
}

/// A word of a title: where it is, and the form it is matched in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the title as written, or in its NFC form (see [`Title`]).
    pub range: Range<usize>,
    /// Lower case, NFC.
    pub key: String,
}

/// A title cut into words. Words are runs of letters and digits: hyphens, apostrophes
/// and other punctuation separate them, so "Roll-out" is "roll" "out" and "Kunden,"
/// is "kunden".
#[derive(Debug)]
pub struct Title<'a> {
    /// The text the token ranges point into: the title, or its NFC form when the title
    /// was written decomposed.
    text: Cow<'a, str>,
    pub tokens: Vec<Token>,
}

impl<'a> Title<'a> {
    pub fn new(text: &'a str) -> Self {
        let text = nfc(text);
        let mut tokens = Vec::new();
        let mut start = None;
        for (i, c) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    tokens.push(Token {
                        range: s..i,
                        key: text[s..i].to_lowercase(),
                    });
                    start = None;
                }
                _ => {}
            }
        }
        Self { text, tokens }
    }

    /// The bytes of the title that tokens `words` cover, when the tokens point into the
    /// title as written (not into an NFC form of it).
    pub fn span(&self, words: Range<usize>) -> Option<Range<usize>> {
        if matches!(self.text, Cow::Owned(_)) {
            return None;
        }
        let first = self.tokens.get(words.start)?;
        let last = self.tokens.get(words.end.checked_sub(1)?)?;
        Some(first.range.start..last.range.end)
    }

    /// The words `words` as written, for messages.
    pub fn text(&self, words: Range<usize>) -> &str {
        let first = self.tokens.get(words.start).map_or(0, |t| t.range.start);
        let last = words
            .end
            .checked_sub(1)
            .and_then(|i| self.tokens.get(i))
            .map_or(first, |t| t.range.end);
        self.text.get(first..last).unwrap_or_default()
    }
}

fn nfc(text: &str) -> Cow<'_, str> {
    if text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfc().collect())
    }
}

/// The matching form of a list entry: its words, as a title's tokens would be.
fn phrase(entry: &str) -> Vec<String> {
    Title::new(entry)
        .tokens
        .into_iter()
        .map(|t| t.key)
        .collect()
}

/// One word list ready for matching: each entry as its words, the longest entries
/// first so that "blog posts" wins over "posts".
#[derive(Debug)]
pub struct Phrases {
    phrases: Vec<Vec<String>>,
    /// First and last words of the entries: most titles hold none, and are rejected
    /// by a lookup.
    first_words: HashSet<String>,
    last_words: HashSet<String>,
}

impl Phrases {
    fn new(entries: &[String], ignored: &HashSet<Vec<String>>) -> Self {
        let mut phrases: Vec<Vec<String>> = entries
            .iter()
            .map(|e| phrase(e))
            .filter(|p| !p.is_empty() && !ignored.contains(p))
            .collect();
        phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
        phrases.dedup();
        let first_words = phrases.iter().map(|p| p[0].clone()).collect();
        let last_words = phrases.iter().map(|p| p[p.len() - 1].clone()).collect();
        Self {
            phrases,
            first_words,
            last_words,
        }
    }

    /// The longest entry that starts at token `at`, as a range of tokens.
    pub fn at(&self, tokens: &[Token], at: usize) -> Option<Range<usize>> {
        if !self.first_words.contains(tokens.get(at)?.key.as_str()) {
            return None;
        }
        let rest = &tokens[at..];
        self.phrases
            .iter()
            .find(|p| p.len() <= rest.len() && p.iter().zip(rest).all(|(w, t)| *w == t.key))
            .map(|p| at..at + p.len())
    }

    /// The entry that starts the title.
    pub fn at_start(&self, tokens: &[Token]) -> Option<Range<usize>> {
        self.at(tokens, 0)
    }

    /// The longest entry that ends the title.
    pub fn at_end(&self, tokens: &[Token]) -> Option<Range<usize>> {
        if !self.last_words.contains(tokens.last()?.key.as_str()) {
            return None;
        }
        self.phrases
            .iter()
            .find(|p| {
                p.len() <= tokens.len()
                    && p.iter()
                        .zip(&tokens[tokens.len() - p.len()..])
                        .all(|(w, t)| *w == t.key)
            })
            .map(|p| tokens.len() - p.len()..tokens.len())
    }

    /// The first entry found in the title, from the left.
    pub fn find(&self, tokens: &[Token]) -> Option<Range<usize>> {
        (0..tokens.len()).find_map(|at| self.at(tokens, at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        Title::new(text).tokens.into_iter().map(|t| t.key).collect()
    }

    #[test]
    fn words_are_letters_and_digits_in_lower_case() {
        assert_eq!(
            keys("Roll-out: the NEW “Plan”!"),
            ["roll", "out", "the", "new", "plan"]
        );
        assert_eq!(
            keys("Kundenzufriedenheit ÜBER alles"),
            ["kundenzufriedenheit", "über", "alles"]
        );
        assert_eq!(keys("chiffre d’affaires"), ["chiffre", "d", "affaires"]);
        assert_eq!(keys("  "), Vec::<String>::new());
    }

    #[test]
    fn a_decomposed_title_matches_and_keeps_no_span() {
        // "Déployer" typed as D, e, U+0301 (combining acute): NFC makes it one letter.
        let decomposed = "De\u{301}ployer la plateforme";
        let title = Title::new(decomposed);
        assert_eq!(title.tokens[0].key, "déployer");
        assert_eq!(title.span(0..1), None);
        let composed = Title::new("Déployer la plateforme");
        assert_eq!(composed.span(0..1), Some(0.."Déployer".len()));
        assert_eq!(composed.text(1..3), "la plateforme");
    }

    #[test]
    fn phrases_match_whole_words_longest_first() {
        let lists = Phrases::new(
            &["posts".into(), "blog posts".into(), "roll-out".into()],
            &HashSet::new(),
        );
        let title = Title::new("New blog posts per week");
        assert_eq!(lists.find(&title.tokens), Some(1..3));
        assert_eq!(lists.find(&Title::new("Postseason wins").tokens), None);
        assert_eq!(
            lists.at_start(&Title::new("Roll out SSO").tokens),
            Some(0..2)
        );
        assert_eq!(lists.at_end(&Title::new("Weekly posts").tokens), Some(1..2));
        let ignored = HashSet::from([vec!["posts".to_string()]]);
        let without = Phrases::new(&["posts".into()], &ignored);
        assert_eq!(without.find(&Title::new("posts").tokens), None);
    }

    #[test]
    fn every_shipped_language_parses_and_has_every_list() {
        for (code, _) in LANGUAGES {
            let words = shipped(code).expect("shipped");
            for which in WordList::ALL {
                assert!(!words.list(which).is_empty(), "{code}: {which:?} is empty");
            }
        }
        assert!(shipped("xx").is_none());
    }
}
