//! What a command returns on failure: the portal's own error body, so the UI branches on
//! `code` and gets whatever detail goes with it (a form's `fields`, a taken user ID's
//! `suggestions`, a request's `current_state`) exactly as the portal sent it.

use dealer_api::{ErrorBody, ErrorCode};
use serde::Serialize;

/// Serializes as its [`ErrorBody`], and is that type in TypeScript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export, export_to = "app/")]
pub struct CommandError(pub ErrorBody);

impl CommandError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        CommandError(ErrorBody::new(code, message))
    }

    /// Nobody is signed in (or the session ended).
    pub fn unauthenticated() -> Self {
        CommandError::new(ErrorCode::Unauthenticated, "Please sign in.")
    }

    pub fn code(&self) -> ErrorCode {
        self.0.code
    }

    pub fn message(&self) -> &str {
        &self.0.message
    }
}

impl From<dealer_client::ClientError> for CommandError {
    fn from(err: dealer_client::ClientError) -> Self {
        CommandError(err.into_body())
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for CommandError {}

#[cfg(test)]
mod tests {
    use dealer_api::{FieldError, RequestState};

    use super::*;

    #[test]
    fn a_portal_error_reaches_the_ui_whole() {
        let mut body = ErrorBody::new(ErrorCode::WrongState, "Already decided.");
        body.current_state = Some(RequestState::Completed);
        body.fields = vec![FieldError {
            field: "note".into(),
            message: "Say why.".into(),
        }];
        body.suggestions = vec!["jdoe2".into()];
        let err = CommandError::from(dealer_client::ClientError::Api {
            status: 409,
            body: body.clone(),
            retry_after: None,
        });
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(
            json,
            serde_json::to_value(&body).unwrap(),
            "the UI must get current_state, fields and suggestions as the portal sent them"
        );
        assert_eq!(json["code"], ErrorCode::WrongState.as_str());
    }
}
