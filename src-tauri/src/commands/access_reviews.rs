//! Access reviews (issue 17) as the office manager works them: the dealership's reviews,
//! one with its people, a decision on one person, the finish, and the CSV evidence. An
//! office manager's PDN is always her own, from her session; the provider's admins and
//! reviewers name the dealership (`pdn`), see completion across dealerships, and (admins)
//! open reviews now. The portal decides who may do what; these only pick the dealership.

use dealer_api::{
    AccessDecision, AccessReview, AccessReviewPerson, AccessReviewSummary, ErrorCode,
    FinishedAccessReview, OpenedAccessReviews, ReviewCompletion,
};
use tauri::State;
use zeroize::Zeroizing;

use super::requests::{own_dealership, token};
use crate::{CommandError, Portal, SessionState};

/// The dealership a review command is about: an office manager's own (another PDN is
/// refused here, before the portal would answer "not found"), or the one the provider
/// names.
pub(crate) fn reviewed_dealership(
    session: &SessionState,
    pdn: Option<String>,
) -> Result<(Zeroizing<String>, String), CommandError> {
    let signed = session.get().ok_or_else(CommandError::unauthenticated)?;
    match (signed.pdn, pdn) {
        (Some(own), Some(other)) if own != other => Err(CommandError::new(
            ErrorCode::Forbidden,
            "An office manager reviews her own dealership's access only.",
        )),
        (Some(own), _) => Ok((signed.token, own)),
        (None, Some(named)) => Ok((signed.token, named)),
        (None, None) => Err(CommandError::new(
            ErrorCode::BadRequest,
            "Say which dealership's access review this is about.",
        )),
    }
}

/// My dealership's access reviews, newest first.
#[tauri::command]
pub async fn access_reviews(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
) -> Result<Vec<AccessReviewSummary>, CommandError> {
    let (token, pdn) = own_dealership(&session)?;
    Ok(portal.client.access_reviews(&token, &pdn).await?)
}

/// One review with its people: of my dealership, or of the dealership `pdn` (provider).
#[tauri::command]
pub async fn access_review(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    id: i64,
    pdn: Option<String>,
) -> Result<AccessReview, CommandError> {
    let (token, pdn) = reviewed_dealership(&session, pdn)?;
    Ok(portal.client.access_review(&token, &pdn, id).await?)
}

/// My decision on one person of a review (the provider decides a lone office manager's
/// own row).
#[tauri::command]
pub async fn decide_access(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    id: i64,
    user_id: String,
    decision: AccessDecision,
    pdn: Option<String>,
) -> Result<AccessReviewPerson, CommandError> {
    let (token, pdn) = reviewed_dealership(&session, pdn)?;
    Ok(portal
        .client
        .decide_access(&token, &pdn, id, &user_id, &decision)
        .await?)
}

/// Finish a review whose people are all decided: its requests are filed.
#[tauri::command]
pub async fn finish_access_review(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    id: i64,
) -> Result<FinishedAccessReview, CommandError> {
    let (token, pdn) = own_dealership(&session)?;
    Ok(portal.client.finish_access_review(&token, &pdn, id).await?)
}

/// A review's evidence as CSV text, for the UI to offer as a download.
#[tauri::command]
pub async fn access_review_report_csv(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    id: i64,
    pdn: Option<String>,
) -> Result<String, CommandError> {
    let (token, pdn) = reviewed_dealership(&session, pdn)?;
    Ok(portal
        .client
        .access_review_report_csv(&token, &pdn, id)
        .await?)
}

/// A review's printable report (PDF), for the UI to offer as a download.
#[tauri::command]
pub async fn access_review_report_pdf(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    id: i64,
    pdn: Option<String>,
) -> Result<Vec<u8>, CommandError> {
    let (token, pdn) = reviewed_dealership(&session, pdn)?;
    Ok(portal
        .client
        .access_review_report_pdf(&token, &pdn, id)
        .await?)
}

/// Reviews across dealerships (provider admins and reviewers): open ones by deadline, then
/// finished ones newest first; narrowed to one completion and one dealership when asked.
#[tauri::command]
pub async fn access_reviews_across(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    completion: Option<ReviewCompletion>,
    pdn: Option<String>,
) -> Result<Vec<AccessReviewSummary>, CommandError> {
    let token = token(&session)?;
    let pdn = pdn.filter(|p| !p.trim().is_empty());
    Ok(portal
        .client
        .access_reviews_across(&token, completion, pdn.as_deref().map(str::trim))
        .await?)
}

/// Open a review now (provider admins): for the dealership `pdn`, or for every open one
/// without. A dealership with one open already keeps it.
#[tauri::command]
pub async fn open_access_reviews(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    pdn: Option<String>,
) -> Result<OpenedAccessReviews, CommandError> {
    let token = token(&session)?;
    let pdn = pdn.filter(|p| !p.trim().is_empty());
    Ok(portal
        .client
        .open_access_reviews(&token, pdn.as_deref().map(str::trim))
        .await?)
}
