//! The help desk: the public card (phone, hours, open now), and the console where provider
//! help-desk staff find a caller, verify them by their secret question, unlock them and
//! reset a lost phone's two-step sign-in.
//! The caller's answer passes through and is wiped; the temporary password goes to the
//! web view once, to be read to the caller, and is kept nowhere.

use dealer_api::{HelpDeskInfo, HelpDeskUnlocked, HelpDeskUser, HelpDeskVerified};
use tauri::State;
use zeroize::Zeroizing;

use super::requests::token;
use crate::{CommandError, Portal, SessionState};

/// The help-desk card: phone, hours, open now or when it opens.
#[tauri::command]
pub async fn help_desk_info(portal: State<'_, Portal>) -> Result<HelpDeskInfo, CommandError> {
    Ok(portal.client.help_desk_info().await?)
}

/// A caller as the help desk sees them: status, lock, and the text of the secret question
/// to ask (never an answer). `not_found` for an unknown user ID.
#[tauri::command]
pub async fn help_desk_find_user(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    user_id: String,
) -> Result<HelpDeskUser, CommandError> {
    let token = token(&session)?;
    Ok(portal
        .client
        .help_desk_find_user(&token, user_id.trim())
        .await?)
}

/// Does the caller's answer to the secret question match? Only match or no match.
#[tauri::command]
pub async fn help_desk_verify(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    user_id: String,
    answer: String,
) -> Result<HelpDeskVerified, CommandError> {
    let answer = Zeroizing::new(answer);
    let token = token(&session)?;
    Ok(portal
        .client
        .help_desk_verify(&token, user_id.trim(), &answer)
        .await?)
}

/// Unlock a caller verified by this person within 15 minutes: a single-use temporary
/// password, shown once. `verification_required` otherwise.
#[tauri::command]
pub async fn help_desk_unlock(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    user_id: String,
) -> Result<HelpDeskUnlocked, CommandError> {
    let token = token(&session)?;
    Ok(portal
        .client
        .help_desk_unlock(&token, user_id.trim())
        .await?)
}

/// Reset the two-step sign-in of a caller verified by this person within 15 minutes (a lost
/// phone): they set it up again at their next sign-in. `verification_required`,
/// `approval_required` (the provider's own people) or `conflict` (not on) otherwise.
#[tauri::command]
pub async fn help_desk_reset_two_step(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    user_id: String,
) -> Result<(), CommandError> {
    let token = token(&session)?;
    Ok(portal
        .client
        .help_desk_reset_two_step(&token, user_id.trim())
        .await?)
}
