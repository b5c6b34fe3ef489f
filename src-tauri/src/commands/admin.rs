//! The provider admin's screens: dealerships, their office managers, roles, and the
//! provider's own people. Thin over dealer-client; the portal decides who may.

use dealer_api::{
    AccessRole, DealershipInput, DealershipPage, DealershipSummary, InvitationInput, Invited,
    OnboardingReport, PersonSummary, StaffInvitationInput, UnlockApproval,
};
use tauri::State;

use super::requests::token;
use crate::{CommandError, Portal, SessionState};

/// Dealerships by name, whose PDN or name contains `q`, a page at a time.
#[tauri::command]
pub async fn admin_dealerships(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    q: Option<String>,
    limit: Option<u32>,
    offset: Option<u32>,
) -> Result<DealershipPage, CommandError> {
    let token = token(&session)?;
    let q = q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    Ok(portal
        .client
        .admin_dealerships(&token, q, limit, offset)
        .await?)
}

/// Bring a dealership on.
#[tauri::command]
pub async fn admin_create_dealership(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    input: DealershipInput,
) -> Result<DealershipSummary, CommandError> {
    let token = token(&session)?;
    Ok(portal
        .client
        .admin_create_dealership(&token, &input)
        .await?)
}

#[tauri::command]
pub async fn admin_dealership(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    pdn: String,
) -> Result<DealershipSummary, CommandError> {
    let token = token(&session)?;
    Ok(portal.client.admin_dealership(&token, pdn.trim()).await?)
}

/// Rename a dealership, or change its address or phone.
#[tauri::command]
pub async fn admin_change_dealership(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    pdn: String,
    input: DealershipInput,
) -> Result<DealershipSummary, CommandError> {
    let token = token(&session)?;
    Ok(portal
        .client
        .admin_change_dealership(&token, pdn.trim(), &input)
        .await?)
}

/// Close (`open` false) or reopen a dealership.
#[tauri::command]
pub async fn admin_set_dealership_open(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    pdn: String,
    open: bool,
) -> Result<DealershipSummary, CommandError> {
    let token = token(&session)?;
    Ok(portal
        .client
        .admin_set_dealership_open(&token, pdn.trim(), open)
        .await?)
}

/// A dealership's people with their roles.
#[tauri::command]
pub async fn admin_dealership_people(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    pdn: String,
) -> Result<Vec<PersonSummary>, CommandError> {
    let token = token(&session)?;
    Ok(portal
        .client
        .admin_dealership_people(&token, pdn.trim())
        .await?)
}

/// Invite an office manager; the code goes to them by mail, never through this app.
#[tauri::command]
pub async fn admin_invite_office_manager(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    pdn: String,
    input: InvitationInput,
) -> Result<Invited, CommandError> {
    let token = token(&session)?;
    Ok(portal
        .client
        .admin_invite_office_manager(&token, pdn.trim(), &input)
        .await?)
}

/// Move a dealership user between staff and office manager.
#[tauri::command]
pub async fn admin_change_role(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    user_id: String,
    role: AccessRole,
) -> Result<PersonSummary, CommandError> {
    let token = token(&session)?;
    Ok(portal
        .client
        .admin_change_role(&token, user_id.trim(), role)
        .await?)
}

/// The provider's own people.
#[tauri::command]
pub async fn admin_staff(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
) -> Result<Vec<PersonSummary>, CommandError> {
    let token = token(&session)?;
    Ok(portal.client.admin_staff(&token).await?)
}

/// Invite a reviewer, help-desk agent or provider admin.
#[tauri::command]
pub async fn admin_invite_staff(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    input: StaffInvitationInput,
) -> Result<Invited, CommandError> {
    let token = token(&session)?;
    Ok(portal.client.admin_invite_staff(&token, &input).await?)
}

/// End (`active` false) or restore one of the provider's people's access.
#[tauri::command]
pub async fn admin_set_staff_active(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    user_id: String,
    active: bool,
) -> Result<PersonSummary, CommandError> {
    let token = token(&session)?;
    Ok(portal
        .client
        .admin_set_staff_active(&token, user_id.trim(), active)
        .await?)
}

/// The help desk's unlocks of provider staff waiting for a second provider admin.
#[tauri::command]
pub async fn admin_unlock_approvals(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
) -> Result<Vec<UnlockApproval>, CommandError> {
    let token = token(&session)?;
    Ok(portal.client.admin_unlock_approvals(&token).await?)
}

/// Approve one of them: the help-desk person who asked may then unlock.
#[tauri::command]
pub async fn admin_approve_unlock(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    id: i64,
) -> Result<(), CommandError> {
    let token = token(&session)?;
    Ok(portal.client.admin_approve_unlock(&token, id).await?)
}

/// Dealerships and their office managers from a CSV file's text.
#[tauri::command]
pub async fn admin_import_dealerships(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    csv: String,
) -> Result<OnboardingReport, CommandError> {
    let token = token(&session)?;
    Ok(portal.client.admin_import_dealerships(&token, &csv).await?)
}
