//! The SMTP side of the mail outbox: one [`Mail`] handed to the configured server by
//! [`SmtpMailer`], and the [`backoff`] between attempts.
//!
//! The outbox retries only what [`SendError::is_transient`] says may succeed later
//! (connection trouble, 4xx replies, the server refusing our credentials) and gives up on
//! the rest (5xx replies to the message, a malformed recipient or subject).
//!
//! A mail body may carry a single-use code: it is never logged, and neither [`Mail`]'s nor
//! [`SmtpMailer`]'s `Debug` shows it or the SMTP credentials.

mod endpoint;

use std::fmt;
use std::time::Duration;

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox, Message};
use lettre::transport::smtp::AsyncSmtpTransportBuilder;
use lettre::transport::smtp::authentication::Credentials;
#[cfg(feature = "mail-tls")]
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

pub use endpoint::MailConfigError;
use endpoint::{Endpoint, Security};

/// How long one SMTP step (connect, one command, its reply) may take.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(15);
/// How long a whole delivery may take, however many steps it has.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(60);

/// Waits of the retry loop: the first retry after this, doubling each time…
const FIRST_RETRY_SECS: i64 = 30;
/// …up to this.
const MAX_RETRY_SECS: i64 = 60 * 60;

/// The connection's protection as `endpoint` asks for it.
#[cfg(feature = "mail-tls")]
fn with_security(
    builder: AsyncSmtpTransportBuilder,
    endpoint: &Endpoint,
) -> Result<AsyncSmtpTransportBuilder, MailConfigError> {
    let tls = || TlsParameters::new(endpoint.host.clone()).map_err(MailConfigError::Tls);
    Ok(match endpoint.security {
        Security::Plain => builder.tls(Tls::None),
        Security::StartTls => builder.tls(Tls::Required(tls()?)),
        Security::ImplicitTls => builder.tls(Tls::Wrapper(tls()?)),
    })
}

/// A build without TLS for mail: only a plain loopback relay (which `builder_dangerous`
/// already is).
#[cfg(not(feature = "mail-tls"))]
fn with_security(
    builder: AsyncSmtpTransportBuilder,
    endpoint: &Endpoint,
) -> Result<AsyncSmtpTransportBuilder, MailConfigError> {
    match endpoint.security {
        Security::Plain => Ok(builder),
        Security::StartTls | Security::ImplicitTls => Err(MailConfigError::TlsNotBuilt),
    }
}

/// Whether `from` can be the sender of the portal's mail (`no-reply@example.com` or
/// `Name <no-reply@example.com>`).
pub fn valid_sender(from: &str) -> bool {
    from.parse::<Mailbox>().is_ok()
}

/// One plain-text message to one recipient.
#[derive(Clone, PartialEq, Eq)]
pub struct Mail {
    /// One address, `user@example.com` or `Name <user@example.com>`.
    pub to: String,
    pub subject: String,
    pub text: String,
}

impl fmt::Debug for Mail {
    /// The body is left out: it may carry a single-use code.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mail")
            .field("to", &self.to)
            .field("subject", &self.subject)
            .field("text", &format_args!("<{} bytes>", self.text.len()))
            .finish()
    }
}

/// Why a mail was not delivered, and whether trying again may help.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("the recipient is not a valid email address ({0})")]
    InvalidRecipient(lettre::address::AddressError),
    #[error("the subject contains a line break or another control character")]
    InvalidSubject,
    #[error("the message could not be built ({0})")]
    InvalidMessage(lettre::error::Error),
    /// A 5xx reply to the sender, a recipient or the message.
    #[error("the SMTP server refused the message ({0})")]
    Rejected(lettre::transport::smtp::Error),
    /// A 4xx reply: the server asks us to come back later.
    #[error("the SMTP server deferred the message ({0})")]
    Deferred(lettre::transport::smtp::Error),
    /// The server refused the portal's credentials: the configuration needs fixing, the
    /// mail itself is fine, so it is kept for a later attempt.
    #[error("the SMTP server refused the portal's credentials ({0})")]
    AuthFailed(lettre::transport::smtp::Error),
    /// Connecting, TLS, or the conversation itself failed.
    #[error("could not talk to the SMTP server ({0})")]
    Connection(lettre::transport::smtp::Error),
    #[error("the SMTP server did not finish within {0:?}")]
    TimedOut(Duration),
}

impl SendError {
    /// Trying again later cannot help: the outbox should mark the mail failed.
    pub fn is_permanent(&self) -> bool {
        matches!(
            self,
            SendError::InvalidRecipient(_)
                | SendError::InvalidSubject
                | SendError::InvalidMessage(_)
                | SendError::Rejected(_)
        )
    }

    /// The outbox should try again after [`backoff`].
    pub fn is_transient(&self) -> bool {
        !self.is_permanent()
    }

    fn from_smtp(error: lettre::transport::smtp::Error) -> SendError {
        // 530 authentication required, 534 mechanism too weak, 535 invalid credentials,
        // 538 encryption required for the mechanism.
        let code = error.status().map(u16::from);
        if matches!(code, Some(530 | 534 | 535 | 538)) {
            SendError::AuthFailed(error)
        } else if error.is_permanent() {
            SendError::Rejected(error)
        } else if error.is_transient() {
            SendError::Deferred(error)
        } else {
            SendError::Connection(error)
        }
    }
}

/// Sends [`Mail`] through the SMTP server named by `DEALER_SMTP_URL`. Cheap to clone; each
/// [`send`](SmtpMailer::send) opens its own connection.
#[derive(Clone)]
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    endpoint: Endpoint,
}

impl fmt::Debug for SmtpMailer {
    /// Shows where mail goes, never the credentials.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpMailer")
            .field("scheme", &self.endpoint.security.scheme())
            .field("host", &self.endpoint.host)
            .field("port", &self.endpoint.port)
            .field("authenticated", &self.endpoint.login.is_some())
            .field("from", &self.from.to_string())
            .finish()
    }
}

impl SmtpMailer {
    /// Builds a mailer from `DEALER_SMTP_URL` and the sender address (`from`, which may
    /// carry a display name: `Dealer Access <no-reply@example.com>`).
    ///
    /// - `smtp://host:port`: no TLS; refused unless the host is loopback
    ///   (127.0.0.0/8, `::1`, `localhost`), and never with credentials.
    /// - `smtp+starttls://user:pass@host:587`: STARTTLS required before anything is sent.
    /// - `smtps://user:pass@host:465`: implicit TLS.
    ///
    /// Credentials are percent-decoded (`p%40ss` is `p@ss`). Certificates are checked
    /// against the bundled web PKI roots. No error shows the URL or its credentials.
    pub fn from_url(url: &str, from: &str) -> Result<Self, MailConfigError> {
        let endpoint = Endpoint::parse(url)?;
        let from: Mailbox = from.parse().map_err(MailConfigError::InvalidFrom)?;

        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&endpoint.host)
            .port(endpoint.port)
            .timeout(Some(COMMAND_TIMEOUT));
        builder = with_security(builder, &endpoint)?;
        if let Some(login) = &endpoint.login {
            builder =
                builder.credentials(Credentials::new(login.user.clone(), login.password.clone()));
        }

        Ok(SmtpMailer {
            transport: builder.build(),
            from,
            endpoint,
        })
    }

    /// Hands one mail to the SMTP server. `Ok` means the server accepted it for delivery.
    pub async fn send(&self, mail: &Mail) -> Result<(), SendError> {
        let message = self.message(mail)?;
        match tokio::time::timeout(SEND_TIMEOUT, self.transport.send(message)).await {
            Ok(Ok(_response)) => {
                tracing::debug!(
                    smtp_host = %self.endpoint.host,
                    "mail accepted by the SMTP server"
                );
                Ok(())
            }
            Ok(Err(error)) => Err(SendError::from_smtp(error)),
            Err(_elapsed) => Err(SendError::TimedOut(SEND_TIMEOUT)),
        }
    }

    /// The message as it goes on the wire. Headers come only from lettre's typed builder;
    /// the subject is checked here as well, so a line break can never start a header.
    fn message(&self, mail: &Mail) -> Result<Message, SendError> {
        let to: Mailbox = mail
            .to
            .trim()
            .parse()
            .map_err(SendError::InvalidRecipient)?;
        if mail.subject.chars().any(|c| c.is_control() && c != '\t') {
            return Err(SendError::InvalidSubject);
        }
        // Plain ASCII with short lines travels as-is (7bit); anything else as
        // quoted-printable, which every server and reader takes.
        let body = Body::new_with_encoding(mail.text.clone(), ContentTransferEncoding::SevenBit)
            .unwrap_or_else(|_| {
                Body::new_with_encoding(mail.text.clone(), ContentTransferEncoding::QuotedPrintable)
                    .unwrap_or_else(|_| Body::new(mail.text.clone()))
            });
        Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject.as_str())
            .message_id(None)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(SendError::InvalidMessage)
    }
}

/// How long the outbox waits before attempt number `attempt + 1`, after `attempt` failed
/// attempts: 30 s, 1 min, 2 min, 4 min … doubling, capped at 1 hour. `0` counts as `1`.
pub fn backoff(attempt: u32) -> chrono::Duration {
    let doublings = attempt.saturating_sub(1).min(16);
    let secs = FIRST_RETRY_SECS
        .saturating_mul(1 << doublings)
        .min(MAX_RETRY_SECS);
    chrono::Duration::seconds(secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mailer() -> SmtpMailer {
        SmtpMailer::from_url(
            "smtp://127.0.0.1:2525",
            "Dealer Access <no-reply@dealer.test>",
        )
        .expect("loopback relay")
    }

    #[test]
    fn backoff_doubles_from_thirty_seconds_and_stops_at_an_hour() {
        let secs: Vec<i64> = (1..=9).map(|n| backoff(n).num_seconds()).collect();
        assert_eq!(secs, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(backoff(0), backoff(1), "attempt 0 is treated as the first");
        assert_eq!(
            backoff(u32::MAX).num_seconds(),
            3600,
            "huge attempt counts neither overflow nor exceed the cap"
        );
    }

    #[test]
    fn ascii_bodies_go_as_7bit_and_others_as_quoted_printable() {
        let mail = |text: &str| Mail {
            to: "pat@dealer.test".into(),
            subject: "Hello".into(),
            text: text.into(),
        };
        let ascii =
            String::from_utf8(mailer().message(&mail("code 123456")).unwrap().formatted()).unwrap();
        assert!(ascii.contains("Content-Transfer-Encoding: 7bit"), "{ascii}");
        let accented =
            String::from_utf8(mailer().message(&mail("José: 123456")).unwrap().formatted())
                .unwrap();
        assert!(
            accented.contains("Content-Transfer-Encoding: quoted-printable"),
            "{accented}"
        );
    }

    #[test]
    fn mail_debug_leaves_out_the_body() {
        let mail = Mail {
            to: "pat@dealer.test".into(),
            subject: "Your enrollment code".into(),
            text: "Your code is 918273".into(),
        };
        assert!(!format!("{mail:?}").contains("918273"));
    }

    #[test]
    fn invalid_recipients_are_permanent_failures() {
        for to in [
            "",
            "not an address",
            "a@b.test, c@d.test",
            "x@y.test\r\nBcc: z@w.test",
        ] {
            let mail = Mail {
                to: to.into(),
                subject: "s".into(),
                text: "t".into(),
            };
            let error = mailer().message(&mail).expect_err(to);
            assert!(
                matches!(error, SendError::InvalidRecipient(_)) && error.is_permanent(),
                "{to:?} must never reach the server"
            );
        }
    }
}
