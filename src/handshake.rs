//! The dependency handshake. A `depends_on` is a request from one team to another; the
//! providing objective answers it with `accepts = ["requesting-id"]` or
//! `declines = [{ objective = "requesting-id", reason = "…" }]`. Until it answers, the
//! dependency is pending: a claim one team made that the other may not know about.
//!
//! The words are `accepts` and `declines` (not "commitments"): they read as answers to
//! a request, the pair is symmetric, and "commit" already means a committed objective
//! and the lowest level of three-level grading.

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use crate::model::Model;

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Answer {
    /// The provider has not answered.
    Pending,
    /// The provider lists the requester in `accepts`.
    Accepted,
    /// The provider lists the requester in `declines`.
    Declined,
}

impl Answer {
    pub fn name(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "agreed",
            Self::Declined => "declined",
        }
    }
}

/// The answers of a tree, by (requesting objective id, providing objective id). A
/// provider that both accepts and declines the same request is taken at its decline:
/// the cautious reading.
#[derive(Debug, Default)]
pub struct Answers<'m> {
    given: HashMap<(&'m str, &'m str), Given<'m>>,
}

/// One answer as written: what, why (for a decline), and where in the provider's file.
#[derive(Debug)]
struct Given<'m> {
    answer: Answer,
    reason: Option<&'m str>,
    span: Range<usize>,
}

impl<'m> Answers<'m> {
    pub fn of(model: &'m Model) -> Self {
        let mut given = HashMap::new();
        for provider in &model.objectives {
            let id = provider.id.get_ref().as_str();
            for requester in &provider.accepts {
                given
                    .entry((requester.get_ref().as_str(), id))
                    .or_insert(Given {
                        answer: Answer::Accepted,
                        reason: None,
                        span: requester.span(),
                    });
            }
            for decline in &provider.declines {
                let span = decline.span();
                let decline = decline.get_ref();
                given.insert(
                    (decline.objective.get_ref().as_str(), id),
                    Given {
                        answer: Answer::Declined,
                        reason: Some(decline.reason.get_ref().as_str()),
                        span,
                    },
                );
            }
        }
        Self { given }
    }

    /// How `provider` answered `requester`'s request.
    pub fn answer(&self, requester: &str, provider: &str) -> Answer {
        self.given
            .get(&(requester, provider))
            .map_or(Answer::Pending, |g| g.answer)
    }

    /// The reason of a decline.
    pub fn reason(&self, requester: &str, provider: &str) -> Option<&'m str> {
        self.given
            .get(&(requester, provider))
            .and_then(|g| g.reason)
    }

    /// Where the provider wrote its answer (the `accepts` or `declines` entry), in the
    /// provider's file.
    pub fn span(&self, requester: &str, provider: &str) -> Option<Range<usize>> {
        self.given
            .get(&(requester, provider))
            .map(|g| g.span.clone())
    }
}
