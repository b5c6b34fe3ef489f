//! "Not registered?" and enrollment: confirm the dealership, register, follow the
//! registration (check it, answer the reviewer's question, cancel it); or enroll with the
//! code a new user was emailed. The registration's status token never reaches the web
//! view: it is held in memory and kept in the OS keychain until the registration ends, so
//! the registrant can follow it after closing the app (the sign-in screen lists what is
//! kept, from the settings). Passwords and answers pass through and are wiped.

use dealer_api::{ErrorCode, RequestId};
use std::collections::HashMap;
use std::sync::Mutex;

use dealer_api::{
    ApplicationInfo, DealerName, EmailCodeRequest, EmailConfirmed, Enroll, PasswordRules,
    QuestionText, RegistrationInput, RegistrationStatus, RequestState, UserIdAvailability,
    UserIdCheck,
};
use serde::Serialize;
use tauri::State;
use zeroize::Zeroizing;

use crate::keychain::Slot;
use crate::settings::{self, KeptRegistration};
use crate::{CommandError, Portal};
use tauri::AppHandle;

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
    /// Kept on this computer (the keychain took the status token): it can be followed after
    /// the app is closed. `false` on a shared PC, or when the keychain is not available.
    pub kept: bool,
}

/// Where a registration's status token is kept.
fn registration_slot(portal: &Portal, id: RequestId) -> Slot {
    Slot::for_account(format!("registration/{}/{id}", portal.host_label()))
}

/// The status token of registration `id`: held since this run made it, or kept in the
/// keychain by an earlier one; `not_found` otherwise.
async fn status_token(
    portal: &Portal,
    registrations: &Registrations,
    id: RequestId,
) -> Result<Zeroizing<String>, CommandError> {
    if let Some(token) = registrations.lock().status_tokens.get(&id).cloned() {
        return Ok(token);
    }
    let slot = registration_slot(portal, id);
    let kept = tauri::async_runtime::spawn_blocking(move || slot.load())
        .await
        .ok()
        .and_then(Result::ok)
        .flatten();
    let token = kept.ok_or_else(|| {
        CommandError::new(
            ErrorCode::NotFound,
            "No registration with that number is kept on this computer.",
        )
    })?;
    registrations.lock().status_tokens.insert(id, token.clone());
    Ok(token)
}

/// A registration that ended (approved and done, rejected, cancelled): its token leaves
/// memory, the keychain and the settings' list.
async fn forget_ended(
    app: &AppHandle,
    portal: &Portal,
    registrations: &Registrations,
    status: &RegistrationStatus,
) {
    if !status.state.is_terminal() && status.state != RequestState::Approved {
        return;
    }
    registrations
        .lock()
        .status_tokens
        .remove(&status.request_id);
    let slot = registration_slot(portal, status.request_id);
    let deleted = tauri::async_runtime::spawn_blocking(move || slot.delete()).await;
    if !matches!(deleted, Ok(Ok(()))) {
        tracing::warn!("an ended registration's token could not be removed from the keychain");
    }
    if let Err(why) =
        settings::keep_registration(app, &portal.host_label(), status.request_id, None)
    {
        tracing::warn!(error = %why, "an ended registration stays listed");
    }
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
    app: AppHandle,
    portal: State<'_, Portal>,
    registrations: State<'_, Registrations>,
    form: RegistrationInput,
) -> Result<Registered, CommandError> {
    let token = registrations.email_token()?;
    let receipt = portal.client.register(&token, &form).await?;
    {
        let mut visit = registrations.lock();
        // The proof registered once; it is used up.
        visit.email_token = None;
        visit.status_tokens.insert(
            receipt.request_id,
            Zeroizing::new(receipt.status_token.clone()),
        );
    }
    // Kept for after the app is closed, on a personal computer: the token in the keychain,
    // the rest listed with the settings. On a shared PC (whoever sits down next could
    // cancel it) or without a keychain it is followed in this run only.
    let personal =
        settings::load(&app).settings.device_mode == Some(settings::DeviceMode::Personal);
    let saved = if personal {
        let slot = registration_slot(&portal, receipt.request_id);
        let secret = Zeroizing::new(receipt.status_token.clone());
        tauri::async_runtime::spawn_blocking(move || slot.save(&secret))
            .await
            .is_ok_and(|saved| saved.is_ok())
    } else {
        false
    };
    let kept = saved
        && settings::keep_registration(
            &app,
            &portal.host_label(),
            receipt.request_id,
            Some(KeptRegistration {
                request_id: receipt.request_id,
                user_id: form.user_id.trim().to_ascii_lowercase(),
                portal: portal.host_label(),
                due_at: receipt.due_at,
            }),
        )
        .is_ok();
    Ok(Registered {
        request_id: receipt.request_id,
        state: receipt.state,
        due_at: receipt.due_at,
        kept,
    })
}

/// The registrations made on this computer with this portal that have not ended.
#[tauri::command]
pub fn kept_registrations(app: AppHandle, portal: State<'_, Portal>) -> Vec<KeptRegistration> {
    let host = portal.host_label();
    settings::kept_registrations(&app)
        .into_iter()
        .filter(|k| k.portal == host)
        .collect()
}

/// Where a registration made here stands (in this run or kept from an earlier one). One
/// that ended is forgotten here.
#[tauri::command]
pub async fn registration_status(
    app: AppHandle,
    portal: State<'_, Portal>,
    registrations: State<'_, Registrations>,
    request_id: RequestId,
) -> Result<RegistrationStatus, CommandError> {
    let token = status_token(&portal, &registrations, request_id).await?;
    let status = portal
        .client
        .registration_status(request_id, &token)
        .await?;
    forget_ended(&app, &portal, &registrations, &status).await;
    Ok(status)
}

/// The registrant's answer to the reviewer's question (needs information).
#[tauri::command]
pub async fn answer_registration(
    portal: State<'_, Portal>,
    registrations: State<'_, Registrations>,
    request_id: RequestId,
    note: String,
) -> Result<RegistrationStatus, CommandError> {
    let token = status_token(&portal, &registrations, request_id).await?;
    Ok(portal
        .client
        .answer_registration(request_id, &token, &note)
        .await?)
}

/// The registrant withdraws their registration; it is forgotten here.
#[tauri::command]
pub async fn cancel_registration(
    app: AppHandle,
    portal: State<'_, Portal>,
    registrations: State<'_, Registrations>,
    request_id: RequestId,
) -> Result<RegistrationStatus, CommandError> {
    let token = status_token(&portal, &registrations, request_id).await?;
    let status = portal
        .client
        .cancel_registration(request_id, &token)
        .await?;
    forget_ended(&app, &portal, &registrations, &status).await;
    Ok(status)
}

/// The length this portal asks of a new password, for the rules every form shows before
/// anything is typed.
#[tauri::command]
pub async fn password_rules(portal: State<'_, Portal>) -> Result<PasswordRules, CommandError> {
    Ok(portal.client.password_rules().await?)
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
