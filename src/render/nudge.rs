//! `align nudge`: the digest per owner as a terminal list, GitHub Markdown (an issue
//! body that a weekly workflow keeps up to date) and JSON.

use std::io::{self, Write};

use super::gfm;
use super::table::clean;
use crate::report::Digest;

/// One block per owner, one line per item.
pub fn table(digest: &Digest, w: &mut dyn Write) -> io::Result<()> {
    if digest.owners.is_empty() {
        return writeln!(
            w,
            "Nothing due in {} as of {}.",
            clean(&digest.cycle.id),
            digest.today
        );
    }
    for (i, nudge) in digest.owners.iter().enumerate() {
        if i > 0 {
            writeln!(w)?;
        }
        writeln!(
            w,
            "{} ({})",
            clean(&nudge.owner),
            super::plural(nudge.items.len(), "item", "items")
        )?;
        for item in &nudge.items {
            writeln!(w, "  {}: {}", clean(&item.item), clean(&item.action))?;
        }
    }
    Ok(())
}

/// A heading, then one section per owner. Handles are escaped so that nobody is pinged,
/// unless `mention` is set; even then only a well-formed GitHub handle is written raw.
pub fn markdown(digest: &Digest, mention: bool, w: &mut dyn Write) -> io::Result<()> {
    writeln!(
        w,
        "## What needs you in {} (as of {})\n",
        gfm::code(&digest.cycle.id),
        digest.today
    )?;
    if digest.owners.is_empty() {
        return writeln!(w, "Nothing is due.");
    }
    for nudge in &digest.owners {
        let owner = if mention && crate::codeowners::is_github_handle(&nudge.owner) {
            nudge.owner.clone()
        } else {
            gfm::text(&nudge.owner)
        };
        writeln!(w, "### {owner}\n")?;
        for item in &nudge.items {
            writeln!(
                w,
                "- [ ] {}: {}",
                gfm::code(&item.item),
                gfm::text(&item.action)
            )?;
        }
        writeln!(w)?;
    }
    writeln!(
        w,
        "<sub>Written by `align nudge`: the same items as the report's \"Before the review\".</sub>"
    )
}

pub fn json(digest: &Digest, w: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, digest).map_err(io::Error::other)?;
    writeln!(w)
}
