//! The ways a body leaves the app, and the one place where gzip is decided. A [`Body`] keeps
//! its plain and its gzip form, each made at most once from the other: rendered answers start
//! plain and are gzipped on the first request that accepts gzip (and kept with that form in
//! [`crate::rendered::RenderedCache`]); the embedded assets start gzipped (by `build.rs`) and
//! are decompressed once for the rare client without gzip. [`Answer`] picks the form per
//! request. A [`Streamed`] answer (the CSV) is made a chunk at a time as the connection takes
//! it, and gzipped on the way.

use std::io::{Cursor, Read, Write};
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use bytes::Bytes;
use futures::StreamExt;
use rocket::http::{ContentType, Header, Status};
use rocket::response::stream::ReaderStream;
use rocket::response::{self, Responder};
use rocket::{Request, Response};

/// Below this, gzip's header and the CPU cost more than they save.
const MIN_SIZE: usize = 1024;

/// Bytes handed to the connection at a time (Rocket's default, 4 KB, means hundreds of writes
/// for a large page).
const CHUNK: usize = 64 * 1024;

#[derive(Debug)]
enum Form {
    Plain(Bytes),
    Gzip(Bytes),
}

/// A response body in the form it was made in, and the other form once asked for.
#[derive(Debug)]
pub struct Body {
    made: Form,
    /// `None` when the other form cannot be had: too small to gain from gzip, or a codec error.
    other: OnceLock<Option<Bytes>>,
}

impl Body {
    pub fn new(plain: impl Into<Bytes>) -> Self {
        Body {
            made: Form::Plain(plain.into()),
            other: OnceLock::new(),
        }
    }

    /// A body gzipped at build time.
    pub const fn gzipped(gzip: &'static [u8]) -> Self {
        Body {
            made: Form::Gzip(Bytes::from_static(gzip)),
            other: OnceLock::new(),
        }
    }

    /// The size of the form it was made in.
    pub fn len(&self) -> usize {
        match &self.made {
            Form::Plain(bytes) | Form::Gzip(bytes) => bytes.len(),
        }
    }

    pub fn plain(&self) -> Option<Bytes> {
        match &self.made {
            Form::Plain(plain) => Some(plain.clone()),
            Form::Gzip(gzip) => self.other(|| gunzip(gzip)),
        }
    }

    /// The gzip form, unless the body is too small to gain from it.
    pub fn gzip(&self) -> Option<Bytes> {
        match &self.made {
            Form::Gzip(gzip) => Some(gzip.clone()),
            Form::Plain(plain) if plain.len() < MIN_SIZE => None,
            Form::Plain(plain) => self.other(|| gzip(plain)),
        }
    }

    fn other(&self, make: impl FnOnce() -> std::io::Result<Vec<u8>>) -> Option<Bytes> {
        self.other
            .get_or_init(|| {
                make()
                    .map_err(|error| tracing::error!(%error, "gzip (de)compression failed"))
                    .ok()
                    .map(Bytes::from)
            })
            .clone()
    }
}

/// Level 5: most of the gain at a fraction of level 9's CPU.
fn gzip(plain: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(plain.len() / 4),
        flate2::Compression::new(5),
    );
    encoder.write_all(plain)?;
    encoder.finish()
}

fn gunzip(gzip: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut plain = Vec::with_capacity(gzip.len() * 4);
    flate2::read::GzDecoder::new(gzip).read_to_end(&mut plain)?;
    Ok(plain)
}

/// Whether the request's `Accept-Encoding` allows gzip (a `q=0` refuses it).
fn accepts_gzip(request: &Request<'_>) -> bool {
    request
        .headers()
        .get("Accept-Encoding")
        .flat_map(|value| value.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let coding = parts.next().unwrap_or_default();
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
        })
}

/// A body as a response: gzipped when the client accepts it and it gains from it. `B` is an
/// `Arc<Body>` for rendered answers, a `&'static Body` for the embedded assets.
pub struct Answer<B = Arc<Body>> {
    pub content_type: ContentType,
    pub body: B,
}

impl Answer {
    /// An answer made for one response only (not kept).
    pub fn once(content_type: ContentType, plain: impl Into<Bytes>) -> Self {
        Answer {
            content_type,
            body: Arc::new(Body::new(plain)),
        }
    }
}

impl<'r, B: Deref<Target = Body>> Responder<'r, 'static> for Answer<B> {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        let mut response = Response::build();
        response
            .header(self.content_type)
            .header(Header::new("Vary", "Accept-Encoding"));
        let bytes = match accepts_gzip(request).then(|| self.body.gzip()).flatten() {
            Some(gzip) => {
                response.header(Header::new("Content-Encoding", "gzip"));
                gzip
            }
            None => self.body.plain().ok_or(Status::InternalServerError)?,
        };
        response
            .sized_body(bytes.len(), Cursor::new(bytes))
            .max_chunk_size(CHUNK)
            .ok()
    }
}

/// A body made chunk by chunk while it is sent: only the chunk being sent is in memory, however
/// long the whole. No `Content-Length` (the length is not known in advance): the answer is sent
/// with chunked transfer encoding.
pub struct Streamed<I> {
    pub content_type: ContentType,
    pub chunks: I,
}

impl<'r, I> Responder<'r, 'static> for Streamed<I>
where
    I: Iterator<Item = Bytes> + Send + 'static,
{
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        let mut response = Response::build();
        response
            .header(self.content_type)
            .header(Header::new("Vary", "Accept-Encoding"));
        let chunks: Box<dyn Iterator<Item = Bytes> + Send> = if accepts_gzip(request) {
            response.header(Header::new("Content-Encoding", "gzip"));
            Box::new(GzipChunks::new(self.chunks))
        } else {
            Box::new(self.chunks)
        };
        let stream = futures::stream::iter(chunks).map(Cursor::new);
        response
            .streamed_body(ReaderStream::from(stream))
            .max_chunk_size(CHUNK)
            .ok()
    }
}

/// `chunks` gzipped as one gzip stream: each chunk is fed to the encoder and what it has
/// written so far is passed on (no flush per chunk, which would cost compression).
struct GzipChunks<I> {
    chunks: I,
    encoder: Option<flate2::write::GzEncoder<Vec<u8>>>,
}

impl<I> GzipChunks<I> {
    fn new(chunks: I) -> Self {
        GzipChunks {
            chunks,
            encoder: Some(flate2::write::GzEncoder::new(
                Vec::with_capacity(CHUNK),
                flate2::Compression::new(5),
            )),
        }
    }
}

impl<I: Iterator<Item = Bytes>> Iterator for GzipChunks<I> {
    type Item = Bytes;

    fn next(&mut self) -> Option<Bytes> {
        loop {
            let encoder = self.encoder.as_mut()?;
            let Some(chunk) = self.chunks.next() else {
                // The end: what the encoder still holds, and gzip's trailer.
                let encoder = self.encoder.take()?;
                return encoder
                    .finish()
                    .map_err(|error| tracing::error!(%error, "gzip compression failed"))
                    .ok()
                    .map(Bytes::from);
            };
            if let Err(error) = encoder.write_all(&chunk) {
                // Writing to memory does not fail; if it did, the answer ends short (its gzip
                // stream has no trailer, so the client sees it is incomplete).
                tracing::error!(%error, "gzip compression failed");
                self.encoder = None;
                return None;
            }
            // An empty chunk would end a chunked body: wait until the encoder has output.
            let written = std::mem::take(encoder.get_mut());
            if !written.is_empty() {
                return Some(Bytes::from(written));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_form_is_made_from_the_other() {
        let text = "launch ".repeat(1000);
        let body = Body::new(text.clone());
        let gzip = body.gzip().expect("large enough to gzip");
        assert!(gzip.len() < text.len() / 10);
        assert_eq!(gunzip(&gzip).expect("valid gzip"), text.as_bytes());

        let leaked: &'static [u8] = Vec::leak(gzip.to_vec());
        let from_gzip = Body::gzipped(leaked);
        assert_eq!(from_gzip.plain().as_deref(), Some(text.as_bytes()));
        assert_eq!(from_gzip.gzip().as_deref(), Some(leaked));
    }

    #[test]
    fn streamed_chunks_gzip_to_one_stream_of_the_same_bytes() {
        let chunks: Vec<Bytes> = (0..50)
            .map(|i| Bytes::from(format!("row {i},").repeat(2000)))
            .collect();
        let plain: Vec<u8> = chunks.iter().flat_map(|c| c.iter().copied()).collect();
        let gzipped: Vec<Bytes> = GzipChunks::new(chunks.into_iter()).collect();
        assert!(gzipped.len() > 1, "sent in more than one piece");
        assert!(gzipped.iter().all(|c| !c.is_empty()), "no empty chunk");
        let whole: Vec<u8> = gzipped.iter().flat_map(|c| c.iter().copied()).collect();
        assert!(whole.len() < plain.len() / 10);
        assert_eq!(gunzip(&whole).expect("valid gzip"), plain);
        let empty: Vec<u8> = GzipChunks::new(std::iter::empty()).flatten().collect();
        assert_eq!(gunzip(&empty).expect("valid gzip"), b"");
    }

    #[test]
    fn small_bodies_stay_plain() {
        assert_eq!(Body::new("{}").gzip(), None);
    }
}
