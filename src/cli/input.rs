//! Line input with a bound: a line longer than [`MAX_LINE_BYTES`] is cut there and the rest of it
//! skipped, so a gigabyte without a newline costs constant memory. Invalid UTF-8 is decoded lossily
//! (a question with a bad byte still gets an answer, never an error).

use std::io::{self, BufRead, BufReader, Read};

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

impl<S: Read> BoundedLines<BufReader<S>> {
    /// Whether more input has already been read (so flushing output can wait for it to be
    /// answered). Never waits for input: a caller that sends a line and waits for its reply
    /// gets it.
    pub fn has_buffered_input(&self) -> bool {
        !self.reader.buffer().is_empty()
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
    fn knows_what_is_buffered_without_waiting_for_more() {
        let mut lines = BoundedLines::new(BufReader::with_capacity(64, &b"one\ntwo\n"[..]));
        assert!(!lines.has_buffered_input(), "nothing read yet");
        assert_eq!(lines.next_line().unwrap().as_deref(), Some("one"));
        assert!(lines.has_buffered_input(), "\"two\" came with \"one\"");
        assert_eq!(lines.next_line().unwrap().as_deref(), Some("two"));
        assert!(!lines.has_buffered_input());
        assert_eq!(lines.next_line().unwrap(), None);
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
