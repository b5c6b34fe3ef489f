//! The HTTP client: reqwest with rustls only, timeouts on every request, and the portal's
//! `{code, message}` errors as a typed error.

use std::time::Duration;

use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use thiserror::Error;
use url::Url;

use crate::wire::{ErrorBody, Health, HelpDeskInfo, Me, Ready, SessionInfo, SignIn, SignedIn};

#[derive(Debug, Error)]
pub enum ClientError {
    /// The portal answered with an error body.
    #[error("{message}")]
    Api {
        status: u16,
        code: String,
        message: String,
    },
    #[error("The portal at {0} cannot be reached. Check the network connection and try again.")]
    Unreachable(String),
    #[error("The portal did not answer in time. Try again in a moment.")]
    Timeout,
    #[error("Portal address {0:?} is not valid: {1}")]
    InvalidUrl(String, String),
    #[error("The portal sent an answer this app does not understand ({0})")]
    Protocol(String),
}

impl ClientError {
    /// The stable machine code, the same set the portal uses plus the client's own.
    pub fn code(&self) -> &str {
        match self {
            ClientError::Api { code, .. } => code,
            ClientError::Unreachable(_) => "unreachable",
            ClientError::Timeout => "timeout",
            ClientError::InvalidUrl(..) => "invalid_portal_url",
            ClientError::Protocol(_) => "protocol",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
}

impl Client {
    /// A client of the portal at `base`. Only `https://` is accepted, except plain `http://`
    /// to a loopback address (the app's embedded portal, tests).
    pub fn new(base: &str) -> Result<Self, ClientError> {
        let invalid = |why: &str| ClientError::InvalidUrl(base.to_owned(), why.to_owned());
        let mut url = Url::parse(base).map_err(|e| invalid(&e.to_string()))?;
        let loopback = match url.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
            None => false,
        };
        match url.scheme() {
            "https" => {}
            "http" if loopback => {}
            "http" => {
                return Err(invalid(
                    "use https:// (plain http is only allowed on this computer)",
                ));
            }
            _ => return Err(invalid("the address must start with https://")),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(invalid(
                "the address must not contain a user name or password",
            ));
        }
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(20))
            .https_only(!loopback)
            .user_agent(concat!("dealer-access/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ClientError::Protocol(e.to_string()))?;
        Ok(Client { http, base: url })
    }

    pub fn base_url(&self) -> &Url {
        &self.base
    }

    fn url(&self, path: &str) -> Result<Url, ClientError> {
        self.base
            .join(path)
            .map_err(|e| ClientError::InvalidUrl(path.to_owned(), e.to_string()))
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ClientError> {
        let request = self.http.get(self.url(path)?);
        self.send(request).await
    }

    async fn send<T: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<T, ClientError> {
        let bytes = self.send_raw(request).await?;
        serde_json::from_slice(&bytes).map_err(|e| ClientError::Protocol(e.to_string()))
    }

    /// Send; a success body is returned as is (empty for 204), an error becomes
    /// [`ClientError::Api`].
    async fn send_raw(&self, request: reqwest::RequestBuilder) -> Result<Vec<u8>, ClientError> {
        let response = request.send().await.map_err(|e| self.transport_error(e))?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| self.transport_error(e))?;
        if status.is_success() {
            Ok(bytes.to_vec())
        } else {
            Err(api_error(status, &bytes))
        }
    }

    fn authed(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
    ) -> Result<reqwest::RequestBuilder, ClientError> {
        Ok(self
            .http
            .request(method, self.url(path)?)
            .bearer_auth(token))
    }

    fn transport_error(&self, err: reqwest::Error) -> ClientError {
        if err.is_timeout() {
            ClientError::Timeout
        } else if err.is_connect() || err.is_request() {
            ClientError::Unreachable(self.base.to_string())
        } else {
            ClientError::Protocol(err.to_string())
        }
    }

    /// `GET /api/v1/health`
    pub async fn health(&self) -> Result<Health, ClientError> {
        self.get("api/v1/health").await
    }

    /// `GET /api/v1/ready`
    pub async fn ready(&self) -> Result<Ready, ClientError> {
        self.get("api/v1/ready").await
    }

    /// `GET /api/v1/help-desk/info`
    pub async fn help_desk_info(&self) -> Result<HelpDeskInfo, ClientError> {
        self.get("api/v1/help-desk/info").await
    }

    /// `POST /api/v1/sessions`: sign in. The token in the answer is shown only this once.
    pub async fn sign_in(&self, user_id: &str, password: &str) -> Result<SignedIn, ClientError> {
        let body = SignIn {
            user_id: user_id.to_owned(),
            password: password.to_owned(),
        };
        let request = self.http.post(self.url("api/v1/sessions")?).json(&body);
        self.send(request).await
    }

    /// `DELETE /api/v1/sessions/current`: sign out (the token stops working).
    pub async fn sign_out(&self, token: &str) -> Result<(), ClientError> {
        self.send_raw(self.authed(reqwest::Method::DELETE, "api/v1/sessions/current", token)?)
            .await
            .map(drop)
    }

    /// `GET /api/v1/me`
    pub async fn me(&self, token: &str) -> Result<Me, ClientError> {
        self.send(self.authed(reqwest::Method::GET, "api/v1/me", token)?)
            .await
    }

    /// `GET /api/v1/sessions`: my live sessions.
    pub async fn sessions(&self, token: &str) -> Result<Vec<SessionInfo>, ClientError> {
        self.send(self.authed(reqwest::Method::GET, "api/v1/sessions", token)?)
            .await
    }
}

fn api_error(status: StatusCode, body: &[u8]) -> ClientError {
    match serde_json::from_slice::<ErrorBody>(body) {
        Ok(ErrorBody { code, message }) => ClientError::Api {
            status: status.as_u16(),
            code,
            message,
        },
        Err(_) => ClientError::Api {
            status: status.as_u16(),
            code: "http_error".into(),
            message: format!("The portal answered {status}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_is_refused_except_to_this_computer() {
        assert!(Client::new("https://portal.example.com").is_ok());
        assert!(Client::new("http://127.0.0.1:8787").is_ok());
        assert!(Client::new("http://localhost:8787/").is_ok());
        assert!(Client::new("http://[::1]:8787/").is_ok());
        let err = Client::new("http://portal.example.com").unwrap_err();
        assert_eq!(
            err.code(),
            "invalid_portal_url",
            "a token must never cross a network in clear"
        );
        assert!(Client::new("ftp://portal.example.com").is_err());
        assert!(Client::new("portal.example.com").is_err());
        assert!(Client::new("https://user:pw@portal.example.com").is_err());
    }

    #[test]
    fn a_base_path_is_kept_when_joining_api_paths() {
        let client = Client::new("https://example.com/dealer").unwrap();
        assert_eq!(
            client.url("api/v1/health").unwrap().as_str(),
            "https://example.com/dealer/api/v1/health"
        );
    }
}
