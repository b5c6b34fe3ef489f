//! Access reviews (issue 17) as the office manager works them: the dealership's reviews,
//! one with its people, a decision on one person, the finish, and the CSV evidence. The
//! PDN is always the manager's own, from their session.

use dealer_api::{
    AccessDecision, AccessReview, AccessReviewPerson, AccessReviewSummary, FinishedAccessReview,
};
use tauri::State;

use super::requests::own_dealership;
use crate::{CommandError, Portal, SessionState};

/// My dealership's access reviews, newest first.
#[tauri::command]
pub async fn access_reviews(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
) -> Result<Vec<AccessReviewSummary>, CommandError> {
    let (token, pdn) = own_dealership(&session)?;
    Ok(portal.client.access_reviews(&token, &pdn).await?)
}

/// One of my dealership's reviews, with its people.
#[tauri::command]
pub async fn access_review(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    id: i64,
) -> Result<AccessReview, CommandError> {
    let (token, pdn) = own_dealership(&session)?;
    Ok(portal.client.access_review(&token, &pdn, id).await?)
}

/// My decision on one person of a review.
#[tauri::command]
pub async fn decide_access(
    portal: State<'_, Portal>,
    session: State<'_, SessionState>,
    id: i64,
    user_id: String,
    decision: AccessDecision,
) -> Result<AccessReviewPerson, CommandError> {
    let (token, pdn) = own_dealership(&session)?;
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
) -> Result<String, CommandError> {
    let (token, pdn) = own_dealership(&session)?;
    Ok(portal
        .client
        .access_review_report_csv(&token, &pdn, id)
        .await?)
}
