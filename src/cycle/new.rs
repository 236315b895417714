//! `align cycle new`: the next cycle appended to the file of the last one, as long
//! as the last one (in calendar months when it runs whole months), and its folder.

use jiff::ToSpan;
use jiff::civil::Date;
use toml_edit::{ArrayOfTables, Item, Table, Value};

use crate::error::{Error, Result};
use crate::load::Tree;
use crate::model::Cycle;

/// The cycle to add.
#[derive(Debug, PartialEq, Eq)]
pub struct NewCycle {
    pub id: String,
    pub start: Date,
    pub end: Date,
}

/// The next id after `last`: `2026-Q4` -> `2027-Q1`, `2026-H2` -> `2027-H1`, `2026`
/// -> `2027`; `None` when the id follows no pattern align knows.
pub fn next_id(last: &str) -> Option<String> {
    let (year, rest) = match last.split_once('-') {
        Some((y, r)) => (y, Some(r)),
        None => (last, None),
    };
    let year: i32 = year.parse().ok().filter(|_| year.len() == 4)?;
    let Some(rest) = rest else {
        return Some((year + 1).to_string());
    };
    let letter = rest.chars().next()?;
    let n: u32 = rest[1..].parse().ok()?;
    let count = match letter.to_ascii_uppercase() {
        'Q' => 4,
        'H' => 2,
        _ => return None,
    };
    if !(1..=count).contains(&n) {
        return None;
    }
    Some(if n == count {
        format!("{}-{letter}1", year + 1)
    } else {
        format!("{year}-{letter}{}", n + 1)
    })
}

/// The cycle after the last one (by end date): its id from `id` or the last one's
/// pattern, its dates from `start`/`end` or the last one's length.
pub fn plan<'t>(
    tree: &'t Tree,
    id: Option<&str>,
    start: Option<Date>,
    end: Option<Date>,
) -> Result<(NewCycle, &'t Cycle)> {
    let last = tree
        .model
        .cycles
        .iter()
        .max_by_key(|c| c.end.get_ref().0)
        .ok_or_else(|| {
            Error::Usage("the tree has no cycle to follow: add the first [[cycle]] by hand".into())
        })?;
    let (last_start, last_end) = (last.start.get_ref().0, last.end.get_ref().0);
    let id = match id {
        Some(id) => id.to_string(),
        None => next_id(last.id.get_ref()).ok_or_else(|| {
            Error::Usage(format!(
                "cannot guess the id after `{}`: name it with --id",
                last.id.get_ref()
            ))
        })?,
    };
    if !crate::rules::is_slug(&id) {
        return Err(Error::Usage(format!(
            "`{id}` is not an id: letters, digits, `-`, `_`, `.`"
        )));
    }
    if tree.model.cycles.iter().any(|c| c.id.get_ref() == &id) {
        return Err(Error::Usage(format!("cycle `{id}` exists already")));
    }
    let day_after = |d: Date| {
        d.checked_add(1.day())
            .map_err(|e| Error::Usage(e.to_string()))
    };
    let start = match start {
        Some(s) => s,
        None => day_after(last_end)?,
    };
    let end = match end {
        Some(e) => e,
        None => same_length(last_start, last_end, start)?,
    };
    if end < start {
        return Err(Error::Usage(format!(
            "the cycle would end on {end}, before it starts on {start}"
        )));
    }
    if let Some(other) = tree
        .model
        .cycles
        .iter()
        .find(|c| c.start.get_ref().0 <= end && start <= c.end.get_ref().0)
    {
        return Err(Error::Usage(format!(
            "{start} to {end} overlaps cycle `{}` ({} to {}): choose --start and --end",
            other.id.get_ref(),
            other.start.get_ref(),
            other.end.get_ref()
        )));
    }
    Ok((NewCycle { id, start, end }, last))
}

/// The end of a cycle starting on `start` as long as `from..=to`: in whole months
/// when that one ran whole calendar months, else in days.
fn same_length(from: Date, to: Date, start: Date) -> Result<Date> {
    let whole_months = from.day() == 1 && to == to.last_of_month();
    let end = if whole_months {
        let months =
            i32::from(to.year() - from.year()) * 12 + i32::from(to.month() - from.month()) + 1;
        start
            .checked_add(months.months())
            .and_then(|d| d.checked_sub(1.day()))
    } else {
        let days = crate::score::days(from, to);
        start.checked_add(days.days())
    };
    end.map_err(|e| Error::Usage(format!("the next cycle's end: {e}")))
}

/// Appends the cycle to `text` (the last cycle's file) as a `[[cycle]]` table.
pub fn append(name: &str, text: &str, cycle: &NewCycle) -> Result<String> {
    let mut doc = super::parse_for_edit(name, text)?;
    let array = doc
        .entry("cycle")
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()))
        .as_array_of_tables_mut()
        .ok_or_else(|| Error::Usage(format!("{name}: `cycle` is not [[cycle]] tables")))?;
    let mut t = Table::new();
    t.insert("id", Item::Value(Value::from(cycle.id.as_str())));
    t.insert("start", Item::Value(super::toml_date(cycle.start)));
    t.insert("end", Item::Value(super::toml_date(cycle.end)));
    array.push(t);
    let text = doc.to_string();
    super::still_valid(name, &text, "adding the cycle")?;
    Ok(text)
}

/// The folder of the new cycle's objectives: beside the last cycle's folder when its
/// objectives live in one named after it, else `objectives/<id>`.
pub fn folder(tree: &Tree, last: &Cycle, id: &str) -> String {
    let last_id = last.id.get_ref();
    tree.model
        .objectives
        .iter()
        .filter(|o| o.cycle.get_ref() == last_id)
        .find_map(|o| {
            let name = &tree.sources.get(o.file).name;
            let parts: Vec<&str> = name.split('/').collect();
            let at = parts.iter().position(|p| p == last_id)?;
            (at + 1 < parts.len()).then(|| {
                let mut folder: Vec<&str> = parts[..at].to_vec();
                folder.push(id);
                folder.join("/")
            })
        })
        .unwrap_or_else(|| format!("objectives/{id}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        s.parse().expect("date")
    }

    #[test]
    fn ids_follow_quarters_halves_and_years() {
        assert_eq!(next_id("2026-Q3").as_deref(), Some("2026-Q4"));
        assert_eq!(next_id("2026-Q4").as_deref(), Some("2027-Q1"));
        assert_eq!(next_id("2026-q4").as_deref(), Some("2027-q1"));
        assert_eq!(next_id("2026-H2").as_deref(), Some("2027-H1"));
        assert_eq!(next_id("2026").as_deref(), Some("2027"));
        assert_eq!(next_id("sprint-12"), None);
        assert_eq!(next_id("2026-Q5"), None);
    }

    #[test]
    fn length_in_months_or_days() {
        let q4 = same_length(day("2026-10-01"), day("2026-12-31"), day("2027-01-01"));
        assert_eq!(q4.expect("end"), day("2027-03-31"));
        let q1 = same_length(day("2027-01-01"), day("2027-03-31"), day("2027-04-01"));
        assert_eq!(q1.expect("end"), day("2027-06-30"));
        let sprint = same_length(day("2026-10-05"), day("2026-10-18"), day("2026-10-19"));
        assert_eq!(sprint.expect("end"), day("2026-11-01"));
    }
}
