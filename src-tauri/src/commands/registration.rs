//! "Not registered?" and enrollment: confirm the dealership, register, follow the
//! registration; or enroll with the code a new user was emailed. The registration's
//! status token stays here, in memory, and never reaches the web view; passwords and
//! answers pass through and are wiped.

use dealer_api::{ErrorCode, RequestId};
use std::collections::HashMap;
use std::sync::Mutex;

use dealer_api::{
    ApplicationInfo, DealerName, EmailCodeRequest, EmailConfirmed, Enroll, QuestionText,
    RegistrationInput, RegistrationStatus, RequestState, UserIdAvailability, UserIdCheck,
};
use serde::Serialize;
use tauri::State;
use zeroize::Zeroizing;

use crate::{CommandError, Portal};

/// What this visit's registrations hold: the status token of each registration made in
/// this run (by request number), and the token of the email code asked for last, which
/// the right code makes the proof of that email.
#[derive(Debug, Default)]
pub struct Registrations(Mutex<Visit>);

#[derive(Default)]
struct Visit {
    status_tokens: HashMap<RequestId, Zeroizing<String>>,
    /// The token of the email code asked for last (the proof once the code is right).
    email_token: Option<Zeroizing<String>>,
}

// Tokens are secrets: Debug says how many there are, never what they are.
impl std::fmt::Debug for Visit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Visit")
            .field("status_tokens", &self.status_tokens.len())
            .field("email_token", &self.email_token.is_some())
            .finish()
    }
}

impl Registrations {
    fn lock(&self) -> std::sync::MutexGuard<'_, Visit> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Forget every registration's status token and the email proof (each is zeroed as
    /// it drops).
    pub(crate) fn forget(&self) {
        let mut visit = self.lock();
        visit.status_tokens.clear();
        visit.email_token = None;
    }

    /// The email token held, or `email_not_confirmed`.
    fn email_token(&self) -> Result<Zeroizing<String>, CommandError> {
        self.lock().email_token.clone().ok_or_else(|| {
            CommandError::new(
                ErrorCode::EmailNotConfirmed,
                "Ask for a code to confirm your email address first.",
            )
        })
    }
}

/// A code is on its way to `email`; it works until `expires_at`.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export, export_to = "app/")]
pub struct EmailCodeSent {
    pub email: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// What the registrant sees after submitting.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export, export_to = "app/")]
pub struct Registered {
    pub request_id: RequestId,
    pub state: RequestState,
    pub due_at: chrono::DateTime<chrono::Utc>,
}

/// The dealership of a PDN, to confirm. `unknown_pdn` for anything else.
#[tauri::command]
pub async fn dealer_name(
    portal: State<'_, Portal>,
    pdn: String,
) -> Result<DealerName, CommandError> {
    Ok(portal.client.dealer_name(pdn.trim()).await?)
}

/// The applications a user can be given.
#[tauri::command]
pub async fn applications(portal: State<'_, Portal>) -> Result<Vec<ApplicationInfo>, CommandError> {
    Ok(portal.client.applications().await?)
}

/// Every security question a user may pick.
#[tauri::command]
pub async fn question_catalogue(
    portal: State<'_, Portal>,
) -> Result<Vec<QuestionText>, CommandError> {
    Ok(portal.client.questions_catalogue().await?)
}

/// Mail a code to the email the registrant registers with. The token that names it stays
/// here; a new code replaces the one before.
#[tauri::command]
pub async fn send_email_code(
    portal: State<'_, Portal>,
    registrations: State<'_, Registrations>,
    pdn: String,
    email: String,
) -> Result<EmailCodeSent, CommandError> {
    let email = email.trim().to_owned();
    let issued = portal
        .client
        .send_email_code(&EmailCodeRequest {
            pdn: pdn.trim().to_owned(),
            email: email.clone(),
        })
        .await?;
    registrations.lock().email_token = Some(Zeroizing::new(issued.token.clone()));
    Ok(EmailCodeSent {
        email,
        expires_at: issued.expires_at,
    })
}

/// The code from the mail: right, and the email is proven for the rest of the registration.
#[tauri::command]
pub async fn confirm_email_code(
    portal: State<'_, Portal>,
    registrations: State<'_, Registrations>,
    code: String,
) -> Result<EmailConfirmed, CommandError> {
    let token = registrations.email_token()?;
    Ok(portal.client.confirm_email_code(&token, &code).await?)
}

/// Whether a user ID is free, with free ones like it when not (needs a confirmed email).
#[tauri::command]
pub async fn check_user_id(
    portal: State<'_, Portal>,
    registrations: State<'_, Registrations>,
    check: UserIdCheck,
) -> Result<UserIdAvailability, CommandError> {
    let token = registrations.email_token()?;
    Ok(portal.client.check_user_id(&token, &check).await?)
}

/// Submit a registration with the confirmed email. Errors carry every problem in `fields`
/// (`invalid_form`), free user IDs in `suggestions` (`user_id_taken`), or say the email
/// is not confirmed (`email_not_confirmed`).
#[tauri::command]
pub async fn register(
    portal: State<'_, Portal>,
    registrations: State<'_, Registrations>,
    form: RegistrationInput,
) -> Result<Registered, CommandError> {
    let token = registrations.email_token()?;
    let receipt = portal.client.register(&token, &form).await?;
    let mut visit = registrations.lock();
    // The proof registered once; it is used up.
    visit.email_token = None;
    visit.status_tokens.insert(
        receipt.request_id,
        Zeroizing::new(receipt.status_token.clone()),
    );
    drop(visit);
    Ok(Registered {
        request_id: receipt.request_id,
        state: receipt.state,
        due_at: receipt.due_at,
    })
}

/// Where a registration made in this run stands.
#[tauri::command]
pub async fn registration_status(
    portal: State<'_, Portal>,
    registrations: State<'_, Registrations>,
    request_id: RequestId,
) -> Result<RegistrationStatus, CommandError> {
    let token = registrations
        .lock()
        .status_tokens
        .get(&request_id)
        .cloned()
        .ok_or_else(|| {
            CommandError::new(
                ErrorCode::NotFound,
                "No registration with that number was made here.",
            )
        })?;
    Ok(portal
        .client
        .registration_status(request_id, &token)
        .await?)
}

/// Set my password and questions with the code from my email.
#[tauri::command]
pub async fn enroll(portal: State<'_, Portal>, form: Enroll) -> Result<(), CommandError> {
    Ok(portal.client.enroll(&form).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgotten_registrations_leave_no_status_token_and_no_email_proof() {
        let registrations = Registrations::default();
        registrations
            .lock()
            .status_tokens
            .insert(RequestId(7), Zeroizing::new("status-token".into()));
        registrations.lock().email_token = Some(Zeroizing::new("email-proof".into()));
        assert!(registrations.email_token().is_ok());
        assert!(
            !format!("{registrations:?}").contains("email-proof"),
            "Debug never shows a token"
        );
        registrations.forget();
        assert!(
            registrations.lock().status_tokens.is_empty(),
            "the next person at a shared PC cannot read the last visitor's registration"
        );
        assert_eq!(
            registrations.email_token().unwrap_err().0.code,
            ErrorCode::EmailNotConfirmed,
            "nor register or check user IDs with the last visitor's confirmed email"
        );
    }
}
