//! Launch records read a batch at a time, so that memory stays flat however many launches the
//! source lists.
//!
//! - [`ArraySplitter`] splits a top-level JSON array into its elements as its bytes arrive, in
//!   chunks of any size, keeping only the element being read;
//! - [`LaunchRecords`] feeds it from a file (a snapshot, or the API's answer spooled to a
//!   temporary file) or from bytes in memory, and hands out the records in batches.

use std::collections::VecDeque;
use std::fmt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use serde_json::value::RawValue;
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};

use crate::spacex::SpacexError;

/// How much of a file (or of in-memory bytes) is fed to the splitter at a time.
pub const READ_CHUNK: usize = 64 * 1024;

/// An element's buffer is given back to the allocator when an element larger than this was read.
const KEEP_ELEMENT_CAPACITY: usize = 256 * 1024;

/// Why a body is not a JSON array of records. Offsets are in bytes from the body's start.
#[derive(Debug, thiserror::Error)]
pub enum RecordsError {
    #[error("expected `[` at byte {offset}, found {found}")]
    NotAnArray { offset: u64, found: String },
    #[error("the body ends after {offset} bytes, before the array's closing `]`")]
    Truncated { offset: u64 },
    #[error("expected `,` or `]` after element {index}, found {found} at byte {offset}")]
    MissingComma {
        index: usize,
        offset: u64,
        found: String,
    },
    #[error("expected an element, found {found} at byte {offset}")]
    MissingElement { offset: u64, found: String },
    #[error("element {index} (from byte {offset}) is not valid JSON: {source}")]
    InvalidElement {
        index: usize,
        offset: u64,
        #[source]
        source: serde_json::Error,
    },
    #[error("{found} at byte {offset} after the array's closing `]`")]
    TrailingCharacters { offset: u64, found: String },
    #[error("the records were abandoned after an earlier error")]
    Abandoned,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the opening `[`.
    Start,
    /// After `[`: an element or `]`.
    First,
    /// After `,`: an element.
    Next,
    /// Inside an element.
    Element,
    /// After an element: `,` or `]`.
    After,
    /// After the closing `]`: whitespace only.
    Done,
    Failed,
}

/// Splits a top-level JSON array into its elements, fed the array's bytes in chunks of any
/// size. It keeps only the element being read: memory does not grow with the array.
///
/// It tracks nesting, strings and their escapes only to find where each element ends; each
/// element is then validated on its own by serde_json. An error (the body is not an array, is
/// cut off, has missing or extra commas, or an element is not valid JSON) ends the splitting:
/// feeding after it only repeats [`RecordsError::Abandoned`].
#[derive(Debug)]
pub struct ArraySplitter {
    state: State,
    /// Bytes fed before the current chunk.
    consumed: u64,
    /// Elements completed so far.
    index: usize,
    /// The current element's bytes, across chunks.
    element: Vec<u8>,
    element_offset: u64,
    /// Whether the current element is a scalar (ends at whitespace, `,` or `]`) rather than an
    /// object, array or string (ends when its opening bracket or quote is closed).
    scalar: bool,
    depth: usize,
    in_string: bool,
    escaped: bool,
}

impl Default for ArraySplitter {
    fn default() -> Self {
        Self::new()
    }
}

fn is_whitespace(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r')
}

fn describe(byte: u8) -> String {
    if byte.is_ascii_graphic() {
        format!("`{}`", char::from(byte))
    } else {
        format!("byte 0x{byte:02x}")
    }
}

impl ArraySplitter {
    pub fn new() -> Self {
        ArraySplitter {
            state: State::Start,
            consumed: 0,
            index: 0,
            element: Vec::new(),
            element_offset: 0,
            scalar: false,
            depth: 0,
            in_string: false,
            escaped: false,
        }
    }

    /// Whether the closing `]` has been read.
    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    /// Feeds the next bytes of the body; every element they complete is appended to `out`.
    pub fn feed(
        &mut self,
        chunk: &[u8],
        out: &mut impl Extend<Box<RawValue>>,
    ) -> Result<(), RecordsError> {
        let result = self.feed_inner(chunk, out);
        if result.is_err() {
            self.fail();
        }
        result
    }

    /// Ends the body: an error unless the array was closed.
    pub fn finish(&mut self) -> Result<(), RecordsError> {
        match self.state {
            State::Done => Ok(()),
            State::Failed => Err(RecordsError::Abandoned),
            _ => {
                self.fail();
                Err(RecordsError::Truncated {
                    offset: self.consumed,
                })
            }
        }
    }

    fn fail(&mut self) {
        self.state = State::Failed;
        self.element = Vec::new();
    }

    fn feed_inner(
        &mut self,
        chunk: &[u8],
        out: &mut impl Extend<Box<RawValue>>,
    ) -> Result<(), RecordsError> {
        let mut i = 0;
        while i < chunk.len() {
            let offset = self.consumed + i as u64;
            match self.state {
                State::Failed => return Err(RecordsError::Abandoned),
                State::Element => {
                    let rest = &chunk[i..];
                    match self.scan(rest) {
                        Some(end) => {
                            self.element.extend_from_slice(&rest[..end]);
                            out.extend(std::iter::once(self.take_element()?));
                            self.state = State::After;
                            i += end;
                        }
                        None => {
                            self.element.extend_from_slice(rest);
                            i = chunk.len();
                        }
                    }
                    continue;
                }
                _ => {}
            }
            let byte = chunk[i];
            if is_whitespace(byte) {
                i += 1;
                continue;
            }
            match (self.state, byte) {
                (State::Start, b'[') => self.state = State::First,
                (State::Start, _) => {
                    return Err(RecordsError::NotAnArray {
                        offset,
                        found: describe(byte),
                    })
                }
                (State::First, b']') | (State::After, b']') => self.state = State::Done,
                (State::After, b',') => self.state = State::Next,
                (State::After, _) => {
                    return Err(RecordsError::MissingComma {
                        index: self.index.saturating_sub(1),
                        offset,
                        found: describe(byte),
                    })
                }
                (State::First | State::Next, b',' | b']') => {
                    return Err(RecordsError::MissingElement {
                        offset,
                        found: describe(byte),
                    })
                }
                (State::First | State::Next, _) => {
                    self.state = State::Element;
                    self.element_offset = offset;
                    self.scalar = !matches!(byte, b'{' | b'[' | b'"');
                    self.depth = 0;
                    self.in_string = false;
                    self.escaped = false;
                    // Not consumed: the element's scan starts with its first byte.
                    continue;
                }
                (State::Done, _) => {
                    return Err(RecordsError::TrailingCharacters {
                        offset,
                        found: describe(byte),
                    })
                }
                (State::Element | State::Failed, _) => {
                    unreachable!("handled before the match")
                }
            }
            i += 1;
        }
        self.consumed += chunk.len() as u64;
        Ok(())
    }

    /// Scans the current element's bytes in `bytes`: `Some(n)` when the element ends after its
    /// `n`th byte there, `None` when it goes on past them.
    fn scan(&mut self, bytes: &[u8]) -> Option<usize> {
        if self.scalar {
            return bytes
                .iter()
                .position(|&b| is_whitespace(b) || b == b',' || b == b']');
        }
        for (i, &byte) in bytes.iter().enumerate() {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                } else if byte == b'\\' {
                    self.escaped = true;
                } else if byte == b'"' {
                    self.in_string = false;
                }
            } else {
                match byte {
                    b'"' => self.in_string = true,
                    b'{' | b'[' => self.depth += 1,
                    b'}' | b']' => self.depth = self.depth.saturating_sub(1),
                    _ => {}
                }
            }
            if !self.in_string && self.depth == 0 {
                return Some(i + 1);
            }
        }
        None
    }

    fn take_element(&mut self) -> Result<Box<RawValue>, RecordsError> {
        let parsed = serde_json::from_slice::<Box<RawValue>>(&self.element).map_err(|source| {
            RecordsError::InvalidElement {
                index: self.index,
                offset: self.element_offset,
                source,
            }
        });
        self.index += 1;
        if self.element.capacity() > KEEP_ELEMENT_CAPACITY {
            self.element = Vec::new();
        } else {
            self.element.clear();
        }
        parsed
    }
}

/// Splits a whole in-memory JSON array (the small reference collections).
pub fn split_all(body: &[u8]) -> Result<Vec<Box<RawValue>>, RecordsError> {
    let mut records = Vec::new();
    let mut splitter = ArraySplitter::new();
    splitter.feed(body, &mut records)?;
    splitter.finish()?;
    Ok(records)
}

/// The launch records of one sync, read in batches: memory holds a batch and the chunk being
/// read, never the whole list.
///
/// They come from a file (a snapshot's `launches.json`, or the API's answer spooled to a
/// temporary file by [`crate::SpacexClient`]), from bytes in memory (the bundled snapshot), or
/// from records already split (tests). A temporary file is removed when the records are
/// dropped, read to the end, or fail.
pub struct LaunchRecords {
    /// The URL or path the records come from, for errors.
    location: String,
    input: Input,
    splitter: ArraySplitter,
    pending: VecDeque<Box<RawValue>>,
    failed: bool,
}

enum Input {
    Memory(Bytes),
    File {
        // Declared before `spool` so that the file is closed before the guard removes it.
        file: tokio::fs::File,
        path: PathBuf,
        buffer: Vec<u8>,
        /// Set for a temporary file: removes it when dropped.
        spool: Option<SpoolGuard>,
    },
    Ended,
}

impl fmt::Debug for LaunchRecords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let input = match &self.input {
            Input::Memory(bytes) => format!("{} bytes in memory", bytes.len()),
            Input::File { path, .. } => format!("file {}", path.display()),
            Input::Ended => "ended".to_owned(),
        };
        f.debug_struct("LaunchRecords")
            .field("location", &self.location)
            .field("input", &input)
            .field("pending", &self.pending.len())
            .field("failed", &self.failed)
            .finish()
    }
}

impl Default for LaunchRecords {
    /// No records.
    fn default() -> Self {
        LaunchRecords::from_records(Vec::new())
    }
}

impl LaunchRecords {
    fn new(location: String, input: Input) -> Self {
        LaunchRecords {
            location,
            input,
            splitter: ArraySplitter::new(),
            pending: VecDeque::new(),
            failed: false,
        }
    }

    /// Records already split.
    pub fn from_records(records: Vec<Box<RawValue>>) -> Self {
        LaunchRecords {
            pending: records.into(),
            ..LaunchRecords::new("in-memory records".into(), Input::Ended)
        }
    }

    /// A JSON array in memory; `location` names it in errors.
    pub fn from_bytes(location: impl Into<String>, body: impl Into<Bytes>) -> Self {
        LaunchRecords::new(location.into(), Input::Memory(body.into()))
    }

    /// A JSON array in a file, which is left in place.
    pub async fn open(path: impl Into<PathBuf>) -> Result<Self, SpacexError> {
        let path = path.into();
        let file = tokio::fs::File::open(&path)
            .await
            .map_err(|source| SpacexError::Snapshot {
                path: path.clone(),
                source,
            })?;
        let location = path.display().to_string();
        Ok(LaunchRecords::new(
            location,
            Input::File {
                file,
                path,
                buffer: Vec::new(),
                spool: None,
            },
        ))
    }

    /// Where the records come from.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// The next records, at most `max` (at least one is asked for when `max` is 0). An empty
    /// batch means the list has ended. After an error, every later call fails too.
    pub async fn next_batch(&mut self, max: usize) -> Result<Vec<Box<RawValue>>, SpacexError> {
        if self.failed {
            return Err(self.decode_error(RecordsError::Abandoned));
        }
        let max = max.max(1);
        while self.pending.len() < max && !matches!(self.input, Input::Ended) {
            if let Err(error) = self.read_more().await {
                self.failed = true;
                self.pending = VecDeque::new();
                self.input = Input::Ended;
                return Err(error);
            }
        }
        let take = max.min(self.pending.len());
        Ok(self.pending.drain(..take).collect())
    }

    /// Feeds the splitter the next chunk, or ends the input at its end.
    async fn read_more(&mut self) -> Result<(), SpacexError> {
        let fed = match &mut self.input {
            Input::Ended => return Ok(()),
            Input::Memory(bytes) if bytes.is_empty() => None,
            Input::Memory(bytes) => {
                let chunk = bytes.split_to(READ_CHUNK.min(bytes.len()));
                Some(self.splitter.feed(&chunk, &mut self.pending))
            }
            Input::File {
                file,
                path,
                buffer,
                spool,
            } => {
                buffer.resize(READ_CHUNK, 0);
                let read = file.read(buffer).await.map_err(|source| match spool {
                    Some(_) => SpacexError::Spool {
                        url: self.location.clone(),
                        path: path.clone(),
                        source,
                    },
                    None => SpacexError::Snapshot {
                        path: path.clone(),
                        source,
                    },
                })?;
                match buffer.get(..read) {
                    Some([]) | None => None,
                    Some(chunk) => Some(self.splitter.feed(chunk, &mut self.pending)),
                }
            }
        };
        let result = match fed {
            Some(result) => result,
            None => {
                self.input = Input::Ended;
                self.splitter.finish()
            }
        };
        result.map_err(|source| self.decode_error(source))
    }

    fn decode_error(&self, source: RecordsError) -> SpacexError {
        SpacexError::Decode {
            url: self.location.clone(),
            source,
        }
    }
}

/// A temporary file that the API's answer is written to, then read back as [`LaunchRecords`].
///
/// It is created under a unique name in [`std::env::temp_dir`] (Lambda's `/tmp`). On Unix its
/// name is removed at once, the open file staying readable and writable: nothing is left behind
/// even when the process dies without unwinding (a Lambda timeout, `panic = "abort"`).
/// Elsewhere, it is removed when dropped.
pub(crate) struct Spool {
    url: String,
    // Declared before `guard` so that the file is closed before the guard removes it.
    file: tokio::fs::File,
    path: PathBuf,
    guard: SpoolGuard,
}

/// Removes a temporary file, unless already removed.
struct SpoolGuard {
    path: Option<PathBuf>,
}

impl SpoolGuard {
    fn remove_now(&mut self) {
        if let Some(path) = self.path.take() {
            if let Err(error) = std::fs::remove_file(&path) {
                if error.kind() != std::io::ErrorKind::NotFound {
                    tracing::warn!(path = %path.display(), %error, "cannot remove a temporary file");
                }
            }
        }
    }
}

impl Drop for SpoolGuard {
    fn drop(&mut self) {
        self.remove_now();
    }
}

static SPOOL_COUNTER: AtomicU64 = AtomicU64::new(0);

fn spool_path() -> PathBuf {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let count = SPOOL_COUNTER.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!(
        "spacex-launches-{}-{count}-{nanos}.json",
        std::process::id()
    ))
}

impl Spool {
    /// Creates the temporary file for the body of `url`.
    pub(crate) async fn create(url: &str) -> Result<Self, SpacexError> {
        let mut attempts = 0;
        loop {
            attempts += 1;
            let path = spool_path();
            let opened = tokio::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)
                .await;
            match opened {
                Ok(file) => {
                    #[allow(unused_mut)]
                    let mut guard = SpoolGuard {
                        path: Some(path.clone()),
                    };
                    #[cfg(unix)]
                    guard.remove_now();
                    return Ok(Spool {
                        url: url.to_owned(),
                        file,
                        path,
                        guard,
                    });
                }
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists && attempts < 8 => {
                }
                Err(source) => {
                    return Err(SpacexError::Spool {
                        url: url.to_owned(),
                        path,
                        source,
                    })
                }
            }
        }
    }

    #[cfg(test)]
    fn path(&self) -> &std::path::Path {
        &self.path
    }

    fn error(&self, source: std::io::Error) -> SpacexError {
        SpacexError::Spool {
            url: self.url.clone(),
            path: self.path.clone(),
            source,
        }
    }

    /// Empties the file: a retried download starts over.
    pub(crate) async fn truncate(&mut self) -> Result<(), SpacexError> {
        let result = async {
            self.file.flush().await?;
            self.file.set_len(0).await?;
            self.file.rewind().await
        }
        .await;
        result.map(drop).map_err(|source| self.error(source))
    }

    pub(crate) async fn write(&mut self, chunk: &[u8]) -> Result<(), SpacexError> {
        let result = self.file.write_all(chunk).await;
        result.map_err(|source| self.error(source))
    }

    /// The file written, to be read from its start.
    pub(crate) async fn into_records(mut self) -> Result<LaunchRecords, SpacexError> {
        let result = async {
            self.file.flush().await?;
            self.file.rewind().await
        }
        .await;
        result.map_err(|source| self.error(source))?;
        Ok(LaunchRecords::new(
            self.url,
            Input::File {
                file: self.file,
                path: self.path,
                buffer: Vec::new(),
                spool: Some(self.guard),
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn split(chunks: &[&[u8]]) -> Result<Vec<String>, RecordsError> {
        let mut out: Vec<Box<RawValue>> = Vec::new();
        let mut splitter = ArraySplitter::new();
        for chunk in chunks {
            splitter.feed(chunk, &mut out)?;
        }
        splitter.finish()?;
        Ok(out.iter().map(|r| r.get().to_owned()).collect())
    }

    /// Splits `body` fed `size` bytes at a time.
    fn split_by(body: &[u8], size: usize) -> Result<Vec<String>, RecordsError> {
        split(&body.chunks(size).collect::<Vec<_>>())
    }

    fn by_serde(body: &[u8]) -> Vec<String> {
        serde_json::from_slice::<Vec<Box<RawValue>>>(body)
            .expect("valid JSON array")
            .iter()
            .map(|r| r.get().to_owned())
            .collect()
    }

    fn snapshot() -> Vec<u8> {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/spacex/v4/launches.json");
        std::fs::read(path).expect("snapshot readable")
    }

    #[test]
    fn escapes_inside_strings_do_not_end_an_element() {
        let body = br#"["a\"]", "\\", {"k": "x\\\"}]"}, ["\"", "]"], "\\\\"]"#;
        for size in 1..=body.len() {
            assert_eq!(
                split_by(body, size).expect("valid"),
                by_serde(body),
                "size {size}"
            );
        }
        assert_eq!(split_by(body, 1).expect("valid").len(), 5);
    }

    #[test]
    fn nested_arrays_and_objects_and_scalars() {
        let body =
            br#"[{"a": [1, [2, {"b": []}]], "c": {}}, [[[]]], 1, -2.5e3, true, null, "s", {}]"#;
        for size in 1..=body.len() {
            assert_eq!(
                split_by(body, size).expect("valid"),
                by_serde(body),
                "size {size}"
            );
        }
        assert_eq!(split_by(body, 7).expect("valid").len(), 8);
    }

    #[test]
    fn whitespace_everywhere() {
        let body = b" \n\t[ \r\n {\"a\" : 1 } ,\n\t2\n ,  [ 3 , 4 ]\t\r\n] \n ";
        for size in 1..=body.len() {
            assert_eq!(
                split_by(body, size).expect("valid"),
                vec!["{\"a\" : 1 }", "2", "[ 3 , 4 ]"],
                "size {size}"
            );
        }
    }

    #[test]
    fn empty_arrays() {
        for body in [&b"[]"[..], b" [ \n ] ", b"[\n]\n"] {
            for size in 1..=body.len() {
                assert_eq!(split_by(body, size).expect("valid"), Vec::<String>::new());
            }
        }
        assert!(split(&[b"[", b"", b"]"]).expect("valid").is_empty());
    }

    #[test]
    fn the_snapshot_splits_the_same_at_every_chunk_size() {
        let body = snapshot();
        let want = by_serde(&body);
        assert_eq!(want.len(), 205);
        let sizes = (1..=64).chain([1000, 4096, 65_536, 100_003, body.len() - 1, body.len()]);
        for size in sizes {
            assert_eq!(split_by(&body, size).expect("valid"), want, "size {size}");
        }
    }

    #[test]
    fn a_body_that_is_not_an_array() {
        for body in [&b"{\"a\": 1}"[..], b"  x", b"\"[1]\"", b"null"] {
            let error = split_by(body, 3).expect_err("not an array");
            assert!(
                matches!(error, RecordsError::NotAnArray { .. }),
                "{error:?}"
            );
        }
        let error = split_by(b"  {}", 1).expect_err("not an array");
        assert_eq!(error.to_string(), "expected `[` at byte 2, found `{`");
    }

    #[test]
    fn trailing_characters_after_the_array() {
        for body in [&b"[1] x"[..], b"[]]", b"[1],[2]", b"[] {}"] {
            let error = split_by(body, 2).expect_err("trailing");
            assert!(
                matches!(error, RecordsError::TrailingCharacters { .. }),
                "{error:?}"
            );
        }
    }

    #[test]
    fn truncated_bodies() {
        let body = snapshot();
        for cut in [0, 1, 2, 1000, body.len() / 2, body.len() - 2] {
            let error = split_by(&body[..cut], 4096).expect_err("truncated");
            assert!(
                matches!(error, RecordsError::Truncated { offset } if offset == cut as u64),
                "cut {cut}: {error:?}"
            );
        }
        for body in [&b"["[..], b"[1", b"[1,", b"[{\"a\": \"]}", b"[\"\\"] {
            let error = split_by(body, 1).expect_err("truncated");
            assert!(matches!(error, RecordsError::Truncated { .. }), "{error:?}");
        }
        assert!(split(&[]).is_err());
    }

    #[test]
    fn invalid_elements() {
        let cases: [(&[u8], usize); 7] = [
            (b"[1, {\"a\": }, 2]", 1),
            (b"[{\"a\": 1]]", 0),
            (b"[tru]", 0),
            (b"[1, 2, 3x]", 2),
            (b"[}]", 0),
            (b"[[1, 2}]", 0),
            (b"[\"\xff\"]", 0),
        ];
        for (body, want_index) in cases {
            let error = split_by(body, 2).expect_err("invalid element");
            assert!(
                matches!(error, RecordsError::InvalidElement { index, .. } if index == want_index),
                "{}: {error:?}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn missing_and_extra_commas() {
        for body in [&b"[{} {}]"[..], b"[1 2]", b"[\"a\" \"b\"]", b"[[] 1]"] {
            let error = split_by(body, 1).expect_err("missing comma");
            assert!(
                matches!(error, RecordsError::MissingComma { .. }),
                "{}: {error:?}",
                String::from_utf8_lossy(body)
            );
        }
        for body in [&b"[1,,2]"[..], b"[,1]", b"[1,]", b"[1, ,2]", b"[,]"] {
            let error = split_by(body, 1).expect_err("extra comma");
            assert!(
                matches!(error, RecordsError::MissingElement { .. }),
                "{}: {error:?}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn after_an_error_the_splitter_stays_failed() {
        let mut out: Vec<Box<RawValue>> = Vec::new();
        let mut splitter = ArraySplitter::new();
        assert!(splitter.feed(b"[1,,", &mut out).is_err());
        assert!(matches!(
            splitter.feed(b"2]", &mut out),
            Err(RecordsError::Abandoned)
        ));
        assert!(matches!(splitter.finish(), Err(RecordsError::Abandoned)));
    }

    async fn read_all(records: &mut LaunchRecords, max: usize) -> Vec<String> {
        let mut all = Vec::new();
        loop {
            let batch = records.next_batch(max).await.expect("batch");
            if batch.is_empty() {
                return all;
            }
            assert!(batch.len() <= max.max(1));
            all.extend(batch.iter().map(|r| r.get().to_owned()));
        }
    }

    #[tokio::test]
    async fn records_in_batches_from_bytes_a_file_and_a_list() {
        let body = snapshot();
        let want = by_serde(&body);

        let mut from_bytes = LaunchRecords::from_bytes("bytes", body.clone());
        assert_eq!(read_all(&mut from_bytes, 50).await, want);
        assert!(from_bytes.next_batch(50).await.expect("ended").is_empty());

        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/spacex/v4/launches.json");
        let mut from_file = LaunchRecords::open(&path).await.expect("opens");
        let first = from_file.next_batch(200).await.expect("first batch");
        assert_eq!(first.len(), 200);
        let second = from_file.next_batch(200).await.expect("second batch");
        assert_eq!(second.len(), 5);
        assert!(from_file.next_batch(200).await.expect("ended").is_empty());
        assert!(path.exists(), "a snapshot file is left in place");

        let list = serde_json::from_slice::<Vec<Box<RawValue>>>(&body).expect("array");
        let mut from_list = LaunchRecords::from_records(list);
        assert_eq!(read_all(&mut from_list, 0).await.len(), 205);
        let mut empty = LaunchRecords::default();
        assert!(empty.next_batch(10).await.expect("empty").is_empty());
    }

    #[tokio::test]
    async fn a_broken_body_fails_the_batch_that_reaches_it_naming_the_location() {
        let body = snapshot();
        let mut records = LaunchRecords::from_bytes(
            "https://example.test/v4/launches",
            body[..body.len() / 2].to_vec(),
        );
        assert_eq!(records.next_batch(50).await.expect("first batch").len(), 50);
        let error = loop {
            match records.next_batch(50).await {
                Ok(batch) => assert!(!batch.is_empty(), "ended without an error"),
                Err(error) => break error,
            }
        };
        let message = error.to_string();
        assert!(
            message.contains("https://example.test/v4/launches"),
            "{message}"
        );
        assert!(message.contains("before the array's closing"), "{message}");
        assert!(records.next_batch(50).await.is_err(), "stays failed");

        let missing = LaunchRecords::open("/nonexistent/launches.json")
            .await
            .expect_err("no such file");
        assert!(
            missing.to_string().contains("/nonexistent/launches.json"),
            "{missing}"
        );
    }

    #[tokio::test]
    async fn a_spool_is_written_rewritten_read_back_and_leaves_nothing_behind() {
        let mut spool = Spool::create("https://example.test/v4/launches")
            .await
            .expect("created");
        let path = spool.path().to_owned();
        assert!(path.starts_with(std::env::temp_dir()));
        spool.write(b"[1, 2, 3, 4").await.expect("written");
        spool.truncate().await.expect("truncated");
        spool.write(b"[\"a\", ").await.expect("written");
        spool.write(b"\"b\"]").await.expect("written");
        let mut records = spool.into_records().await.expect("readable");
        assert_eq!(records.location(), "https://example.test/v4/launches");
        assert_eq!(read_all(&mut records, 10).await, vec!["\"a\"", "\"b\""]);
        drop(records);
        assert!(!path.exists(), "{} is left behind", path.display());

        // Dropped unread, or failing: removed too.
        let mut spool = Spool::create("u").await.expect("created");
        let path = spool.path().to_owned();
        spool.write(b"[1, 2").await.expect("written");
        let mut records = spool.into_records().await.expect("readable");
        assert!(records.next_batch(10).await.is_err());
        drop(records);
        assert!(!path.exists());
        let a = Spool::create("u").await.expect("created");
        let b = Spool::create("u").await.expect("created");
        assert_ne!(a.path(), b.path());
        let (a_path, b_path) = (a.path().to_owned(), b.path().to_owned());
        drop((a, b));
        assert!(!a_path.exists() && !b_path.exists());
    }
}
