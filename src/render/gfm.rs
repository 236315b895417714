//! User text in GitHub-flavoured Markdown: whatever a title says, it shows as written
//! and does nothing else. It cannot end a table cell (`|`), open HTML (`<details>`,
//! `<script>`), start emphasis, a link (GitHub links bare `http://` and `www.` too, so
//! their `:` and `.` are escaped) or maths, or mention anyone: an `@` is followed
//! by a zero-width space (`&#8203;`, as Renovate and Dependabot write it), so
//! `@security-team` reads the same and pings no one. Ids and handles that are plain
//! slugs show as code, where GitHub links and mentions nothing.

/// User prose as literal inline Markdown, on one line, safe in a table cell.
pub fn text(s: &str) -> String {
    let s = &*super::capped(s);
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for (i, c) in s.char_indices() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '$' | '#' | '!' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '@' => out.push_str("@&#8203;"),
            // `scheme://` and `www.` would become links.
            ':' if s[i + 1..].starts_with("//") => out.push_str("\\:"),
            '.' if out.len() >= 3
                && out.as_bytes()[out.len() - 3..].eq_ignore_ascii_case(b"www") =>
            {
                out.push_str("\\.")
            }
            // A line break would end the table row or the list item.
            '\n' | '\r' | '\t' => out.push(' '),
            c if super::is_hidden(c) => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// An id, a handle or a file name as inline code when it is a plain slug; anything
/// else (an invalid id can hold any character) as escaped text.
pub fn code(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars().nth(super::MAX_CHARS).is_none()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | '@' | ':'));
    if plain { format!("`{s}`") } else { text(s) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_users_write_is_markup() {
        assert_eq!(text("a | b"), "a \\| b");
        assert_eq!(text("<script>"), "&lt;script&gt;");
        assert_eq!(text("ping @ana"), "ping @&#8203;ana");
        assert_eq!(
            text("see https://x.io or www.x.io"),
            "see https\\://x.io or www\\.x.io"
        );
        assert_eq!(
            text("`x` *y* _z_ [l](u) $m$"),
            "\\`x\\` \\*y\\* \\_z\\_ \\[l\\](u) \\$m\\$"
        );
        assert_eq!(text("one\ntwo\u{1b}"), "one two\u{fffd}");
        assert_eq!(code("deploys-boring/p95"), "`deploys-boring/p95`");
        assert_eq!(code("@bob"), "`@bob`");
        assert_eq!(code("bad`id|"), "bad\\`id\\|");
        assert_eq!(code(""), "");
    }
}
