//! Line input with a bound: a line longer than [`MAX_LINE_BYTES`] is cut there and the rest of it
//! skipped, so a gigabyte without a newline costs constant memory. Invalid UTF-8 is decoded lossily
//! (a question with a bad byte still gets an answer, never an error).

use std::io::{self, BufRead};

/// The most bytes of one input line that are kept.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

pub struct BoundedLines<R> {
    reader: R,
    buffer: Vec<u8>,
}

impl<R: BufRead> BoundedLines<R> {
    pub fn new(reader: R) -> Self {
        BoundedLines {
            reader,
            buffer: Vec::new(),
        }
    }

    /// Whether more input is already buffered (so flushing output can wait).
    pub fn has_buffered_input(&mut self) -> bool {
        self.reader
            .fill_buf()
            .map(|b| !b.is_empty())
            .unwrap_or(false)
    }

    /// The next line without its line ending, or `None` at the end of input.
    pub fn next_line(&mut self) -> io::Result<Option<String>> {
        self.buffer.clear();
        let mut seen_any = false;
        loop {
            let chunk = self.reader.fill_buf()?;
            if chunk.is_empty() {
                break;
            }
            seen_any = true;
            let newline = chunk.iter().position(|&b| b == b'\n');
            let take = newline.map_or(chunk.len(), |i| i);
            let room = MAX_LINE_BYTES.saturating_sub(self.buffer.len());
            self.buffer
                .extend_from_slice(chunk.get(..take.min(room)).unwrap_or_default());
            let consumed = newline.map_or(chunk.len(), |i| i + 1);
            self.reader.consume(consumed);
            if newline.is_some() {
                break;
            }
        }
        if !seen_any {
            return Ok(None);
        }
        if self.buffer.last() == Some(&b'\r') {
            self.buffer.pop();
        }
        Ok(Some(String::from_utf8_lossy(&self.buffer).into_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &[u8]) -> Vec<String> {
        let mut lines = BoundedLines::new(io::BufReader::with_capacity(7, input));
        let mut out = Vec::new();
        while let Ok(Some(line)) = lines.next_line() {
            out.push(line);
        }
        out
    }

    #[test]
    fn splits_lines_and_strips_crlf() {
        assert_eq!(all(b"one\r\ntwo\n\nlast"), ["one", "two", "", "last"]);
    }

    #[test]
    fn decodes_invalid_utf8_lossily() {
        assert_eq!(all(b"caf\xe9?\n"), ["caf\u{fffd}?"]);
    }

    #[test]
    fn cuts_overlong_lines() {
        let mut input = vec![b'a'; MAX_LINE_BYTES * 3];
        input.extend_from_slice(b"\nnext\n");
        let lines = all(&input);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].len(), MAX_LINE_BYTES);
        assert_eq!(lines[1], "next");
    }
}
