//! The life of a cycle after its plan: grading it when it ends (`close`), carrying
//! what is unfinished into the next one (`carry`), adding the next one (`new`), and
//! the track record across cycles (`review`).

pub mod carry;
pub mod close;
pub mod new;
pub mod review;

use crate::error::{Error, Result};
use crate::model::{Cycle, Model};
use crate::suggest::did_you_mean;

/// The cycle with this id, or a usage error that suggests the nearest one.
pub fn find<'m>(model: &'m Model, id: &str) -> Result<&'m Cycle> {
    model
        .cycles
        .iter()
        .find(|c| c.id.get_ref() == id)
        .ok_or_else(|| {
            let hint = did_you_mean(id, model.cycles.iter().map(|c| c.id.get_ref().as_str()))
                .map(|s| format!(": did you mean `{s}`?"))
                .unwrap_or_default();
            Error::Usage(format!("no cycle `{id}` in the tree{hint}"))
        })
}

/// A TOML date for toml_edit.
pub(crate) fn toml_date(day: jiff::civil::Date) -> toml_edit::Value {
    toml_edit::Value::from(toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: day.year() as u16,
            month: day.month() as u8,
            day: day.day() as u8,
        }),
        time: None,
        offset: None,
    })
}

/// Parses a file for editing, naming it in the error.
pub(crate) fn parse_for_edit(name: &str, text: &str) -> Result<toml_edit::DocumentMut> {
    text.parse()
        .map_err(|e| Error::Usage(format!("cannot edit {name}: {e}")))
}

/// Checks that an edited text still loads as a strategy file.
pub(crate) fn still_valid(name: &str, text: &str, what: &str) -> Result<()> {
    toml::from_str::<crate::model::StrategyFile>(text)
        .map(|_| ())
        .map_err(|e| {
            Error::Usage(format!(
                "{what} would leave {name} invalid ({}): nothing was written",
                e.message().trim()
            ))
        })
}
