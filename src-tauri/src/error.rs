//! What a command returns on failure: the same `{code, message}` shape as the portal, so
//! the UI branches on `code` and shows `message`.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommandError {
    pub code: String,
    pub message: String,
}

impl CommandError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        CommandError {
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

impl From<dealer_client::ClientError> for CommandError {
    fn from(err: dealer_client::ClientError) -> Self {
        CommandError {
            code: err.code().to_owned(),
            message: err.to_string(),
        }
    }
}

impl std::fmt::Display for CommandError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CommandError {}
