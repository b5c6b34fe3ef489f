//! The HTTP client: reqwest with rustls only, timeouts on every request, and the portal's
//! `{code, message}` errors as a typed error.

use std::time::Duration;

use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use thiserror::Error;
use url::Url;

mod access_reviews;
mod admin;
mod requests;

use dealer_api::{
    AskReactivation, AuditPage, AuditPageQuery, CallerMatches, CallerSearch, ChangePassword,
    CompleteReset, DealerUser, DealerUsersFilter, ErrorBody, Health, HelpDeskInfo,
    HelpDeskUnlocked, HelpDeskUser, HelpDeskVerified, HelpDeskVerify, MailState, Me, OutboxEntry,
    PasswordRules, QuestionText, ReactivationAsked, Ready, ResetAnswers, ResetQuestions,
    ResetToken, SessionInfo, SetQuestions, SignIn, SignedIn, StartReset,
};
use dealer_api::{ErrorCode, paths};
use dealer_api::{
    RecoveryCodes, RememberedDevice, TwoStepCode, TwoStepRequired, TwoStepSetup, TwoStepSignIn,
    TwoStepStatus,
};

#[derive(Debug, Error)]
pub enum ClientError {
    /// The portal answered with an error body: its code, message and whatever detail goes
    /// with the code (a form's problems, free user IDs, a request's current state).
    #[error("{}", .body.message)]
    Api {
        status: u16,
        body: ErrorBody,
        /// `Retry-After` of a 429 or 503, rounded up to whole seconds: when to try again.
        retry_after: Option<Duration>,
    },
    #[error("The portal at {0} cannot be reached. Check the network connection and try again.")]
    Unreachable(String),
    #[error(
        "The portal at {0} presented a certificate this computer does not trust ({1}). Do not sign in: ask your provider or IT to install their certificate authority on this computer, or to fix the portal's certificate."
    )]
    UntrustedCertificate(String, String),
    #[error("The portal did not answer in time. Try again in a moment.")]
    Timeout,
    #[error("Portal address {0:?} is not valid: {1}")]
    InvalidUrl(String, String),
    #[error("The portal sent an answer this app does not understand ({0})")]
    Protocol(String),
}

/// Where a sign-in stands after its password ([`Client::sign_in_step`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(untagged)]
pub enum SignInStep {
    SignedIn(Box<SignedIn>),
    /// Two-step sign-in is on: the code next, within five minutes.
    CodeNeeded(TwoStepRequired),
}

impl ClientError {
    /// The stable machine code, the same set the portal uses plus the client's own.
    pub fn code(&self) -> ErrorCode {
        match self {
            ClientError::Api { body, .. } => body.code,
            ClientError::Unreachable(_) => ErrorCode::Unreachable,
            ClientError::UntrustedCertificate(..) => ErrorCode::UntrustedCertificate,
            ClientError::Timeout => ErrorCode::Timeout,
            ClientError::InvalidUrl(..) => ErrorCode::InvalidPortalUrl,
            ClientError::Protocol(_) => ErrorCode::Protocol,
        }
    }

    /// The whole error body: the portal's, or one made for the client's own failures, so a
    /// caller hands every failure on in one shape.
    pub fn into_body(self) -> ErrorBody {
        match self {
            ClientError::Api { body, .. } => body,
            other => ErrorBody::new(other.code(), other.to_string()),
        }
    }

    /// When the portal asked to be tried again (429 and 503), if it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ClientError::Api { retry_after, .. } => *retry_after,
            _ => None,
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
        Self::build(base, None, None)
    }

    /// A client of the app's built-in portal on this computer, which answers only requests
    /// carrying `app_key` in the `x-dealer-app-key` header (dealer-portal's `app_only`).
    pub fn embedded(base: &str, app_key: &str) -> Result<Self, ClientError> {
        Self::build(base, None, Some(app_key))
    }

    /// A client whose connections leave from the local address `local`. The load test
    /// gives each simulated dealership a loopback address of its own (127.0.x.y), as real
    /// dealerships have their own addresses, so the per-address sign-in limit applies to
    /// each as it would in the field.
    pub fn with_local_address(base: &str, local: std::net::IpAddr) -> Result<Self, ClientError> {
        Self::build(base, Some(local), None)
    }

    fn build(
        base: &str,
        local: Option<std::net::IpAddr>,
        app_key: Option<&str>,
    ) -> Result<Self, ClientError> {
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
        let mut headers = reqwest::header::HeaderMap::new();
        if let Some(key) = app_key {
            let mut value = reqwest::header::HeaderValue::from_str(key)
                .map_err(|_| invalid("the app key is not a header value"))?;
            value.set_sensitive(true);
            headers.insert("x-dealer-app-key", value);
        }
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(20))
            .https_only(!loopback)
            .user_agent(concat!("dealer-access/", env!("CARGO_PKG_VERSION")))
            .local_address(local)
            .build()
            .map_err(|e| ClientError::Protocol(e.to_string()))?;
        Ok(Client { http, base: url })
    }

    pub fn base_url(&self) -> &Url {
        &self.base
    }

    /// The URL of `template` (a [`paths`] constant) with its parameters filled by
    /// `values`, each percent-encoded as one path segment, so a user ID, PDN or session ID
    /// as typed can only ever name a resource, never another route.
    fn endpoint(&self, template: &'static str, values: &[&str]) -> Result<Url, ClientError> {
        let segments = paths::fill(template, values)
            .map_err(|e| ClientError::InvalidUrl(template.to_owned(), e.to_string()))?;
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|()| {
                ClientError::InvalidUrl(self.base.to_string(), "it cannot hold a path".into())
            })?
            .pop_if_empty()
            .extend(segments);
        Ok(url)
    }

    async fn get<T: DeserializeOwned>(&self, path: &'static str) -> Result<T, ClientError> {
        let request = self.http.get(self.endpoint(path, &[])?);
        self.send(request).await
    }

    async fn send<T: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<T, ClientError> {
        let body = self.body(request).await?;
        serde_json::from_slice(&body).map_err(|e| ClientError::Protocol(e.to_string()))
    }

    /// Send; a success body is returned as is (empty for 204), an error becomes
    /// [`ClientError::Api`].
    async fn send_raw(&self, request: reqwest::RequestBuilder) -> Result<Vec<u8>, ClientError> {
        Ok(self.body(request).await?.to_vec())
    }

    /// [`Client::send_raw`]'s body in the response's own buffer, not a copy: what JSON is
    /// read from (a user list of 100 is 40 kB).
    async fn body(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<impl std::ops::Deref<Target = [u8]>, ClientError> {
        let response = request.send().await.map_err(|e| self.transport_error(e))?;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| self.transport_error(e))?;
        if status.is_success() {
            Ok(bytes)
        } else {
            Err(api_error(status, &headers, &bytes))
        }
    }

    fn authed(
        &self,
        method: reqwest::Method,
        path: &'static str,
        token: &str,
    ) -> Result<reqwest::RequestBuilder, ClientError> {
        Ok(self.authed_at(method, self.endpoint(path, &[])?, token))
    }

    fn authed_at(&self, method: reqwest::Method, url: Url, token: &str) -> reqwest::RequestBuilder {
        self.http.request(method, url).bearer_auth(token)
    }

    fn transport_error(&self, err: reqwest::Error) -> ClientError {
        if let Some(why) = certificate_problem(&err) {
            ClientError::UntrustedCertificate(self.base.to_string(), why)
        } else if err.is_timeout() {
            ClientError::Timeout
        } else if err.is_connect() || err.is_request() {
            ClientError::Unreachable(self.base.to_string())
        } else {
            ClientError::Protocol(err.to_string())
        }
    }

    /// `GET /api/v1/health`
    pub async fn health(&self) -> Result<Health, ClientError> {
        self.get(paths::HEALTH).await
    }

    /// `GET /api/v1/ready`
    pub async fn ready(&self) -> Result<Ready, ClientError> {
        self.get(paths::READY).await
    }

    /// `GET /api/v1/help-desk/info`
    pub async fn help_desk_info(&self) -> Result<HelpDeskInfo, ClientError> {
        self.get(paths::HELP_DESK_INFO).await
    }

    /// `POST /api/v1/sessions`: sign in. The token in the answer is shown only this once.
    pub async fn sign_in(&self, user_id: &str, password: &str) -> Result<SignedIn, ClientError> {
        match self.sign_in_step(user_id, password).await? {
            SignInStep::SignedIn(done) => Ok(*done),
            SignInStep::CodeNeeded(_) => Err(ClientError::Protocol(
                "two-step sign-in is on for this user ID: a code is needed".into(),
            )),
        }
    }

    /// `POST /api/v1/sessions`, for an app that can ask for a code: signed in, or (two-step
    /// sign-in on) the token for [`Client::second_step`]. [`Client::sign_in`] takes only
    /// the first answer, and finds a request for a code an answer it does not understand.
    pub async fn sign_in_step(
        &self,
        user_id: &str,
        password: &str,
    ) -> Result<SignInStep, ClientError> {
        self.sign_in_on_device(user_id, password, None).await
    }

    /// [`Client::sign_in_step`] from a computer remembered at an earlier second step
    /// (`device_token`, from the keychain): with two-step sign-in on, no code is asked while
    /// the portal still remembers it.
    pub async fn sign_in_on_device(
        &self,
        user_id: &str,
        password: &str,
        device_token: Option<&str>,
    ) -> Result<SignInStep, ClientError> {
        let body = SignIn {
            user_id: user_id.to_owned(),
            password: password.to_owned(),
            device_token: device_token.map(str::to_owned),
        };
        let request = self
            .http
            .post(self.endpoint(paths::SESSIONS, &[])?)
            .json(&body);
        self.send(request).await
    }

    /// `POST /api/v1/sessions/two-step`: the second step, with the authenticator app's code
    /// or a recovery code.
    pub async fn second_step(
        &self,
        two_step_token: &str,
        code: &str,
    ) -> Result<SignedIn, ClientError> {
        self.second_step_remembering(two_step_token, code, false)
            .await
    }

    /// [`Client::second_step`], asking the portal to remember this computer for 30 days
    /// when `remember_device`: the answer's `device_token` is for the keychain.
    pub async fn second_step_remembering(
        &self,
        two_step_token: &str,
        code: &str,
        remember_device: bool,
    ) -> Result<SignedIn, ClientError> {
        let body = TwoStepSignIn {
            two_step_token: two_step_token.to_owned(),
            code: code.to_owned(),
            remember_device: remember_device.then_some(true),
        };
        let request = self
            .http
            .post(self.endpoint(paths::SESSION_TWO_STEP, &[])?)
            .json(&body);
        self.send(request).await
    }

    /// `GET /api/v1/me/devices`: my computers that skip the code (never their tokens).
    pub async fn remembered_devices(
        &self,
        token: &str,
    ) -> Result<Vec<RememberedDevice>, ClientError> {
        self.send(self.authed(reqwest::Method::GET, paths::ME_DEVICES, token)?)
            .await
    }

    /// `DELETE /api/v1/me/devices/{id}`: forget one of my remembered computers.
    pub async fn forget_device(&self, token: &str, id: &str) -> Result<(), ClientError> {
        let url = self.endpoint(paths::ME_DEVICE, &[id])?;
        self.send_raw(self.authed_at(reqwest::Method::DELETE, url, token))
            .await
            .map(drop)
    }

    /// `GET /api/v1/me/two-step`
    pub async fn two_step_status(&self, token: &str) -> Result<TwoStepStatus, ClientError> {
        self.send(self.authed(reqwest::Method::GET, paths::ME_TWO_STEP, token)?)
            .await
    }

    /// `POST /api/v1/me/two-step`: a new secret for the authenticator app.
    pub async fn two_step_begin(&self, token: &str) -> Result<TwoStepSetup, ClientError> {
        self.send(self.authed(reqwest::Method::POST, paths::ME_TWO_STEP, token)?)
            .await
    }

    /// `POST /api/v1/me/two-step/confirm`: the first code turns it on; the recovery codes.
    pub async fn two_step_confirm(
        &self,
        token: &str,
        code: &str,
    ) -> Result<RecoveryCodes, ClientError> {
        let body = TwoStepCode {
            code: code.to_owned(),
        };
        self.send(
            self.authed(reqwest::Method::POST, paths::ME_TWO_STEP_CONFIRM, token)?
                .json(&body),
        )
        .await
    }

    /// `DELETE /api/v1/sessions/current`: sign out (the token stops working).
    pub async fn sign_out(&self, token: &str) -> Result<(), ClientError> {
        self.send_raw(self.authed(reqwest::Method::DELETE, paths::SESSION_CURRENT, token)?)
            .await
            .map(drop)
    }

    /// `GET /api/v1/me`
    pub async fn me(&self, token: &str) -> Result<Me, ClientError> {
        self.send(self.authed(reqwest::Method::GET, paths::ME, token)?)
            .await
    }

    /// `GET /api/v1/sessions`: my live sessions.
    pub async fn sessions(&self, token: &str) -> Result<Vec<SessionInfo>, ClientError> {
        self.send(self.authed(reqwest::Method::GET, paths::SESSIONS, token)?)
            .await
    }

    /// `DELETE /api/v1/sessions/{id}`: end one of my sessions (another device). Someone
    /// else's session answers `not_found`, like one that does not exist.
    pub async fn revoke_session(&self, token: &str, session_id: &str) -> Result<(), ClientError> {
        let url = self.endpoint(paths::SESSION, &[session_id])?;
        self.send_raw(self.authed_at(reqwest::Method::DELETE, url, token))
            .await
            .map(drop)
    }

    /// `POST /api/v1/me/password`: change my password, also a temporary one from the help
    /// desk. My other sessions end; this one goes on. Errors: `wrong_password`, `locked`
    /// (the current password was wrong too often), `password_unchanged`, `weak_password`.
    pub async fn change_password(
        &self,
        token: &str,
        current_password: &str,
        new_password: &str,
    ) -> Result<(), ClientError> {
        let body = ChangePassword {
            current_password: current_password.to_owned(),
            new_password: new_password.to_owned(),
        };
        let request = self
            .authed(reqwest::Method::POST, paths::ME_PASSWORD, token)?
            .json(&body);
        self.send_raw(request).await.map(drop)
    }

    /// `PUT /api/v1/me/questions`: replace my two challenge questions and my help-desk
    /// secret question. Errors: `duplicate_questions`, the answer checks' codes,
    /// `wrong_password`, `locked`.
    pub async fn set_questions(&self, token: &str, body: &SetQuestions) -> Result<(), ClientError> {
        let request = self
            .authed(reqwest::Method::PUT, paths::ME_QUESTIONS, token)?
            .json(body);
        self.send_raw(request).await.map(drop)
    }

    /// `POST /api/v1/me/email`: make `new_email` my address once the code mailed there
    /// comes back. Errors: `invalid_form`, `email_unchanged`, `wrong_password`, `locked`.
    pub async fn start_email_change(
        &self,
        token: &str,
        new_email: &str,
        current_password: &str,
    ) -> Result<dealer_api::EmailChangeStarted, ClientError> {
        let body = dealer_api::ChangeEmail {
            new_email: new_email.to_owned(),
            current_password: current_password.to_owned(),
        };
        let request = self
            .authed(reqwest::Method::POST, paths::ME_EMAIL, token)?
            .json(&body);
        self.send(request).await
    }

    /// `POST /api/v1/me/email/confirm`: the code from the mail to my new address; me as I
    /// am now. Errors: `wrong_code`.
    pub async fn confirm_email_change(&self, token: &str, code: &str) -> Result<Me, ClientError> {
        let body = dealer_api::ConfirmEmailChange {
            code: code.to_owned(),
        };
        let request = self
            .authed(reqwest::Method::POST, paths::ME_EMAIL_CONFIRM, token)?
            .json(&body);
        self.send(request).await
    }

    /// `PUT /api/v1/me/phone`: my business phone (`None` removes it); me as I am now.
    /// Errors: `invalid_form`.
    pub async fn change_phone(&self, token: &str, phone: Option<&str>) -> Result<Me, ClientError> {
        let body = dealer_api::ChangePhone {
            phone: phone.map(str::to_owned),
        };
        let request = self
            .authed(reqwest::Method::PUT, paths::ME_PHONE, token)?
            .json(&body);
        self.send(request).await
    }

    /// `GET /api/v1/questions/catalogue`: every question a user may pick. Public.
    pub async fn questions_catalogue(&self) -> Result<Vec<QuestionText>, ClientError> {
        self.get(paths::QUESTION_CATALOGUE).await
    }

    /// `GET /api/v1/password-rules`: the length this portal asks of a new password. Public.
    pub async fn password_rules(&self) -> Result<PasswordRules, ClientError> {
        let url = self.endpoint(paths::PASSWORD_RULES, &[])?;
        self.send(self.http.get(url)).await
    }

    /// `POST /api/v1/reactivations`: an inactive user, with their password, asks for their
    /// user ID to be active again; the request filed and who was told. Public. Errors as at
    /// sign-in (`invalid_credentials`, `deactivated`, …), and `conflict` when the user ID is
    /// not inactive or a reactivation is open already.
    pub async fn ask_reactivation(
        &self,
        user_id: &str,
        password: &str,
    ) -> Result<ReactivationAsked, ClientError> {
        let body = AskReactivation {
            user_id: user_id.to_owned(),
            password: password.to_owned(),
        };
        let request = self
            .http
            .post(self.endpoint(paths::REACTIVATIONS, &[])?)
            .json(&body);
        self.send(request).await
    }

    /// `POST /api/v1/password-resets`: start a password reset; the two challenge questions
    /// to answer. Public. Any user ID gets two questions, the same every time, so the
    /// answer never tells whether the account exists.
    pub async fn start_password_reset(&self, user_id: &str) -> Result<ResetQuestions, ClientError> {
        let body = StartReset {
            user_id: user_id.to_owned(),
        };
        let request = self
            .http
            .post(self.endpoint(paths::PASSWORD_RESETS, &[])?)
            .json(&body);
        self.send(request).await
    }

    /// `POST /api/v1/password-resets/answers`: the answers to the two questions, in the
    /// order they were shown; a single-use reset token when both are right. Public.
    /// Errors: `wrong_answers` (for every failure, counted toward the lockout).
    pub async fn answer_password_reset(
        &self,
        user_id: &str,
        answers: [&str; 2],
    ) -> Result<ResetToken, ClientError> {
        let body = ResetAnswers {
            user_id: user_id.to_owned(),
            answers: answers.map(str::to_owned),
        };
        let request = self
            .http
            .post(self.endpoint(paths::PASSWORD_RESET_ANSWERS, &[])?)
            .json(&body);
        self.send(request).await
    }

    /// `POST /api/v1/password-resets/complete`: set the new password with the reset token.
    /// Public. Every session of the account ends. Errors: `invalid_reset_token`,
    /// `weak_password` (the token stays usable).
    pub async fn complete_password_reset(
        &self,
        reset_token: &str,
        new_password: &str,
    ) -> Result<(), ClientError> {
        let body = CompleteReset {
            reset_token: reset_token.to_owned(),
            new_password: new_password.to_owned(),
        };
        let request = self
            .http
            .post(self.endpoint(paths::PASSWORD_RESET_COMPLETE, &[])?)
            .json(&body);
        self.send_raw(request).await.map(drop)
    }

    /// `GET /api/v1/help-desk/users?q=`: the people a caller might be, by part of a name,
    /// user ID or email, or a whole PDN, a page at a time. Help desk only; `bad_request`
    /// for fewer than 2 characters.
    pub async fn help_desk_search(
        &self,
        token: &str,
        search: &CallerSearch,
    ) -> Result<CallerMatches, ClientError> {
        let mut url = self.endpoint(paths::HELP_DESK_USERS, &[])?;
        let pairs = [
            ("q", Some(search.q.clone())),
            ("limit", search.limit.map(|l| l.to_string())),
            ("offset", search.offset.map(|o| o.to_string())),
        ];
        with_query(&mut url, &pairs);
        self.send(self.authed_at(reqwest::Method::GET, url, token))
            .await
    }

    /// `GET /api/v1/help-desk/users/{user_id}`: a caller as the help desk sees them, with
    /// the text of the secret question to ask. Help desk only; `not_found` for an unknown
    /// user ID, `forbidden` for one's own.
    pub async fn help_desk_find_user(
        &self,
        token: &str,
        user_id: &str,
    ) -> Result<HelpDeskUser, ClientError> {
        let url = self.endpoint(paths::HELP_DESK_USER, &[user_id])?;
        self.send(self.authed_at(reqwest::Method::GET, url, token))
            .await
    }

    /// `POST /api/v1/help-desk/users/{user_id}/verify`: does the caller's answer to the
    /// secret question match? Help desk only; rate-limited; 3 misses in a row lock the
    /// account. Errors: `conflict` when the user has no secret question yet.
    pub async fn help_desk_verify(
        &self,
        token: &str,
        user_id: &str,
        answer: &str,
    ) -> Result<HelpDeskVerified, ClientError> {
        let url = self.endpoint(paths::HELP_DESK_USER_VERIFY, &[user_id])?;
        let body = HelpDeskVerify {
            answer: answer.to_owned(),
        };
        self.send(
            self.authed_at(reqwest::Method::POST, url, token)
                .json(&body),
        )
        .await
    }

    /// `POST /api/v1/help-desk/users/{user_id}/unlock`: unlock a caller this help-desk
    /// person verified in the last 15 minutes; a temporary password to read to them, shown
    /// this once. Errors: `verification_required`, `conflict` (pending or deactivated).
    pub async fn help_desk_unlock(
        &self,
        token: &str,
        user_id: &str,
    ) -> Result<HelpDeskUnlocked, ClientError> {
        let url = self.endpoint(paths::HELP_DESK_USER_UNLOCK, &[user_id])?;
        self.send(self.authed_at(reqwest::Method::POST, url, token))
            .await
    }

    /// `POST /api/v1/help-desk/users/{user_id}/two-step/reset`: turn off the two-step
    /// sign-in of a caller this help-desk person verified in the last 15 minutes (a lost
    /// phone); they set it up again at their next sign-in. Errors: `verification_required`,
    /// `approval_required` (provider staff), `conflict` (it is not on).
    pub async fn help_desk_reset_two_step(
        &self,
        token: &str,
        user_id: &str,
    ) -> Result<(), ClientError> {
        let url = self.endpoint(paths::HELP_DESK_USER_TWO_STEP_RESET, &[user_id])?;
        self.send_raw(self.authed_at(reqwest::Method::POST, url, token))
            .await
            .map(drop)
    }

    /// `GET /api/v1/dealers/{pdn}/users[?status=&q=]`: the users of my dealership (office
    /// managers only), with status, lock details and inactivity countdown. Another
    /// dealership's PDN answers `not_found`.
    pub async fn dealer_users(
        &self,
        token: &str,
        pdn: &str,
        filter: &DealerUsersFilter,
    ) -> Result<Vec<DealerUser>, ClientError> {
        let mut url = self.endpoint(paths::DEALER_USERS, &[pdn])?;
        let pairs = [
            ("status", filter.status.map(|s| s.as_str().to_owned())),
            ("q", filter.q.clone()),
        ];
        with_query(&mut url, &pairs);
        self.send(self.authed_at(reqwest::Method::GET, url, token))
            .await
    }

    /// `GET /api/v1/dealers/{pdn}/audit[?before=&limit=&user_id=]`: a page of my
    /// dealership's audit log, or of one person's events in it, newest first (office
    /// managers only). Another dealership's PDN answers
    /// `not_found`; a limit outside 1..=200 `bad_request`.
    pub async fn dealer_audit(
        &self,
        token: &str,
        pdn: &str,
        page: AuditPageQuery,
    ) -> Result<AuditPage, ClientError> {
        let mut url = self.endpoint(paths::DEALER_AUDIT, &[pdn])?;
        let pairs = [
            ("before", page.before.map(|b| b.to_string())),
            ("limit", page.limit.map(|l| l.to_string())),
            ("user_id", page.user_id.clone()),
        ];
        with_query(&mut url, &pairs);
        self.send(self.authed_at(reqwest::Method::GET, url, token))
            .await
    }

    /// `GET /api/v1/outbox[?state=]`: the portal's outgoing mail without bodies, newest
    /// first (help desk and reviewers only).
    pub async fn outbox(
        &self,
        token: &str,
        state: Option<MailState>,
    ) -> Result<Vec<OutboxEntry>, ClientError> {
        let mut url = self.endpoint(paths::OUTBOX, &[])?;
        let state = state.map(|s| match s {
            MailState::Queued => "queued".to_owned(),
            MailState::Sent => "sent".to_owned(),
            MailState::Failed => "failed".to_owned(),
        });
        with_query(&mut url, &[("state", state)]);
        self.send(self.authed_at(reqwest::Method::GET, url, token))
            .await
    }
}

/// Append the parameters that have a value; none leaves the URL without a `?`.
fn with_query(url: &mut Url, pairs: &[(&str, Option<String>)]) {
    let present: Vec<_> = pairs
        .iter()
        .filter_map(|(name, value)| value.as_deref().map(|v| (*name, v)))
        .collect();
    if !present.is_empty() {
        url.query_pairs_mut().extend_pairs(present);
    }
}

fn api_error(status: StatusCode, headers: &reqwest::header::HeaderMap, body: &[u8]) -> ClientError {
    let body = serde_json::from_slice::<ErrorBody>(body).unwrap_or_else(|_| {
        ErrorBody::new(
            ErrorCode::HttpError,
            format!("The portal answered {status}"),
        )
    });
    let retry_after = headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    ClientError::Api {
        status: status.as_u16(),
        body,
        retry_after,
    }
}

/// Why the portal's certificate was refused, when that is what failed: rustls's own error,
/// somewhere in the chain of causes (reqwest → hyper → I/O → rustls).
fn certificate_problem(err: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = cause {
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && let Some(inner) = io.get_ref()
            && let Some(why) = certificate_problem(inner)
        {
            return Some(why);
        }
        if let Some(tls) = e.downcast_ref::<rustls::Error>()
            && let rustls::Error::InvalidCertificate(why) = tls
        {
            return Some(match why {
                rustls::CertificateError::UnknownIssuer => {
                    "issued by an authority this computer does not know".into()
                }
                rustls::CertificateError::Expired
                | rustls::CertificateError::ExpiredContext { .. } => "expired".into(),
                rustls::CertificateError::NotValidForName
                | rustls::CertificateError::NotValidForNameContext { .. } => {
                    "made out for another address".into()
                }
                rustls::CertificateError::Revoked => "revoked".into(),
                other => format!("{other:?}"),
            });
        }
        cause = e.source();
    }
    None
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
            ErrorCode::InvalidPortalUrl,
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
            client.endpoint(paths::HEALTH, &[]).unwrap().as_str(),
            "https://example.com/dealer/api/v1/health"
        );
    }

    #[test]
    fn a_typed_id_stays_one_path_segment() {
        let client = Client::new("https://example.com/dealer/").unwrap();
        assert_eq!(
            client
                .endpoint(paths::HELP_DESK_USER_VERIFY, &["../dealers/01234?x=1#y"])
                .unwrap()
                .as_str(),
            "https://example.com/dealer/api/v1/help-desk/users/..%2Fdealers%2F01234%3Fx=1%23y/verify",
            "whatever is typed as a user ID can only name a user, never another route"
        );
    }
}
