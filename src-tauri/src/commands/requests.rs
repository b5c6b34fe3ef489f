//! User ID Requests as the signed-in person sees them: an office manager files, follows,
//! answers and cancels their dealership's requests and reads its users; a reviewer works
//! the queue. The PDN is always the manager's own, from their session.

use dealer_api::{
    DealerUser, DealerUsersFilter, Decision, ImportReport, RequestDetail, RequestFilter,
    RequestForm, RequestPage,
};
use dealer_api::{ErrorCode, RequestId};
use tauri::State;
use zeroize::Zeroizing;

use crate::{CommandError, Portal, SessionState};

/// The session token, or `unauthenticated`.
pub(crate) fn token(session: &SessionState) -> Result<Zeroizing<String>, CommandError> {
    session
        .get()
        .map(|signed| signed.token)
        .ok_or_else(CommandError::unauthenticated)
}

/// The session token and the signed-in manager's PDN, as the portal gave it at sign-in:
/// `unauthenticated` without a session, `forbidden` for provider staff, who have none.
pub(crate) fn own_dealership(
    session: &SessionState,
) -> Result<(Zeroizing<String>, String), CommandError> {
    let signed = session.get().ok_or_else(CommandError::unauthenticated)?;
    let pdn = signed.pdn.ok_or_else(|| {
        CommandError::new(
            ErrorCode::Forbidden,
            "Only an office manager has a dealership.",
        )
    })?;
    Ok((signed.token, pdn))
}

#[tauri::command]
pub async fn submit_request(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    form: RequestForm,
) -> Result<RequestDetail, CommandError> {
    let token = token(&session)?;
    Ok(portal.client.submit_request(&token, &form).await?)
}

#[tauri::command]
pub async fn request_detail(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    id: RequestId,
) -> Result<RequestDetail, CommandError> {
    let token = token(&session)?;
    Ok(portal.client.request(&token, id).await?)
}

/// My dealership's requests, newest first.
#[tauri::command]
pub async fn dealer_requests(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    filter: RequestFilter,
) -> Result<RequestPage, CommandError> {
    let (token, pdn) = own_dealership(&session)?;
    Ok(portal.client.dealer_requests(&token, &pdn, &filter).await?)
}

/// My dealership's users with status, locks and the inactivity countdown.
#[tauri::command]
pub async fn dealer_users(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    filter: DealerUsersFilter,
) -> Result<Vec<DealerUser>, CommandError> {
    let (token, pdn) = own_dealership(&session)?;
    Ok(portal.client.dealer_users(&token, &pdn, &filter).await?)
}

#[tauri::command]
pub async fn answer_request(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    id: RequestId,
    note: String,
) -> Result<RequestDetail, CommandError> {
    let token = token(&session)?;
    Ok(portal.client.answer_request(&token, id, &note).await?)
}

#[tauri::command]
pub async fn cancel_request(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    id: RequestId,
    note: Option<String>,
) -> Result<RequestDetail, CommandError> {
    let token = token(&session)?;
    Ok(portal
        .client
        .cancel_request(&token, id, note.as_deref())
        .await?)
}

/// The reviewers' queue, oldest due first.
#[tauri::command]
pub async fn review_queue(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    filter: RequestFilter,
) -> Result<RequestPage, CommandError> {
    let token = token(&session)?;
    Ok(portal.client.review_queue(&token, &filter).await?)
}

#[tauri::command]
pub async fn decide_request(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    id: RequestId,
    decision: Decision,
) -> Result<RequestDetail, CommandError> {
    let token = token(&session)?;
    Ok(portal.client.decide(&token, id, &decision).await?)
}

/// New-user requests from a CSV file's text; the report says what became of each row.
#[tauri::command]
pub async fn import_requests(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    csv: String,
) -> Result<ImportReport, CommandError> {
    let (token, pdn) = own_dealership(&session)?;
    Ok(portal.client.import_requests(&token, &pdn, &csv).await?)
}

/// My dealership's roster as CSV text, for the UI to offer as a download.
#[tauri::command]
pub async fn roster_csv(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
) -> Result<String, CommandError> {
    let (token, pdn) = own_dealership(&session)?;
    Ok(portal.client.roster_csv(&token, &pdn).await?)
}
