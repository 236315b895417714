//! Field values as the diff reports them: optional strings and numbers, enum names
//! as written in TOML, and the small comparisons every entity uses.

use serde::Serialize;

use super::{FieldChange, FromTo};
use crate::model::{Confidence, Spanned};

pub(super) fn text(v: &Option<Spanned<String>>) -> Option<String> {
    v.as_ref().map(|s| s.get_ref().clone())
}

pub(super) fn number(v: &Option<Spanned<f64>>) -> Option<f64> {
    v.as_ref().map(|s| *s.get_ref())
}

/// Equal, counting two NaNs as the same value as written.
pub(super) fn same_number(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x == y || (x.is_nan() && y.is_nan()),
        (None, None) => true,
        _ => false,
    }
}

/// An enum's name as written in TOML.
pub(super) fn word<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// The lints an `allow` silences, as one line; `None` when it silences none.
pub(super) fn allowed(allow: &[Spanned<String>]) -> Option<String> {
    (!allow.is_empty()).then(|| {
        allow
            .iter()
            .map(|a| a.get_ref().as_str())
            .collect::<Vec<_>>()
            .join(", ")
    })
}

pub(super) fn field(
    out: &mut Vec<FieldChange>,
    name: &str,
    before: Option<String>,
    after: Option<String>,
) {
    if before != after {
        out.push(FieldChange {
            field: name.into(),
            before,
            after,
        });
    }
}

pub(super) fn changed<T: PartialEq>(before: T, after: T) -> Option<FromTo<T>> {
    (before != after).then_some(FromTo { before, after })
}

pub(super) fn list(values: &[Spanned<String>]) -> Vec<String> {
    values.iter().map(|v| v.get_ref().clone()).collect()
}

pub(super) fn confidence(c: &Confidence) -> String {
    match c {
        Confidence::Scale10(n) => n.to_string(),
        Confidence::Fraction(x) => x.to_string(),
        Confidence::Word(w) => w.clone(),
    }
}
