//! The help desk: the public card (phone, hours, open now), and the console where provider
//! help-desk staff find a caller, verify them by their secret question, unlock them and
//! reset a lost phone's two-step sign-in.
//! The caller's answer passes through and is wiped; the temporary password goes to the
//! web view once, to be read to the caller, and is kept nowhere.

use dealer_api::{
    CallerMatches, CallerSearch, HelpDeskInfo, HelpDeskUnlocked, HelpDeskUser, HelpDeskVerified,
};
use tauri::{AppHandle, State};
use zeroize::Zeroizing;

use super::requests::token;
use crate::{CommandError, Portal, SessionState};

/// The help-desk card: phone, hours, open now or when it opens. What it says is kept with
/// the settings for when the portal cannot be reached ([`last_help_desk`]).
#[tauri::command]
pub async fn help_desk_info(
    app: AppHandle,
    portal: State<'_, Portal>,
) -> Result<HelpDeskInfo, CommandError> {
    let info = portal.client.help_desk_info().await?;
    if let Err(why) = crate::settings::remember_help_desk(&app, &info) {
        tracing::warn!(error = %why, "the help desk could not be kept with the settings");
    }
    Ok(info)
}

/// The help desk as last known on this computer (whether it is open now unknown), for
/// when the portal cannot be reached; `None` if the portal never described it here.
#[tauri::command]
pub fn last_help_desk(app: AppHandle) -> Option<HelpDeskInfo> {
    crate::settings::last_help_desk(&app).map(|known| known.as_info())
}

/// The people a caller might be: part of a name, user ID or email, or a whole PDN.
#[tauri::command]
pub async fn help_desk_search(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    search: CallerSearch,
) -> Result<CallerMatches, CommandError> {
    let token = token(&session)?;
    Ok(portal.client.help_desk_search(&token, &search).await?)
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
