//! What a command returns on failure: the same `{code, message}` shape as the portal, so
//! the UI branches on `code` and shows `message`.

use dealer_client::wire::FieldError;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export, export_to = "app/")]
pub struct CommandError {
    pub code: String,
    pub message: String,
    /// `invalid_form`: every problem of the form, field by field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<FieldError>>", optional)]
    pub fields: Vec<FieldError>,
    /// `user_id_taken`: free user IDs like the one asked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub suggestions: Vec<String>,
}

impl CommandError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        CommandError {
            code: code.to_owned(),
            message: message.into(),
            fields: Vec::new(),
            suggestions: Vec::new(),
        }
    }

    /// Nobody is signed in (or the session ended).
    pub fn unauthenticated() -> Self {
        CommandError::new("unauthenticated", "Please sign in.")
    }
}

impl From<dealer_client::ClientError> for CommandError {
    fn from(err: dealer_client::ClientError) -> Self {
        let code = err.code().to_owned();
        let message = err.to_string();
        match err {
            dealer_client::ClientError::Api {
                fields,
                suggestions,
                ..
            } => CommandError {
                code,
                message,
                fields,
                suggestions,
            },
            _ => CommandError::new(&code, message),
        }
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CommandError {}
