//! The file registry: every file of the tree, its text and where its lines start,
//! so that a byte span becomes a line and column for any output format.

use std::path::{Path, PathBuf};

/// Index of a file in the [`Sources`] registry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the tree root, with `/` separators: what users see.
    pub name: String,
    /// Path on disk.
    pub path: PathBuf,
    /// The text, or empty when the file could not be read as text.
    pub text: String,
    lines: LineIndex,
}

impl SourceFile {
    pub fn new(name: String, path: PathBuf, text: String) -> Self {
        let lines = LineIndex::new(&text);
        Self {
            name,
            path,
            text,
            lines,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.lines.line_of(offset);
        let start = self.lines.start(line);
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |prefix| prefix.chars().count());
        (line + 1, column + 1)
    }
}

/// Where the lines of a text start: a byte offset becomes its line by binary search,
/// never by scanning from the top (which made thousands of findings quadratic).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offsets of the first byte of each line; the first is 0.
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(
                text.bytes()
                    .enumerate()
                    .filter_map(|(i, b)| (b == b'\n').then_some(i + 1)),
            )
            .collect();
        Self { starts }
    }

    /// The 0-based line holding a byte offset; past the end, the last line.
    pub fn line_of(&self, offset: usize) -> usize {
        // `starts[0]` is 0, so at least one start is <= any offset.
        self.starts.partition_point(|&start| start <= offset) - 1
    }

    /// Where 0-based `line` starts; past the last line, where the last one starts.
    pub fn start(&self, line: usize) -> usize {
        self.starts
            .get(line)
            .or(self.starts.last())
            .copied()
            .unwrap_or(0)
    }

    /// Where the line after `line` starts, if there is one.
    pub fn next_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line + 1).copied()
    }
}

/// Every file the tree is made of, in a stable order.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
    /// The tree's root folder.
    pub root: PathBuf,
}

impl Sources {
    pub fn new(root: &Path) -> Self {
        Self {
            files: Vec::new(),
            root: root.to_path_buf(),
        }
    }

    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId((self.files.len() - 1) as u32)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_finds_lines_by_offset() {
        let lines = LineIndex::new("ab\n\ncd\n");
        assert_eq!(lines.line_of(0), 0);
        assert_eq!(lines.line_of(2), 0, "the line break belongs to its line");
        assert_eq!(lines.line_of(3), 1);
        assert_eq!(lines.line_of(4), 2);
        assert_eq!(
            lines.line_of(7),
            3,
            "after the last break: an empty last line"
        );
        assert_eq!(lines.line_of(99), 3);
        assert_eq!((lines.start(2), lines.next_start(2)), (4, Some(7)));
        assert_eq!((lines.start(3), lines.next_start(3)), (7, None));
        assert_eq!(LineIndex::new("").line_of(5), 0);
    }

    #[test]
    fn line_col_counts_characters_from_one() {
        let file = SourceFile::new("a.toml".into(), "a.toml".into(), "ab\nçd = 1\n".into());
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(3), (2, 1));
        // "ç" is two bytes but one column.
        assert_eq!(file.line_col(6), (2, 3));
        assert_eq!(file.line_col(999), (3, 1));
    }
}
