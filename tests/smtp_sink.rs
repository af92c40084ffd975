//! A mail server for tests: listens on 127.0.0.1 on a free port, speaks just enough SMTP
//! (EHLO/HELO, MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT) to take messages from the
//! portal's sender, and keeps them for the test to read. It can be told to refuse
//! recipients, or to take its time over each message.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// One message as the sink received it.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// Headers and body, dot-stuffing undone, lines ending in CRLF.
    pub data: String,
    /// When the sink accepted it.
    pub received_at: SystemTime,
}

impl ReceivedMail {
    /// A header's value, unfolded and with RFC 2047 encoded words decoded.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or("");
        let unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
        unfolded.split("\r\n").find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| decode_words(value.trim()))
        })
    }

    pub fn subject(&self) -> String {
        self.header("Subject").unwrap_or_default()
    }

    /// The `Message-ID`, without its angle brackets.
    pub fn message_id(&self) -> String {
        self.header("Message-ID")
            .unwrap_or_default()
            .trim_matches(|c| c == '<' || c == '>')
            .to_string()
    }

    /// The body, its transfer encoding undone.
    pub fn body(&self) -> String {
        let body = self
            .data
            .split_once("\r\n\r\n")
            .map(|(_, b)| b)
            .unwrap_or("");
        match self
            .header("Content-Transfer-Encoding")
            .unwrap_or_default()
            .to_ascii_lowercase()
            .as_str()
        {
            "base64" => {
                let compact: String = body.split_whitespace().collect();
                String::from_utf8_lossy(&STANDARD.decode(compact).unwrap_or_default()).into()
            }
            "quoted-printable" => decode_quoted_printable(body),
            _ => body.to_string(),
        }
    }
}

/// What the sink answers to `RCPT TO`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Accept,
    /// `451`: try again later.
    RefuseForNow,
    /// `550`: no such mailbox.
    RefuseForGood,
}

#[derive(Default)]
struct Shared {
    messages: Vec<ReceivedMail>,
}

/// A running sink; it stops when dropped.
pub struct SmtpSink {
    pub port: u16,
    shared: Arc<Mutex<Shared>>,
    mode: Arc<Mutex<Mode>>,
    task: JoinHandle<()>,
}

impl SmtpSink {
    /// Starts a sink that accepts everything at once.
    pub async fn start() -> SmtpSink {
        Self::start_with(Duration::ZERO).await
    }

    /// Starts a sink that waits `delay` before accepting each message.
    pub async fn start_with(delay: Duration) -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the SMTP sink");
        let port = listener.local_addr().expect("the sink's address").port();
        let shared = Arc::new(Mutex::new(Shared::default()));
        let mode = Arc::new(Mutex::new(Mode::Accept));
        let task = {
            let shared = shared.clone();
            let mode = mode.clone();
            tokio::spawn(async move {
                while let Ok((socket, _)) = listener.accept().await {
                    let shared = shared.clone();
                    let mode = mode.clone();
                    tokio::spawn(async move {
                        let _ = session(socket, shared, mode, delay).await;
                    });
                }
            })
        };
        SmtpSink {
            port,
            shared,
            mode,
            task,
        }
    }

    /// `smtp://127.0.0.1:<port>`, for `PORTAL_SMTP_URL`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn set_mode(&self, mode: Mode) {
        *self.mode.lock().unwrap() = mode;
    }

    /// Every message received so far, in order.
    pub fn messages(&self) -> Vec<ReceivedMail> {
        self.shared.lock().unwrap().messages.clone()
    }

    /// Waits until at least `n` messages have arrived, or `timeout` has passed.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<ReceivedMail> {
        let deadline = Instant::now() + timeout;
        loop {
            let messages = self.messages();
            if messages.len() >= n || Instant::now() >= deadline {
                return messages;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn session(
    socket: tokio::net::TcpStream,
    shared: Arc<Mutex<Shared>>,
    mode: Arc<Mutex<Mode>>,
    delay: Duration,
) -> std::io::Result<()> {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 sink ESMTP ready\r\n").await?;
    let mut mail_from = String::new();
    let mut rcpt_to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let command = line.trim_end().to_string();
        let upper = command.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-sink\r\n250 8BITMIME\r\n"
        } else if upper.starts_with("HELO") {
            b"250 sink\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            mail_from = address(&command["MAIL FROM:".len()..]);
            rcpt_to.clear();
            b"250 ok\r\n"
        } else if upper.starts_with("RCPT TO:") {
            let m = *mode.lock().unwrap();
            match m {
                Mode::Accept => {
                    rcpt_to.push(address(&command["RCPT TO:".len()..]));
                    b"250 ok\r\n"
                }
                Mode::RefuseForNow => b"451 4.3.0 try again later\r\n",
                Mode::RefuseForGood => b"550 5.1.1 no such mailbox\r\n",
            }
        } else if upper == "DATA" {
            if rcpt_to.is_empty() {
                b"503 no recipients\r\n"
            } else {
                write.write_all(b"354 go ahead\r\n").await?;
                let mut data = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await? == 0 {
                        // The client went away mid-message: nothing was delivered.
                        return Ok(());
                    }
                    if line == ".\r\n" || line == ".\n" {
                        break;
                    }
                    let unstuffed = line.strip_prefix('.').unwrap_or(&line);
                    data.push_str(unstuffed);
                }
                if !delay.is_zero() {
                    tokio::time::sleep(delay).await;
                }
                shared.lock().unwrap().messages.push(ReceivedMail {
                    mail_from: mail_from.clone(),
                    rcpt_to: std::mem::take(&mut rcpt_to),
                    data,
                    received_at: SystemTime::now(),
                });
                b"250 queued\r\n"
            }
        } else if upper == "RSET" {
            rcpt_to.clear();
            b"250 ok\r\n"
        } else if upper == "NOOP" {
            b"250 ok\r\n"
        } else if upper == "QUIT" {
            write.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else {
            b"502 not implemented\r\n"
        };
        write.write_all(reply).await?;
    }
}

/// `<a@b> BODY=8BITMIME` → `a@b`
fn address(rest: &str) -> String {
    let rest = rest.trim();
    let inner = rest
        .strip_prefix('<')
        .and_then(|r| r.split_once('>'))
        .map(|(a, _)| a)
        .unwrap_or_else(|| rest.split_whitespace().next().unwrap_or(""));
    inner.to_string()
}

/// Decodes RFC 2047 encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`); whitespace between
/// two encoded words is dropped, as the RFC says.
pub fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    let mut last_was_word = false;
    while !rest.is_empty() {
        if let Some(start) = rest.find("=?") {
            let (before, from) = rest.split_at(start);
            let decoded = from[2..].split_once('?').and_then(|(_, r)| {
                let (enc, r) = r.split_once('?')?;
                let (text, after) = r.split_once("?=")?;
                let bytes = match enc.to_ascii_lowercase().as_str() {
                    "b" => STANDARD.decode(text).ok()?,
                    "q" => decode_quoted_printable(&text.replace('_', " ")).into_bytes(),
                    _ => return None,
                };
                Some((String::from_utf8_lossy(&bytes).into_owned(), after))
            });
            match decoded {
                Some((word, after)) => {
                    if !(last_was_word && before.trim().is_empty()) {
                        out.push_str(before);
                    }
                    out.push_str(&word);
                    last_was_word = true;
                    rest = after;
                }
                None => {
                    out.push_str(&rest[..start + 2]);
                    rest = &rest[start + 2..];
                    last_was_word = false;
                }
            }
        } else {
            out.push_str(rest);
            break;
        }
    }
    out
}

/// Undoes quoted-printable: soft line breaks and `=XX` escapes.
pub fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
