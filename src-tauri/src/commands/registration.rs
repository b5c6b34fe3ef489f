//! "Not registered?" and enrollment: confirm the dealership, register, follow the
//! registration; or enroll with the code a new user was emailed. The registration's
//! status token stays here, in memory, and never reaches the web view; passwords and
//! answers pass through and are wiped.

use dealer_api::ErrorCode;
use std::collections::HashMap;
use std::sync::Mutex;

use dealer_api::{
    ApplicationInfo, DealerName, Enroll, QuestionText, RegistrationInput, RegistrationStatus,
    RequestState,
};
use serde::Serialize;
use tauri::State;
use zeroize::Zeroizing;

use crate::{CommandError, Portal};

/// Status tokens of the registrations made in this run, by request number.
#[derive(Debug, Default)]
pub struct Registrations(Mutex<HashMap<i64, Zeroizing<String>>>);

impl Registrations {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Zeroizing<String>>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Forget every registration's status token (each is zeroed as it drops).
    pub(crate) fn forget(&self) {
        self.lock().clear();
    }
}

/// What the registrant sees after submitting.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export, export_to = "app/")]
pub struct Registered {
    pub request_id: i64,
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

/// Submit a registration. Errors carry every problem in `fields` (`invalid_form`) or free
/// user IDs in `suggestions` (`user_id_taken`).
#[tauri::command]
pub async fn register(
    portal: State<'_, Portal>,
    registrations: State<'_, Registrations>,
    form: RegistrationInput,
) -> Result<Registered, CommandError> {
    let receipt = portal.client.register(&form).await?;
    registrations.lock().insert(
        receipt.request_id,
        Zeroizing::new(receipt.status_token.clone()),
    );
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
    request_id: i64,
) -> Result<RegistrationStatus, CommandError> {
    let token = registrations
        .lock()
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
    fn forgotten_registrations_leave_no_status_token() {
        let registrations = Registrations::default();
        registrations
            .lock()
            .insert(7, Zeroizing::new("status-token".into()));
        registrations.forget();
        assert!(
            registrations.lock().is_empty(),
            "the next person at a shared PC cannot read the last visitor's registration"
        );
    }
}
