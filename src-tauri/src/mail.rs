//! Mail from the built-in portal: the SMTP server a dealership running Dealer Access on its
//! own computer sends through (its enrollment codes, registration receipts, lock notices).
//! The server's address, port, protection, user name and sender live in `settings.json`;
//! the password only in the OS keychain (service `dealer-access`, account
//! `smtp/<host>/<user>`). Until mail is set up, mail waits in the portal's outbox.

use dealer_api::{ErrorCode, FieldError};
use dealer_portal::mail::SmtpMailer;
use serde::{Deserialize, Serialize};

use crate::CommandError;
use crate::keychain::Slot;

dealer_core::text_enum! {
    /// How the connection to the SMTP server is protected.
    #[derive(ts_rs::TS)]
    #[ts(export, export_to = "app/")]
    pub enum MailSecurity {
        /// STARTTLS on the submission port (587): the usual choice.
        Starttls = "starttls",
        /// TLS from the first byte (465).
        Tls = "tls",
        /// No TLS: only to a relay on this computer (127.0.0.1, localhost).
        None = "none",
    }
}

/// The SMTP server, as the office manager sets it in Settings → Mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export, export_to = "app/")]
#[serde(deny_unknown_fields)]
pub struct MailSettings {
    pub host: String,
    pub port: u16,
    pub security: MailSecurity,
    /// The user name to sign in to the server with; empty for none.
    pub user: String,
    /// The sender address: `no-reply@dealership.example` or `Lakeside Motors <…>`.
    pub from: String,
}

fn field(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

impl MailSettings {
    /// The keychain entry of the password: one per server and user name.
    pub fn password_slot(&self) -> Slot {
        Slot::for_account(format!(
            "smtp/{}/{}",
            self.host.trim().to_ascii_lowercase(),
            self.user.trim()
        ))
    }

    /// Every problem at once, by field, before anything is saved or sent. `password` is
    /// whether a password is given or kept.
    pub fn check(&self, password: bool) -> Result<(), CommandError> {
        let mut problems = Vec::new();
        let host = self.host.trim();
        if host.is_empty() || host.contains(['/', ' ', '@', ':']) && !host.starts_with('[') {
            problems.push(field(
                "host",
                "Enter the SMTP server's name, like smtp.example.com.",
            ));
        }
        if self.port == 0 {
            problems.push(field(
                "port",
                "Enter the port: 587 for STARTTLS, 465 for TLS.",
            ));
        }
        let loopback = matches!(
            host.to_ascii_lowercase().as_str(),
            "localhost" | "::1" | "[::1]"
        ) || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback());
        if self.security == MailSecurity::None && !loopback {
            problems.push(field(
                "security",
                "Without TLS, mail can only go to a relay on this computer (127.0.0.1). Choose STARTTLS or TLS.",
            ));
        }
        let user = !self.user.trim().is_empty();
        if user && !password {
            problems.push(field("password", "Enter the password for this user name."));
        }
        if user && self.security == MailSecurity::None {
            problems.push(field(
                "user",
                "A password is never sent without TLS. Choose STARTTLS or TLS, or leave the user name empty.",
            ));
        }
        if !dealer_portal::mail::valid_sender(self.from.trim()) {
            problems.push(field(
                "from",
                "Enter the sender address, like no-reply@your-dealership.com.",
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            let mut body = dealer_api::ErrorBody::new(
                ErrorCode::InvalidForm,
                "Please correct the mail settings.",
            );
            body.fields = problems;
            Err(CommandError(body))
        }
    }

    /// A mailer for these settings with `password` (checked first).
    pub fn mailer(&self, password: Option<&str>) -> Result<SmtpMailer, CommandError> {
        self.check(password.is_some())?;
        let scheme = match self.security {
            MailSecurity::Starttls => "smtp+starttls",
            MailSecurity::Tls => "smtps",
            MailSecurity::None => "smtp",
        };
        let mut url = url::Url::parse(&format!("{scheme}://{}:{}", self.host.trim(), self.port))
            .map_err(|_| {
                CommandError::new(
                    ErrorCode::InvalidForm,
                    "The SMTP server's name is not valid.",
                )
            })?;
        if !self.user.trim().is_empty() {
            let set = url
                .set_username(self.user.trim())
                .and_then(|()| url.set_password(password));
            if set.is_err() {
                return Err(CommandError::new(
                    ErrorCode::InvalidForm,
                    "The user name cannot be used with this server.",
                ));
            }
        }
        SmtpMailer::from_url(url.as_str(), self.from.trim()).map_err(|e| {
            CommandError::new(
                ErrorCode::InvalidForm,
                format!("These mail settings cannot be used: {e}"),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> MailSettings {
        MailSettings {
            host: "smtp.example.com".into(),
            port: 587,
            security: MailSecurity::Starttls,
            user: "mailer@lakeside.example".into(),
            from: "Lakeside Motors <no-reply@lakeside.example>".into(),
        }
    }

    fn fields(err: CommandError) -> Vec<String> {
        err.0.fields.into_iter().map(|f| f.field).collect()
    }

    #[test]
    fn a_complete_server_builds_a_mailer_and_its_password_has_its_own_keychain_entry() {
        let s = settings();
        assert!(
            s.mailer(Some("p@ss:w/rd")).is_ok(),
            "any password character works"
        );
        assert_eq!(
            s.password_slot().account(),
            "smtp/smtp.example.com/mailer@lakeside.example"
        );
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let bad = MailSettings {
            host: String::new(),
            port: 0,
            security: MailSecurity::Starttls,
            user: "mailer".into(),
            from: "not an address".into(),
        };
        assert_eq!(
            fields(bad.check(false).unwrap_err()),
            ["host", "port", "password", "from"]
        );
    }

    #[test]
    fn no_tls_only_to_this_computer_and_never_with_a_password() {
        let mut plain = settings();
        plain.security = MailSecurity::None;
        assert_eq!(
            fields(plain.check(true).unwrap_err()),
            ["security", "user"],
            "a password would cross the network in clear"
        );
        plain.host = "127.0.0.1".into();
        plain.user = String::new();
        assert!(plain.mailer(None).is_ok(), "a relay on this computer");
    }
}
