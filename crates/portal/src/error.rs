//! The portal's one error type: a stable machine `code`, a message for people, the right
//! status. 5xx log their cause once and show nothing internal. Unique-constraint
//! violations become 409 here, in one place.

use std::any::Any;
use std::time::Duration;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dealer_api::{ErrorBody, ErrorCode};
use dealer_core::forms::FormErrors;
use dealer_core::requests::RequestState;

use crate::hashing::HashError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Sign-in failed. One message for unknown user, wrong password and locked account.
    #[error("{0}")]
    InvalidCredentials(String),
    /// No session, or one that ended.
    #[error("Please sign in.")]
    Unauthenticated,
    /// Signed in, but this is not for your role.
    #[error("You do not have access to this.")]
    Forbidden,
    /// A correct password for an inactive user ID: what to do next.
    #[error("{0}")]
    Inactive(String),
    /// A correct password for an account that cannot sign in (pending or deactivated).
    #[error("{message}")]
    AccountUnavailable { code: ErrorCode, message: String },
    #[error("You must change your temporary password before going on.")]
    PasswordChangeRequired,
    #[error(
        "Your role must use two-step sign-in: set it up with an authenticator app before going on."
    )]
    TwoStepSetupRequired,
    #[error("The requested resource was not found")]
    NotFound,
    /// 404 with a code and message of its own (`unknown_pdn`).
    #[error("{message}")]
    NotFoundWith { code: ErrorCode, message: String },
    #[error("{0}")]
    BadRequest(String),
    /// A request refused for a reason the client branches on (`weak_password`, …): 400.
    #[error("{message}")]
    Invalid { code: ErrorCode, message: String },
    /// A form with problems: every one of them, field by field (`invalid_form`, 400).
    #[error("{0}")]
    InvalidForm(FormErrors),
    #[error("{0}")]
    Conflict(String),
    /// The user ID is taken; free ones like it (`user_id_taken`, 409).
    #[error("{message}")]
    UserIdTaken {
        message: String,
        suggestions: Vec<String>,
    },
    /// The request is not in a state that allows this (`wrong_state`, 409).
    #[error("{message}")]
    WrongState {
        current: RequestState,
        message: String,
    },
    #[error("The request is larger than the portal accepts ({0} KiB at most).")]
    PayloadTooLarge(usize),
    /// 413 saying which limit applies (`payload_too_large`).
    #[error("{0}")]
    TooLarge(String),
    #[error("Too many attempts. Please wait {} seconds and try again.", whole_seconds(*.0))]
    RateLimited(Duration),
    #[error("The portal is busy. Please try again in a moment.")]
    Busy(Duration),
    /// 503 for something this portal cannot do as set up (`mail_unavailable`).
    #[error("{message}")]
    Unavailable { code: ErrorCode, message: String },
    /// Unexpected trouble; the cause is logged, never sent.
    #[error(
        "Something went wrong on the portal. Please try again; if it keeps happening, call the help desk."
    )]
    Internal(#[source] anyhow::Error),
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::InvalidCredentials(_) | ApiError::Unauthenticated => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden
            | ApiError::Inactive(_)
            | ApiError::AccountUnavailable { .. }
            | ApiError::PasswordChangeRequired
            | ApiError::TwoStepSetupRequired => StatusCode::FORBIDDEN,
            ApiError::NotFound | ApiError::NotFoundWith { .. } => StatusCode::NOT_FOUND,
            ApiError::BadRequest(_) | ApiError::Invalid { .. } | ApiError::InvalidForm(_) => {
                StatusCode::BAD_REQUEST
            }
            ApiError::Conflict(_) | ApiError::UserIdTaken { .. } | ApiError::WrongState { .. } => {
                StatusCode::CONFLICT
            }
            ApiError::PayloadTooLarge(_) | ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Busy(_) | ApiError::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::InvalidCredentials(_) => ErrorCode::InvalidCredentials,
            ApiError::Unauthenticated => ErrorCode::Unauthenticated,
            ApiError::Forbidden => ErrorCode::Forbidden,
            ApiError::Inactive(_) => ErrorCode::Inactive,
            ApiError::AccountUnavailable { code, .. } => *code,
            ApiError::PasswordChangeRequired => ErrorCode::PasswordChangeRequired,
            ApiError::TwoStepSetupRequired => ErrorCode::TwoStepSetupRequired,
            ApiError::NotFound => ErrorCode::NotFound,
            ApiError::NotFoundWith { code, .. } => *code,
            ApiError::BadRequest(_) => ErrorCode::BadRequest,
            ApiError::Invalid { code, .. } => *code,
            ApiError::InvalidForm(_) => ErrorCode::InvalidForm,
            ApiError::Conflict(_) => ErrorCode::Conflict,
            ApiError::UserIdTaken { .. } => ErrorCode::UserIdTaken,
            ApiError::WrongState { .. } => ErrorCode::WrongState,
            ApiError::PayloadTooLarge(_) | ApiError::TooLarge(_) => ErrorCode::PayloadTooLarge,
            ApiError::RateLimited(_) => ErrorCode::RateLimited,
            ApiError::Busy(_) => ErrorCode::Busy,
            ApiError::Unavailable { code, .. } => *code,
            ApiError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// Log why (once, here) and answer with `self`.
    pub fn with_log(self, cause: impl std::fmt::Display) -> Self {
        tracing::warn!(error = %cause, code = self.code().as_str(), "request failed");
        self
    }

    /// `invalid_form` with one problem, of `field`.
    pub fn field(field: &str, message: impl ToString) -> Self {
        ApiError::InvalidForm(FormErrors(vec![dealer_core::forms::FieldError {
            field: field.to_owned(),
            message: message.to_string(),
        }]))
    }

    pub fn internal(err: impl Into<anyhow::Error>) -> Self {
        ApiError::Internal(err.into())
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Conflict => ApiError::Conflict("This already exists.".into()),
            StoreError::NotFound => ApiError::NotFound,
            other => ApiError::Internal(other.into()),
        }
    }
}

impl From<crate::rate_limit::RetryAfter> for ApiError {
    fn from(wait: crate::rate_limit::RetryAfter) -> Self {
        ApiError::RateLimited(wait.0)
    }
}

impl From<HashError> for ApiError {
    fn from(err: HashError) -> Self {
        match err.retry_after() {
            Some(wait) => ApiError::Busy(wait),
            None => ApiError::Internal(err.into()),
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        StoreError::from(err).into()
    }
}

impl ApiError {
    /// The body a client gets: the code, the message, and what goes with the code. (An
    /// internal error's cause is logged by the response, never put here.)
    pub fn into_body(self) -> ErrorBody {
        let mut body = ErrorBody::new(self.code(), self.to_string());
        match self {
            ApiError::InvalidForm(errors) => body.fields = errors.0,
            ApiError::UserIdTaken { suggestions, .. } => body.suggestions = suggestions,
            ApiError::WrongState { current, .. } => body.current_state = Some(current),
            _ => {}
        }
        body
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(cause) = &self {
            tracing::error!(error = format!("{cause:#}"), "internal error");
        }
        let status = self.status();
        let retry_after = match &self {
            ApiError::RateLimited(wait) | ApiError::Busy(wait) => Some(whole_seconds(*wait)),
            _ => None,
        };
        let mut response = (status, Json(self.into_body())).into_response();
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// A wait in whole seconds, rounded up and at least one: a client that waits what
/// `Retry-After` says is never early.
fn whole_seconds(wait: Duration) -> u64 {
    let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    secs.max(1)
}

/// A handler that panicked answers like any other internal error (and never with the
/// panic text).
pub fn panic_response(_panic: Box<dyn Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    ApiError::Internal(anyhow::anyhow!("panic")).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_rounded_up_so_a_client_that_honours_it_is_never_early() {
        for (wait_ms, header) in [(0, "1"), (1, "1"), (1000, "1"), (1001, "2"), (59_500, "60")] {
            let response = ApiError::RateLimited(Duration::from_millis(wait_ms)).into_response();
            assert_eq!(
                response.headers()[header::RETRY_AFTER],
                header,
                "{wait_ms} ms to wait"
            );
        }
        let message = ApiError::RateLimited(Duration::from_millis(1500)).to_string();
        assert!(message.contains("wait 2 seconds"), "{message}");
    }
}
