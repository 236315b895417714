//! A rule's documentation page, `docs/rules/CODE.md`: the text of `align explain CODE`
//! as Markdown that GitHub renders. SARIF rules link to the page (`helpUri`) and carry
//! its text (`help.markdown`); tests/rule_docs.rs keeps the committed pages equal to
//! what this module writes.

use crate::codes::Code;

/// Where the pages live in the repository.
pub const DIR: &str = "docs/rules";

/// The first line of every generated page: GitHub hides it, an editor shows it.
const GENERATED: &str = "<!-- Generated from `align explain`: edit assets/explain/, then \
     `ALIGN_BLESS=1 cargo test --test rule_docs` -->";

/// The page's address on the forge, at the tag of this version, so that a SARIF log
/// links to the rule as this binary checks it.
pub fn help_uri(code: Code) -> String {
    format!(
        "{}/blob/v{}/{DIR}/{}.md",
        env!("CARGO_PKG_REPOSITORY"),
        env!("CARGO_PKG_VERSION"),
        code.name()
    )
}

/// The page of one rule.
pub fn markdown(code: Code) -> String {
    format!("{GENERATED}\n\n{}", super::rule_doc::markdown(code.rule()))
}

/// The page without its title: the rule's help in a SARIF log. One renderer writes
/// rule pages: [`super::rule_doc`].
pub fn body(code: Code) -> String {
    super::rule_doc::body(code.rule())
}

/// The index page, `docs/rules/README.md`: every rule with its default severity and
/// what it finds, each linking to its page.
pub fn index() -> String {
    let mut out = format!(
        "{GENERATED}\n\n# Rules\n\nEvery finding of `align check` and `align drift` has one of \
         these codes. `align explain CODE` prints the same page in the terminal; \
         `align.toml` sets a rule's severity (`[rules] CODE = \"warning\"`, or \"off\").\n\n\
         | code | default | family | finds |\n|---|---|---|---|\n"
    );
    for code in Code::all() {
        out.push_str(&format!(
            "| [`{0}`]({0}.md) | {1} | {2} | {3} |\n",
            code.name(),
            code.default_severity().name(),
            code.family().name(),
            code.description()
        ));
    }
    out
}

/// Every generated file: its path from the repository root and its content.
pub fn all() -> Vec<(String, String)> {
    let mut files = vec![(format!("{DIR}/README.md"), index())];
    files.extend(Code::all().map(|code| (format!("{DIR}/{}.md", code.name()), markdown(code))));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_has_every_section_of_the_explain_text() {
        let page = markdown(Code::Stale);
        for heading in ["What it checks", "Why it matters", "How to fix", "Example"] {
            assert!(page.contains(&format!("\n## {heading}\n")), "{page}");
        }
        // Commands indented in the explain text stay commands.
        assert!(
            page.contains("```text\nalign checkin OBJECTIVE/KR --value 97.2 --commit\n"),
            "{page}"
        );
        assert!(
            page.contains("- Family: **drift**; precision: **high**"),
            "{page}"
        );
    }

    #[test]
    fn the_help_uri_is_the_page_at_this_version() {
        let uri = help_uri(Code::LineOfSight);
        assert!(uri.starts_with("https://"), "{uri}");
        assert!(
            uri.ends_with(&format!(
                "/blob/v{}/docs/rules/line-of-sight.md",
                env!("CARGO_PKG_VERSION")
            )),
            "{uri}"
        );
    }
}
