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

/// How the document is written.
#[derive(Clone, Copy)]
pub enum ExportFormat {
    /// JSON, indented for a person to read, or compact.
    Json { pretty: bool },
    /// The same content as an HTML page in the person's language: `label` words each key
    /// (`None`: the key as it is), `title` heads the page.
    Html {
        lang: &'static str,
        title: &'static str,
        label: fn(&str) -> Option<&'static str>,
        yes_no: (&'static str, &'static str),
    },
}

/// One open object or list.
struct Open {
    /// Nothing written into it yet.
    empty: bool,
    /// HTML: the columns of a list of objects, once its first item gave them.
    columns: Option<Vec<String>>,
}

/// Writes one document into a channel of chunks.
pub struct ExportWriter {
    buf: Vec<u8>,
    tx: mpsc::Sender<Chunk>,
    open: Vec<Open>,
    format: ExportFormat,
}

impl ExportWriter {
    pub fn new(tx: mpsc::Sender<Chunk>) -> ExportWriter {
        Self::with_format(tx, ExportFormat::Json { pretty: false })
    }

    pub fn with_format(tx: mpsc::Sender<Chunk>, format: ExportFormat) -> ExportWriter {
        ExportWriter {
            buf: Vec::with_capacity(CHUNK_BYTES + 1024),
            tx,
            open: Vec::new(),
            format,
        }
    }

    fn pretty(&self) -> bool {
        matches!(self.format, ExportFormat::Json { pretty: true })
    }

    fn newline(&mut self) {
        if self.pretty() {
            self.buf.push(b'\n');
            for _ in 0..self.open.len() {
                self.buf.extend_from_slice(b"  ");
            }
        }
    }

    /// JSON: the comma before a member or item, and the line it starts on.
    fn separate(&mut self) {
        if let Some(o) = self.open.last_mut() {
            let first = o.empty;
            o.empty = false;
            if !first {
                self.buf.push(b',');
            }
        }
        self.newline();
    }

    fn json_value<T: Serialize + ?Sized>(&mut self, value: &T) -> ExportResult {
        let err = |e: serde_json::Error| ExportFailure::Failed(format!("export value: {e}"));
        if self.pretty() {
            // Indented as deep as it sits, written straight into the chunk.
            let mut ser = serde_json::Serializer::with_formatter(
                &mut self.buf,
                Indented::at(self.open.len()),
            );
            value.serialize(&mut ser).map_err(err)?;
        } else {
            serde_json::to_writer(&mut self.buf, value).map_err(err)?;
        }
        Ok(())
    }

    fn key(&mut self, key: &str) {
        self.separate();
        serde_json::to_writer(&mut self.buf, key).expect("a string serialises");
        self.buf.push(b':');
        if self.pretty() {
            self.buf.push(b' ');
        }
    }

    fn push(&mut self) {
        self.open.push(Open {
            empty: true,
            columns: None,
        });
    }

    /// Opens the document's top-level object.
    pub fn begin_document(&mut self) {
        match self.format {
            ExportFormat::Json { .. } => self.buf.push(b'{'),
            ExportFormat::Html { lang, title, .. } => {
                let head = format!(
                    "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{}</title><style>{}</style></head><body><h1>{}</h1><dl>",
                    escape(title),
                    HTML_STYLE,
                    escape(title)
                );
                self.buf.extend_from_slice(head.as_bytes());
            }
        }
        self.push();
    }

    /// `"key": value` in the open object.
    pub async fn member<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> ExportResult {
        match self.format {
            ExportFormat::Json { .. } => {
                self.key(key);
                self.json_value(value)?;
            }
            ExportFormat::Html { .. } => {
                let v = serde_json::to_value(value)
                    .map_err(|e| ExportFailure::Failed(format!("export value: {e}")))?;
                let html = format!("<dt>{}</dt><dd>{}</dd>", self.label(key), self.render(&v));
                self.buf.extend_from_slice(html.as_bytes());
            }
        }
        self.maybe_flush().await
    }

    /// `"key": {` … until `end`.
    pub fn begin_object(&mut self, key: &str) {
        match self.format {
            ExportFormat::Json { .. } => {
                self.key(key);
                self.buf.push(b'{');
            }
            ExportFormat::Html { .. } => {
                let level = (self.open.len() + 1).min(6);
                let html = format!("</dl><section><h{level}>{}</h{level}><dl>", self.label(key));
                self.buf.extend_from_slice(html.as_bytes());
            }
        }
        self.push();
    }

    /// `"key": [` … until `end_list`.
    pub fn begin_list(&mut self, key: &str) {
        match self.format {
            ExportFormat::Json { .. } => {
                self.key(key);
                self.buf.push(b'[');
            }
            ExportFormat::Html { .. } => {
                let html = format!("<dt>{}</dt><dd><table>", self.label(key));
                self.buf.extend_from_slice(html.as_bytes());
            }
        }
        self.push();
    }

    /// One item of the open list.
    pub async fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> ExportResult {
        match self.format {
            ExportFormat::Json { .. } => {
                self.separate();
                self.json_value(value)?;
            }
            ExportFormat::Html { .. } => {
                let v = serde_json::to_value(value)
                    .map_err(|e| ExportFailure::Failed(format!("export value: {e}")))?;
                self.html_row(&v);
            }
        }
        self.maybe_flush().await
    }

    /// Closes the open object.
    pub async fn end(&mut self) -> ExportResult {
        let was = self.open.pop();
        match self.format {
            ExportFormat::Json { .. } => {
                if was.is_some_and(|o| !o.empty) {
                    self.newline();
                }
                self.buf.push(b'}');
            }
            ExportFormat::Html { .. } if self.open.is_empty() => {
                self.buf.extend_from_slice(b"</dl></body></html>\n");
            }
            ExportFormat::Html { .. } => self.buf.extend_from_slice(b"</dl></section><dl>"),
        }
        self.maybe_flush().await
    }

    /// Closes the open list.
    pub async fn end_list(&mut self) -> ExportResult {
        let was = self.open.pop();
        match self.format {
            ExportFormat::Json { .. } => {
                if was.is_some_and(|o| !o.empty) {
                    self.newline();
                }
                self.buf.push(b']');
            }
            ExportFormat::Html { .. } => {
                if was.is_some_and(|o| o.empty) {
                    self.buf
                        .extend_from_slice(b"<tr><td>\xe2\x80\x93</td></tr>");
                }
                self.buf.extend_from_slice(b"</table></dd>");
            }
        }
        self.maybe_flush().await
    }

    fn label(&self, key: &str) -> String {
        match self.format {
            ExportFormat::Html { label, .. } => escape(
                &label(key)
                    .map(String::from)
                    .unwrap_or_else(|| key.replace('_', " ")),
            ),
            ExportFormat::Json { .. } => key.to_string(),
        }
    }

    /// A row of the open HTML table; the first object item gives the columns.
    fn html_row(&mut self, v: &serde_json::Value) {
        let mut html = String::new();
        let header = match (self.open.last_mut(), v) {
            (Some(o), serde_json::Value::Object(map)) if o.columns.is_none() => {
                let cols: Vec<String> = map.keys().cloned().collect();
                o.columns = Some(cols.clone());
                Some(cols)
            }
            _ => None,
        };
        if let Some(o) = self.open.last_mut() {
            o.empty = false;
        }
        if let Some(cols) = header {
            html.push_str("<tr>");
            for c in &cols {
                html.push_str(&format!("<th>{}</th>", self.label(c)));
            }
            html.push_str("</tr>");
        }
        let columns = self.open.last().and_then(|o| o.columns.clone());
        html.push_str("<tr>");
        match (v, columns) {
            (serde_json::Value::Object(map), Some(cols)) => {
                for c in cols {
                    let cell = map.get(&c).map(|x| self.render(x)).unwrap_or_default();
                    html.push_str(&format!("<td>{cell}</td>"));
                }
            }
            _ => html.push_str(&format!("<td>{}</td>", self.render(v))),
        }
        html.push_str("</tr>");
        self.buf.extend_from_slice(html.as_bytes());
    }

    /// A value as HTML: text escaped, lists and objects nested.
    fn render(&self, v: &serde_json::Value) -> String {
        use serde_json::Value;
        let (yes, no) = match self.format {
            ExportFormat::Html { yes_no, .. } => yes_no,
            ExportFormat::Json { .. } => ("true", "false"),
        };
        match v {
            Value::Null => "\u{2013}".into(),
            Value::Bool(b) => if *b { yes } else { no }.into(),
            Value::Number(n) => n.to_string(),
            Value::String(s) => escape(s),
            Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
                if items.is_empty() {
                    "\u{2013}".into()
                } else {
                    items
                        .iter()
                        .map(|i| self.render(i))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            }
            Value::Array(items) => {
                let cols: Vec<String> = items
                    .iter()
                    .find_map(|i| i.as_object())
                    .map(|m| m.keys().cloned().collect())
                    .unwrap_or_default();
                let mut html = String::from("<table><tr>");
                for c in &cols {
                    html.push_str(&format!("<th>{}</th>", self.label(c)));
                }
                html.push_str("</tr>");
                for i in items {
                    html.push_str("<tr>");
                    for c in &cols {
                        let cell = i.get(c).map(|x| self.render(x)).unwrap_or_default();
                        html.push_str(&format!("<td>{cell}</td>"));
                    }
                    html.push_str("</tr>");
                }
                html.push_str("</table>");
                html
            }
            Value::Object(map) => {
                let mut html = String::from("<dl>");
                for (k, x) in map {
                    html.push_str(&format!(
                        "<dt>{}</dt><dd>{}</dd>",
                        self.label(k),
                        self.render(x)
                    ));
                }
                html.push_str("</dl>");
                html
            }
        }
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

/// serde_json's pretty printing (two spaces a level) starting `depth` levels in: a value
/// written where the writer's own nesting already stands.
struct Indented {
    depth: usize,
    has_value: bool,
}

impl Indented {
    fn at(depth: usize) -> Indented {
        Indented {
            depth,
            has_value: false,
        }
    }

    fn line<W: ?Sized + std::io::Write>(&self, w: &mut W, comma: bool) -> std::io::Result<()> {
        const SPACES: &[u8] = &[b' '; 64];
        w.write_all(if comma { b",\n" } else { b"\n" })?;
        let mut n = self.depth * 2;
        while n > 0 {
            let k = n.min(SPACES.len());
            w.write_all(&SPACES[..k])?;
            n -= k;
        }
        Ok(())
    }

    fn close<W: ?Sized + std::io::Write>(&mut self, w: &mut W, end: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.line(w, false)?;
        }
        w.write_all(end)
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(w, !first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(w, !first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// A Unix time written as RFC 3339 (`2025-03-01T12:00:00Z`), as `time` writes it, without
/// a `String` per value: the export writes a million of them for a large account.
#[derive(Debug, Clone, Copy)]
pub struct UnixTime(pub i64);

/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years RFC 3339 can write.
const RFC3339_RANGE: std::ops::RangeInclusive<i64> = -62_167_219_200..=253_402_300_799;

impl UnixTime {
    /// `YYYY-MM-DDTHH:MM:SSZ`, or `None` outside years 0–9999.
    fn ascii(self) -> Option<[u8; 20]> {
        if !RFC3339_RANGE.contains(&self.0) {
            return None;
        }
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        // Days to the civil date (H. Hinnant's algorithm, proleptic Gregorian).
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        let mut out = *b"0000-00-00T00:00:00Z";
        let mut put = |at: usize, width: usize, mut v: i64| {
            for i in (at..at + width).rev() {
                out[i] = b'0' + (v % 10) as u8;
                v /= 10;
            }
        };
        put(0, 4, year);
        put(5, 2, month);
        put(8, 2, day);
        put(11, 2, secs / 3600);
        put(14, 2, secs / 60 % 60);
        put(17, 2, secs % 60);
        Some(out)
    }
}

impl Serialize for UnixTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.ascii() {
            Some(a) => s.serialize_str(std::str::from_utf8(&a).unwrap_or_default()),
            // What `time` makes of a time it cannot write.
            None => s.serialize_str(
                &crate::clock::from_unix(self.0)
                    .format(&time::format_description::well_known::Rfc3339)
                    .unwrap_or_default(),
            ),
        }
    }
}

const HTML_STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#1b1f24}\
dt{font-weight:600;margin-top:.6rem}dd{margin:0 0 .4rem 0}section{border-top:1px solid #ccd;margin-top:1.2rem}\
table{border-collapse:collapse;margin:.3rem 0;font-size:.9rem}th,td{border:1px solid #ccd;padding:.2rem .4rem;text-align:left;vertical-align:top}\
th{background:#f2f4f7}";

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
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

#[cfg(test)]
mod tests {
    use super::*;

    fn time_crate(ts: i64) -> String {
        crate::clock::from_unix(ts)
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    }

    #[test]
    fn unix_times_are_written_as_time_writes_them() {
        let mut ts: i64 = -62_167_219_300;
        let mut step: i64 = 1;
        while ts < 253_402_400_000 {
            let ours = serde_json::to_string(&UnixTime(ts)).unwrap();
            assert_eq!(
                ours,
                serde_json::to_string(&time_crate(ts)).unwrap(),
                "{ts}"
            );
            ts += step;
            step = step * 3 / 2 + 7_919;
        }
        for ts in [
            0,
            -1,
            951_782_400,
            1_709_164_800,
            4_107_542_399,
            253_402_300_799,
            253_402_300_800,
            -62_167_219_200,
            -62_167_219_201,
            i64::MIN,
            i64::MAX,
        ] {
            let ours = serde_json::to_string(&UnixTime(ts)).unwrap();
            assert_eq!(
                ours,
                serde_json::to_string(&time_crate(ts)).unwrap(),
                "{ts}"
            );
        }
    }

    #[test]
    fn a_value_is_indented_as_serde_json_indents_it_at_its_depth() {
        let value = serde_json::json!({
            "a": [1, {"b": [], "c": {}}, [[]], "x\ny"],
            "d": {"e": null, "f": [{"g": true}]},
            "h": [],
        });
        for depth in [0, 1, 3, 40] {
            let mut ours = Vec::new();
            let mut ser = serde_json::Serializer::with_formatter(&mut ours, Indented::at(depth));
            value.serialize(&mut ser).unwrap();
            let theirs = serde_json::to_string_pretty(&value)
                .unwrap()
                .replace('\n', &format!("\n{}", "  ".repeat(depth)));
            assert_eq!(String::from_utf8(ours).unwrap(), theirs, "{depth}");
        }
    }
}
