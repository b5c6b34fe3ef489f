//! Reading `DEALER_SMTP_URL`: which server, how the connection is protected, and the
//! credentials. Plain SMTP is for a relay on this machine only; anything that leaves the
//! machine goes over STARTTLS or implicit TLS.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr};

use percent_encoding::percent_decode_str;
use url::{Host, Url};

/// Why `DEALER_SMTP_URL` or the sender address cannot be used. No variant carries the URL
/// itself or its credentials, so the error can be logged as it is.
#[derive(Debug, thiserror::Error)]
pub enum MailConfigError {
    #[error("DEALER_SMTP_URL is not a valid URL ({0})")]
    InvalidUrl(url::ParseError),
    #[error(
        "DEALER_SMTP_URL has the scheme {0:?}: use smtp:// (loopback relay only), smtp+starttls:// or smtps://"
    )]
    UnsupportedScheme(String),
    #[error("DEALER_SMTP_URL names no host")]
    MissingHost,
    #[error(
        "plain smtp:// is allowed only to a loopback host (127.0.0.0/8, ::1, localhost), not {0:?}: use smtp+starttls:// or smtps://"
    )]
    PlainToRemoteHost(String),
    #[error(
        "plain smtp:// never carries credentials: use smtp+starttls:// or smtps:// to sign in to the server"
    )]
    CredentialsOverPlain,
    #[error("DEALER_SMTP_URL credentials need both a user name and a password")]
    IncompleteCredentials,
    #[error("DEALER_SMTP_URL credentials are not valid percent-encoded UTF-8")]
    CredentialsNotUtf8,
    #[error("DEALER_SMTP_URL takes no path or query (only scheme, credentials, host and port)")]
    UnexpectedPathOrQuery,
    #[error("the sender address is not a valid mailbox ({0})")]
    InvalidFrom(lettre::address::AddressError),
    #[error("cannot set up TLS for the SMTP server ({0})")]
    Tls(lettre::transport::smtp::Error),
    #[error("this build has no TLS for mail: use smtp:// to a loopback relay")]
    TlsNotBuilt,
}

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Security {
    /// `smtp://`: no TLS; loopback hosts only.
    Plain,
    /// `smtp+starttls://`: STARTTLS is required before anything else is sent.
    StartTls,
    /// `smtps://`: TLS from the first byte.
    ImplicitTls,
}

impl Security {
    pub(crate) fn scheme(self) -> &'static str {
        match self {
            Security::Plain => "smtp",
            Security::StartTls => "smtp+starttls",
            Security::ImplicitTls => "smtps",
        }
    }

    fn default_port(self) -> u16 {
        match self {
            Security::Plain => 25,
            Security::StartTls => 587,
            Security::ImplicitTls => 465,
        }
    }
}

/// User name and password for SMTP AUTH, percent-decoded. Debug shows neither.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Login {
    pub(crate) user: String,
    pub(crate) password: String,
}

impl fmt::Debug for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Login(***)")
    }
}

/// A parsed `DEALER_SMTP_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Endpoint {
    pub(crate) security: Security,
    /// Host name or IP address as the socket layer wants it (IPv6 without brackets).
    pub(crate) host: String,
    pub(crate) port: u16,
    pub(crate) login: Option<Login>,
}

impl Endpoint {
    pub(crate) fn parse(text: &str) -> Result<Endpoint, MailConfigError> {
        let url = Url::parse(text).map_err(MailConfigError::InvalidUrl)?;
        let security = match url.scheme() {
            "smtp" => Security::Plain,
            "smtp+starttls" => Security::StartTls,
            "smtps" => Security::ImplicitTls,
            other => return Err(MailConfigError::UnsupportedScheme(other.to_owned())),
        };
        if !matches!(url.path(), "" | "/") || url.query().is_some() || url.fragment().is_some() {
            return Err(MailConfigError::UnexpectedPathOrQuery);
        }
        let (host, loopback) = match url.host() {
            None => return Err(MailConfigError::MissingHost),
            Some(Host::Domain("")) => return Err(MailConfigError::MissingHost),
            // `smtp` is not a special URL scheme, so an IPv4 literal arrives as a "domain".
            Some(Host::Domain(name)) => match name.parse::<Ipv4Addr>() {
                Ok(ip) => (ip.to_string(), ip.is_loopback()),
                Err(_) => (name.to_owned(), name.eq_ignore_ascii_case("localhost")),
            },
            Some(Host::Ipv4(ip)) => (ip.to_string(), ip.is_loopback()),
            Some(Host::Ipv6(ip)) => (ip.to_string(), IpAddr::V6(ip).is_loopback()),
        };
        let login = login(&url)?;
        if security == Security::Plain {
            if !loopback {
                return Err(MailConfigError::PlainToRemoteHost(host));
            }
            if login.is_some() {
                return Err(MailConfigError::CredentialsOverPlain);
            }
        }
        Ok(Endpoint {
            security,
            port: url.port().unwrap_or(security.default_port()),
            host,
            login,
        })
    }
}

fn login(url: &Url) -> Result<Option<Login>, MailConfigError> {
    let decode = |raw: &str| {
        percent_decode_str(raw)
            .decode_utf8()
            .map(|s| s.into_owned())
            .map_err(|_| MailConfigError::CredentialsNotUtf8)
    };
    match (url.username(), url.password()) {
        ("", None) => Ok(None),
        (user, Some(password)) if !user.is_empty() && !password.is_empty() => Ok(Some(Login {
            user: decode(user)?,
            password: decode(password)?,
        })),
        _ => Err(MailConfigError::IncompleteCredentials),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Endpoint, MailConfigError> {
        Endpoint::parse(text)
    }

    #[test]
    fn plain_smtp_is_accepted_for_every_loopback_spelling() {
        for (url, host) in [
            ("smtp://127.0.0.1:2525", "127.0.0.1"),
            ("smtp://127.45.6.7:2525", "127.45.6.7"),
            ("smtp://[::1]:2525", "::1"),
            ("smtp://localhost:2525", "localhost"),
            ("smtp://LocalHost:2525", "LocalHost"),
        ] {
            let endpoint = parse(url).unwrap_or_else(|e| panic!("{url} is loopback: {e}"));
            assert_eq!(endpoint.security, Security::Plain);
            assert_eq!(endpoint.host, host, "the socket layer needs a bare host");
            assert_eq!(endpoint.port, 2525);
        }
    }

    #[test]
    fn plain_smtp_is_refused_for_hosts_off_this_machine() {
        for url in [
            "smtp://mail.example.com",
            "smtp://10.0.0.1:25",
            "smtp://[2001:db8::1]:25",
            "smtp://[::ffff:127.0.0.1]:25",
            "smtp://localhost.example.com",
            "smtp://127.0.0.1.example.com",
            "smtp://0.0.0.0",
        ] {
            assert!(
                matches!(parse(url), Err(MailConfigError::PlainToRemoteHost(_))),
                "{url} would send mail in clear text over the network"
            );
        }
    }

    #[test]
    fn tls_schemes_take_their_standard_ports_and_decoded_credentials() {
        let starttls =
            parse("smtp+starttls://mailer%40dealer.test:p%40ss%3Aw%2Frd@smtp.example.com")
                .expect("valid STARTTLS URL");
        assert_eq!(starttls.security, Security::StartTls);
        assert_eq!(starttls.port, 587);
        assert_eq!(
            starttls.login,
            Some(Login {
                user: "mailer@dealer.test".into(),
                password: "p@ss:w/rd".into()
            }),
            "credentials are percent-decoded"
        );

        let implicit = parse("smtps://u:p@smtp.example.com").expect("valid smtps URL");
        assert_eq!(implicit.security, Security::ImplicitTls);
        assert_eq!(implicit.port, 465);
        assert_eq!(implicit.host, "smtp.example.com");
    }

    #[test]
    fn malformed_urls_are_refused_without_echoing_secrets() {
        let cases = [
            ("http://u:hunter2secret@example.com", "scheme"),
            ("smtp://u:hunter2secret@127.0.0.1", "credentials"),
            ("smtps://:hunter2secret@example.com", "user name"),
            ("smtps://u@example.com", "password"),
            (
                "smtps://u:hunter2secret@example.com/ehlo?tls=required",
                "path",
            ),
            ("smtps://u:hunter2secret%FF@example.com", "UTF-8"),
            ("smtps://u:hunter2secret@", "host"),
            ("not a url hunter2secret", "not a valid URL"),
        ];
        for (url, says) in cases {
            let error = parse(url).expect_err(url).to_string();
            assert!(
                error.contains(says),
                "{url}: {error:?} should mention {says}"
            );
            assert!(
                !error.contains("hunter2secret"),
                "{url}: error leaks the password"
            );
        }
    }

    #[test]
    fn login_debug_hides_both_parts() {
        let login = Login {
            user: "mailer".into(),
            password: "hunter2secret".into(),
        };
        let shown = format!("{login:?}");
        assert!(!shown.contains("hunter2secret") && !shown.contains("mailer"));
    }
}
