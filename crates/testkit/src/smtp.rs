//! A real SMTP server for tests (mailin-embedded on 127.0.0.1, plain SMTP), keeping every
//! message it accepts. No mocks: the portal's `SmtpMailer` talks to it over a socket.
//!
//! Recipients steer the server's answer, so failure paths can be tested too:
//! a local part of `reject` gets `550 Mailbox unavailable` (permanent),
//! `defer` gets `451 Aborted: local error in processing` (transient).

use std::net::{IpAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mailin_embedded::{Handler, Response, Server, response};
use tokio::sync::mpsc;

/// One message as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedMail {
    /// The envelope sender (`MAIL FROM`).
    pub from: String,
    /// The envelope recipients (`RCPT TO`).
    pub to: Vec<String>,
    /// The message exactly as sent after `DATA`: headers, blank line, body.
    pub raw: String,
}

/// A running SMTP server on `127.0.0.1:port`; lives until the test process ends.
#[derive(Debug)]
pub struct TestSmtp {
    pub port: u16,
    received: Arc<Mutex<Vec<ReceivedMail>>>,
    arrivals: tokio::sync::Mutex<mpsc::UnboundedReceiver<ReceivedMail>>,
}

impl TestSmtp {
    /// Starts a server on a free loopback port. The listener is bound here and handed to
    /// the server, so the port is never free for someone else to take in between.
    pub fn start() -> TestSmtp {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let port = listener.local_addr().expect("bound address").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let (arrived, arrivals) = mpsc::unbounded_channel();
        let collector = Collector {
            received: Arc::clone(&received),
            arrived,
            from: String::new(),
            to: Vec::new(),
            data: Vec::new(),
        };
        std::thread::Builder::new()
            .name(format!("test-smtp-{port}"))
            .spawn(move || {
                let mut server = Server::new(collector);
                server
                    .with_name("test-smtp.localhost")
                    .with_num_threads(2)
                    .with_tcp_listener(listener);
                // serve() runs until the process ends; its error is not Send, so only
                // its text leaves this thread.
                if let Err(error) = server.serve() {
                    eprintln!("test SMTP server on port {port} stopped: {error}");
                }
            })
            .expect("spawn the SMTP server thread");
        TestSmtp {
            port,
            received,
            arrivals: tokio::sync::Mutex::new(arrivals),
        }
    }

    /// `smtp://127.0.0.1:<port>`, the way `DEALER_SMTP_URL` names this server.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The next message not yet returned by this method, waiting up to `timeout`.
    pub async fn next_message(&self, timeout: Duration) -> Option<ReceivedMail> {
        let mut arrivals = self.arrivals.lock().await;
        tokio::time::timeout(timeout, arrivals.recv())
            .await
            .ok()
            .flatten()
    }

    /// Every message accepted so far, oldest first.
    pub fn messages(&self) -> Vec<ReceivedMail> {
        self.received.lock().expect("not poisoned").clone()
    }
}

/// mailin's per-connection handler (cloned for each connection).
#[derive(Clone)]
struct Collector {
    received: Arc<Mutex<Vec<ReceivedMail>>>,
    arrived: mpsc::UnboundedSender<ReceivedMail>,
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Collector {
    fn mail(&mut self, _ip: IpAddr, _domain: &str, from: &str) -> Response {
        self.from = from.to_owned();
        self.to.clear();
        self.data.clear();
        response::OK
    }

    fn rcpt(&mut self, to: &str) -> Response {
        let local = to.trim_matches(['<', '>']).split('@').next().unwrap_or("");
        match local {
            "reject" => response::NO_MAILBOX,
            "defer" => response::INTERNAL_ERROR,
            _ => response::OK,
        }
    }

    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.from = from.to_owned();
        self.to = to.to_vec();
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let mail = ReceivedMail {
            from: std::mem::take(&mut self.from),
            to: std::mem::take(&mut self.to),
            raw: String::from_utf8_lossy(&std::mem::take(&mut self.data)).into_owned(),
        };
        // Recorded before the 250 reply goes out: once the sender's `send` returns Ok,
        // `messages()` already holds the mail.
        self.received
            .lock()
            .expect("not poisoned")
            .push(mail.clone());
        let _ = self.arrived.send(mail);
        response::OK
    }
}

impl ReceivedMail {
    /// The header block, unfolded, as (name, value) pairs in order.
    pub fn headers(&self) -> Vec<(String, String)> {
        let (head, _) = split_message(&self.raw);
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in head.lines() {
            if line.starts_with([' ', '\t']) {
                if let Some((_, value)) = headers.last_mut() {
                    value.push_str(line);
                }
            } else if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_owned(), value.trim().to_owned()));
            }
        }
        headers
    }

    /// The first header with this name (case-insensitive), raw (still RFC 2047 encoded).
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers()
            .into_iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// The decoded `Subject`, or "" when there is none.
    pub fn subject(&self) -> String {
        self.header("Subject")
            .map(|s| decode_encoded_words(&s))
            .unwrap_or_default()
    }

    /// The decoded text body with `\n` line ends (7bit, 8bit, quoted-printable or base64).
    /// The CRLF lettre always writes before the terminating `.` is SMTP framing, not text.
    pub fn body_text(&self) -> String {
        let (_, body) = split_message(&self.raw);
        let body = body.strip_suffix("\r\n").unwrap_or(body);
        let encoding = self
            .header("Content-Transfer-Encoding")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let bytes = match encoding.as_str() {
            "quoted-printable" => decode_quoted_printable(body),
            "base64" => decode_base64(body),
            _ => body.as_bytes().to_vec(),
        };
        String::from_utf8_lossy(&bytes).replace("\r\n", "\n")
    }
}

fn split_message(raw: &str) -> (&str, &str) {
    raw.split_once("\r\n\r\n")
        .or_else(|| raw.split_once("\n\n"))
        .unwrap_or((raw, ""))
}

fn decode_quoted_printable(text: &str) -> Vec<u8> {
    let text = text.replace("=\r\n", "").replace("=\n", "");
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

fn decode_base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let sextets: Vec<u8> = text.bytes().filter_map(value).collect();
    let mut out = Vec::with_capacity(sextets.len() * 3 / 4);
    for chunk in sextets.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &s)| n | (u32::from(s) << (18 - 6 * i)));
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

/// Decodes RFC 2047 `=?utf-8?b?...?=` / `=?utf-8?q?...?=` words; other text is kept.
fn decode_encoded_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    let mut last_was_word = false;
    while let Some(start) = rest.find("=?") {
        let (before, candidate) = rest.split_at(start);
        let word = candidate[2..].split_once("?=").and_then(|(inner, after)| {
            let mut parts = inner.splitn(3, '?');
            let (_charset, encoding, text) = (parts.next()?, parts.next()?, parts.next()?);
            let bytes = match encoding {
                "b" | "B" => decode_base64(text),
                "q" | "Q" => decode_quoted_printable(&text.replace('_', " ")),
                _ => return None,
            };
            Some((String::from_utf8_lossy(&bytes).into_owned(), after))
        });
        match word {
            Some((decoded, after)) => {
                // Whitespace between two encoded words is not part of the text.
                if !(last_was_word && before.trim().is_empty()) {
                    out.push_str(before);
                }
                out.push_str(&decoded);
                rest = after;
                last_was_word = true;
            }
            None => {
                out.push_str(&rest[..start + 2]);
                rest = &rest[start + 2..];
                last_was_word = false;
            }
        }
    }
    out.push_str(rest);
    out
}
