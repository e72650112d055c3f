//! The elements of a JSON array read one at a time from any [`Read`], so that memory does not
//! grow with the array: serde_json's deserializer drives a [`SeqAccess`] visitor on a blocking
//! thread, each element is kept as raw JSON only until `map` has turned it into an item, and the
//! items go to the async side in batches through a bounded channel.

use std::fmt;
use std::io::{BufReader, Read};

use serde::de::{self, Deserializer as _, SeqAccess, Visitor};
use serde_json::value::RawValue;
use tokio::sync::mpsc;

use crate::source::{Batches, Delivery, Sent, SourceError};

/// Streams the elements of the JSON array `reader` holds, each turned into an item by `map`, in
/// batches of `batch_size`. `location` names the data in errors.
///
/// A body that is not an array, is cut off, or has an element that is not JSON or anything but
/// whitespace after the array, fails the batch that reaches it with [`SourceError::Decode`]
/// (the index of the record, serde's line and column). Dropping the batches stops the reading.
pub fn stream_array<R, T, F>(
    reader: R,
    location: impl Into<String>,
    batch_size: usize,
    map: F,
) -> Batches<T>
where
    R: Read + Send + 'static,
    T: Send + 'static,
    F: FnMut(&RawValue) -> T + Send + 'static,
{
    let location = location.into();
    let (sender, receiver) = mpsc::channel(1);
    let producer = {
        let location = location.clone();
        tokio::task::spawn_blocking(move || {
            let mut elements = Elements {
                sender,
                batch: Vec::with_capacity(batch_size.max(1)),
                batch_size: batch_size.max(1),
                map,
                read: 0,
                abandoned: false,
            };
            let mut deserializer = serde_json::Deserializer::from_reader(BufReader::new(reader));
            let result = deserializer
                .deserialize_seq(&mut elements)
                .and_then(|()| deserializer.end());
            if elements.abandoned {
                return;
            }
            let ended = match result {
                Ok(()) => Ok(Delivery::Items(std::mem::take(&mut elements.batch))),
                Err(source) => Err(SourceError::Decode {
                    location,
                    record: Some(elements.read),
                    source,
                }),
            };
            if matches!(&ended, Ok(Delivery::Items(items)) if items.is_empty()) {
                return;
            }
            // The receiver may be gone: nothing is waiting for the end then.
            let _ = elements.sender.blocking_send(ended);
        })
    };
    Batches::new(location, receiver, producer)
}

struct Elements<T, F> {
    sender: mpsc::Sender<Sent<T>>,
    batch: Vec<T>,
    batch_size: usize,
    map: F,
    /// Elements read so far.
    read: usize,
    /// Set when the receiver has gone: the reading stops, and nobody is told.
    abandoned: bool,
}

impl<'de, T, F> Visitor<'de> for &mut Elements<T, F>
where
    F: FnMut(&RawValue) -> T,
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(element) = seq.next_element::<Box<RawValue>>()? {
            self.batch.push((self.map)(&element));
            self.read += 1;
            if self.batch.len() == self.batch_size {
                let full = std::mem::replace(&mut self.batch, Vec::with_capacity(self.batch_size));
                if self
                    .sender
                    .blocking_send(Ok(Delivery::Items(full)))
                    .is_err()
                {
                    self.abandoned = true;
                    return Err(de::Error::custom("the reader of the batches has gone"));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn snapshot() -> Vec<u8> {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/spacex/v4/launches.json");
        std::fs::read(path).expect("snapshot readable")
    }

    /// Every batch's elements as text, or the first error.
    async fn read_all(body: Vec<u8>, size: usize) -> Result<Vec<Vec<String>>, SourceError> {
        let mut batches = stream_array(std::io::Cursor::new(body), "body", size, |raw| {
            raw.get().to_owned()
        });
        let mut all = Vec::new();
        while let Some(batch) = batches.next_batch().await? {
            all.push(batch);
        }
        Ok(all)
    }

    fn by_serde(body: &[u8]) -> Vec<String> {
        serde_json::from_slice::<Vec<Box<RawValue>>>(body)
            .expect("valid JSON array")
            .iter()
            .map(|r| r.get().to_owned())
            .collect()
    }

    #[tokio::test]
    async fn elements_come_in_batches_as_serde_reads_them() {
        let body = snapshot();
        let want = by_serde(&body);
        assert_eq!(want.len(), 205);
        for size in [1, 7, 50, 205, 1000] {
            let batches = read_all(body.clone(), size).await.expect("valid");
            assert!(batches.iter().all(|b| !b.is_empty() && b.len() <= size));
            assert_eq!(batches.len(), want.len().div_ceil(size), "size {size}");
            assert_eq!(batches.concat(), want, "size {size}");
        }
        let odd = br#" [ {"a": [1, "]"]} , "\"]", 2.5e3, null, [[]] ] "#.to_vec();
        assert_eq!(
            read_all(odd.clone(), 2).await.expect("valid").concat(),
            by_serde(&odd)
        );
        for empty in [&b"[]"[..], b" [ \n ] "] {
            assert!(read_all(empty.to_vec(), 3).await.expect("valid").is_empty());
        }
    }

    /// The error of `body`, after the batches before it.
    async fn error_of(body: &[u8]) -> (usize, SourceError) {
        let mut batches = stream_array(std::io::Cursor::new(body.to_vec()), "body", 1, |_| ());
        let mut read = 0;
        loop {
            match batches.next_batch().await {
                Ok(Some(_)) => read += 1,
                Ok(None) => panic!("{} was read whole", String::from_utf8_lossy(body)),
                Err(error) => return (read, error),
            }
        }
    }

    #[tokio::test]
    async fn a_broken_body_fails_at_the_record_it_reaches_naming_the_position() {
        // (body, records read before the error, a word of serde's message)
        let cases: [(&[u8], usize, &str); 12] = [
            (b"{\"a\": 1}", 0, "invalid type: map, expected a JSON array"),
            (b"null", 0, "invalid type: null"),
            (b"", 0, "EOF while parsing"),
            (b"[1] x", 1, "trailing characters"),
            (b"[1], [2]", 1, "trailing characters"),
            (b"[1, 2", 2, "EOF while parsing a list"),
            (b"[{\"a\": \"]}", 0, "EOF while parsing a string"),
            (b"[1, {\"a\": }, 2]", 1, "expected value"),
            (b"[1, 2 3]", 2, "expected `,` or `]`"),
            (b"[1,,2]", 1, "expected value"),
            (b"[1,]", 1, "trailing comma"),
            (b"[\"\xff\"]", 0, "invalid unicode code point"),
        ];
        for (body, want_read, want_message) in cases {
            let (read, error) = error_of(body).await;
            let message = error.to_string();
            let case = String::from_utf8_lossy(body);
            assert_eq!(read, want_read, "{case}: {message}");
            assert!(message.contains(want_message), "{case}: {message}");
            assert!(message.contains("line 1 column"), "{case}: {message}");
            assert!(
                message.contains(&format!("at record {want_read}")),
                "{case}: {message}"
            );
        }
    }

    #[tokio::test]
    async fn a_body_cut_off_fails_after_the_records_before_the_cut() {
        let body = snapshot();
        let records = by_serde(&body);
        for cut in [1, 1000, body.len() / 2, body.len() - 2] {
            // Where each record ends in the body: raw values keep their text, found in order.
            let whole_before_cut = records
                .iter()
                .scan(0usize, |from, record| {
                    let start = body[*from..]
                        .windows(record.len())
                        .position(|w| w == record.as_bytes())
                        .map(|p| *from + p)?;
                    *from = start + record.len();
                    Some(*from)
                })
                .take_while(|&end| end <= cut)
                .count();
            let (read, error) = error_of(&body[..cut]).await;
            assert_eq!(read, whole_before_cut, "cut {cut}: {error}");
            assert!(error.to_string().contains("EOF while parsing"), "{error}");
        }
    }

    #[tokio::test]
    async fn dropping_the_batches_stops_the_reader() {
        let body = format!("[{}1]", "1, ".repeat(100_000)).into_bytes();
        let (tx, rx) = std::sync::mpsc::channel();
        let mut batches = stream_array(std::io::Cursor::new(body), "body", 10, move |_| {
            let _ = tx.send(());
        });
        assert!(batches.next_batch().await.expect("first").is_some());
        drop(batches);
        // The producer stops after at most the batch it was filling and the one queued.
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        assert!(rx.try_iter().count() < 100);
    }
}
