//! The export's vocabulary: a streaming JSON writer the portal and the billing backend both
//! write into, and what a backend gives the export (its records, category by category,
//! from one consistent view of its data).
//!
//! The writer sends the document in chunks into a small bounded channel while the client
//! reads, so memory stays flat however large the account; commas and nesting are its job,
//! so a backend only says "this member", "this list", "this item".

use async_trait::async_trait;
use bytes::Bytes;
use portal_domain::api::DataCategory;
use serde::Serialize;
use tokio::sync::mpsc;

use super::BillingError;

const CHUNK_BYTES: usize = 64 * 1024;

/// Why an export stopped before its end.
#[derive(Debug)]
pub enum ExportFailure {
    /// The client went away: nothing to report to anyone.
    ClientGone,
    /// A read failed: the body is cut off as an error, never ended as if whole.
    Failed(String),
}

impl From<BillingError> for ExportFailure {
    fn from(e: BillingError) -> Self {
        ExportFailure::Failed(e.to_string())
    }
}

impl From<sqlx::Error> for ExportFailure {
    fn from(e: sqlx::Error) -> Self {
        ExportFailure::Failed(e.to_string())
    }
}

pub type ExportResult = Result<(), ExportFailure>;

pub type Chunk = Result<Bytes, std::io::Error>;

/// Writes one JSON document into a channel of chunks.
pub struct ExportWriter {
    buf: Vec<u8>,
    tx: mpsc::Sender<Chunk>,
    /// One entry per open object or array: whether it has no member yet.
    open: Vec<bool>,
}

impl ExportWriter {
    pub fn new(tx: mpsc::Sender<Chunk>) -> ExportWriter {
        ExportWriter {
            buf: Vec::with_capacity(CHUNK_BYTES + 1024),
            tx,
            open: Vec::new(),
        }
    }

    fn separate(&mut self) {
        if let Some(empty) = self.open.last_mut() {
            if !*empty {
                self.buf.push(b',');
            }
            *empty = false;
        }
    }

    fn key(&mut self, key: &str) {
        self.separate();
        serde_json::to_writer(&mut self.buf, key).expect("a string serialises");
        self.buf.push(b':');
    }

    /// Opens the document's top-level object.
    pub fn begin_document(&mut self) {
        self.buf.push(b'{');
        self.open.push(true);
    }

    /// `"key": value` in the open object.
    pub async fn member<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> ExportResult {
        self.key(key);
        serde_json::to_writer(&mut self.buf, value)
            .map_err(|e| ExportFailure::Failed(format!("export value: {e}")))?;
        self.maybe_flush().await
    }

    /// `"key": {` … until `end`.
    pub fn begin_object(&mut self, key: &str) {
        self.key(key);
        self.buf.push(b'{');
        self.open.push(true);
    }

    /// `"key": [` … until `end_list`.
    pub fn begin_list(&mut self, key: &str) {
        self.key(key);
        self.buf.push(b'[');
        self.open.push(true);
    }

    /// One item of the open list.
    pub async fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> ExportResult {
        self.separate();
        serde_json::to_writer(&mut self.buf, value)
            .map_err(|e| ExportFailure::Failed(format!("export value: {e}")))?;
        self.maybe_flush().await
    }

    /// Closes the open object.
    pub async fn end(&mut self) -> ExportResult {
        self.open.pop();
        self.buf.push(b'}');
        self.maybe_flush().await
    }

    /// Closes the open list.
    pub async fn end_list(&mut self) -> ExportResult {
        self.open.pop();
        self.buf.push(b']');
        self.maybe_flush().await
    }

    async fn maybe_flush(&mut self) -> ExportResult {
        if self.buf.len() >= CHUNK_BYTES {
            self.flush().await
        } else {
            Ok(())
        }
    }

    /// Sends what is buffered.
    pub async fn flush(&mut self) -> ExportResult {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buf,
            Vec::with_capacity(CHUNK_BYTES + 1024),
        ));
        self.tx
            .send(Ok(chunk))
            .await
            .map_err(|_| ExportFailure::ClientGone)
    }
}

/// A backend's part of one export, read from one consistent view of the billing data
/// (a snapshot transaction that lives as long as the source).
#[async_trait]
pub trait ExportSource: Send {
    /// Writes the billing system's records of `category` as members of the category's
    /// open `records` object. Secrets (password hashes, second-factor data, card and bank
    /// data, tokens, transfer codes) are never among them.
    async fn write(&mut self, category: DataCategory, w: &mut ExportWriter) -> ExportResult;
}
