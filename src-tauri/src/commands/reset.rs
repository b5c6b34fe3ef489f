//! Forgotten password, by challenge questions (the portal's `password-resets`): the user
//! ID → its two questions → both answers → a new password. The single-use reset token the
//! portal gives for right answers stays here, in memory (like the session token), and
//! never reaches the web view; answers and passwords pass through and are wiped.

use dealer_api::ErrorCode;
use std::sync::Mutex;

use dealer_api::ResetQuestions;
use serde::Serialize;
use tauri::State;
use zeroize::Zeroizing;

use crate::{CommandError, Portal};

/// The reset token of the reset in progress, if its answers were right.
#[derive(Debug, Default)]
pub struct ResetState(Mutex<Option<Zeroizing<String>>>);

impl ResetState {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Zeroizing<String>>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Forget the reset in progress (its token is zeroed as it drops).
    pub(crate) fn forget(&self) {
        self.lock().take();
    }
}

/// What the UI learns when both answers were right: how long it has to set the password.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export, export_to = "app/")]
pub struct ResetAllowed {
    pub expires_in_minutes: u32,
}

/// The same code and words as the portal's, for a reset with no (or a spent) token.
fn invalid_token() -> CommandError {
    CommandError::new(
        ErrorCode::InvalidResetToken,
        "This password reset has expired or was already used. Start the password reset again.",
    )
}

/// Start a reset: the two challenge questions for `user_id` (any user ID gets two, so
/// the answer never tells whether the account exists). Forgets any earlier reset.
#[tauri::command]
pub async fn start_password_reset(
    portal: State<'_, Portal>,
    reset: State<'_, ResetState>,
    user_id: String,
) -> Result<ResetQuestions, CommandError> {
    reset.lock().take();
    Ok(portal.client.start_password_reset(user_id.trim()).await?)
}

/// The answers to the two questions, in the order shown. Right: the reset token is kept
/// for [`complete_password_reset`]. Wrong (or locked): the portal's `wrong_answers`.
#[tauri::command]
pub async fn answer_password_reset(
    portal: State<'_, Portal>,
    reset: State<'_, ResetState>,
    user_id: String,
    answers: [String; 2],
) -> Result<ResetAllowed, CommandError> {
    let answers = answers.map(Zeroizing::new);
    let granted = portal
        .client
        .answer_password_reset(user_id.trim(), [answers[0].as_str(), answers[1].as_str()])
        .await?;
    let expires_in_minutes = granted.expires_in_minutes;
    *reset.lock() = Some(Zeroizing::new(granted.reset_token));
    Ok(ResetAllowed { expires_in_minutes })
}

/// Set the new password with the kept token. A `weak_password` keeps the token (the
/// person tries another); success or an expired token forgets it.
#[tauri::command]
pub async fn complete_password_reset(
    portal: State<'_, Portal>,
    reset: State<'_, ResetState>,
    new_password: String,
) -> Result<(), CommandError> {
    let new_password = Zeroizing::new(new_password);
    let token = reset.lock().clone().ok_or_else(invalid_token)?;
    let result = portal
        .client
        .complete_password_reset(&token, &new_password)
        .await;
    match &result {
        Ok(()) => {
            reset.lock().take();
        }
        Err(err) if err.code() == ErrorCode::InvalidResetToken => {
            reset.lock().take();
        }
        Err(_) => {}
    }
    Ok(result?)
}

/// Leave the reset: the kept token, if any, is forgotten.
#[tauri::command]
pub fn cancel_password_reset(reset: State<'_, ResetState>) {
    reset.forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_forgotten_reset_cannot_be_taken_up() {
        let reset = ResetState::default();
        *reset.lock() = Some(Zeroizing::new("reset-token".into()));
        reset.forget();
        assert!(
            reset.lock().is_none(),
            "the next person at a shared PC cannot set the last visitor's password"
        );
    }
}
