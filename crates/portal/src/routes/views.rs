//! How stored things read on the wire: one mapping each, shared by the routes that show
//! them (a request's summary and history, a user's state and lock).

use chrono::{DateTime, Utc};
use dealer_api::{LockInfo, Me, RegistrationStatus, RequestDetail, RequestEvent, RequestSummary};
use dealer_core::access::AccountState;
use dealer_core::inactivity::InactivityPolicy;
use dealer_core::lockout::AttemptKind;

use crate::AppState;
use crate::error::ApiError;
use crate::store::requests::{StoredEvent, StoredRequest};
use crate::store::users::User;

/// A request as lists show it, its texts moved rather than copied (a page of 50).
pub(super) fn into_summary(request: StoredRequest, now: DateTime<Utc>) -> RequestSummary {
    RequestSummary {
        id: request.id,
        kind: request.kind,
        state: request.state,
        pdn: request.pdn.to_string(),
        overdue: request.is_overdue(now),
        dealership_name: request.dealership_name,
        user_id: request.user_id,
        first_name: request.first_name,
        last_name: request.last_name,
        applications: request.applications,
        submitted_by: request.submitted_by,
        submitted_at: request.submitted_at,
        due_at: request.due_at,
        updated_at: request.updated_at,
    }
}

/// A request's history, oldest first, as the wire shows it.
pub(super) fn history(events: Vec<StoredEvent>) -> Vec<RequestEvent> {
    events
        .into_iter()
        .map(|e| RequestEvent {
            at: e.at,
            actor: e.actor,
            action: e.action,
            from: e.from,
            to: e.to,
            note: e.note,
        })
        .collect()
}

/// A request with everything its page shows.
pub(super) fn request_detail(
    mut request: StoredRequest,
    events: Vec<StoredEvent>,
    now: DateTime<Utc>,
) -> RequestDetail {
    // What only the page shows is taken out first; the rest becomes the summary.
    let email = std::mem::take(&mut request.email);
    let (business_phone, job_role, reason) = (
        request.phone.take(),
        request.job_role.take(),
        request.reason.take(),
    );
    RequestDetail {
        needs_additional_steps: request.needs_steps,
        history: history(events),
        email,
        business_phone,
        job_role,
        reason,
        request: into_summary(request, now),
    }
}

/// Where a registration stands, as its registrant sees it.
pub(super) fn registration_status(
    request: &StoredRequest,
    events: Vec<StoredEvent>,
    now: DateTime<Utc>,
) -> RegistrationStatus {
    RegistrationStatus {
        request_id: request.id,
        user_id: request.user_id.clone(),
        dealership_name: request.dealership_name.clone(),
        state: request.state,
        due_at: request.due_at,
        overdue: request.is_overdue(now),
        history: history(events),
    }
}

/// The signed-in person as the app shows them.
pub(super) async fn me_of(state: &AppState, user: &User) -> Result<Me, ApiError> {
    let dealership_name = match &user.pdn {
        Some(pdn) => state.store().dealer(pdn).await?.map(|d| d.name.to_string()),
        None => None,
    };
    Ok(Me {
        user_id: user.user_id.to_string(),
        first_name: user.first_name.clone(),
        last_name: user.last_name.clone(),
        email: user.email.clone(),
        phone: user.phone.clone(),
        role: user.role,
        pdn: user.pdn.as_ref().map(ToString::to_string),
        dealership_name,
        must_change_password: user.must_change_password,
        two_step_setup_required: state
            .settings()
            .two_step
            .set_up_needed(user.role, user.two_step_on),
        last_sign_in_at: user.last_sign_in_at,
        deactivates_at: Some(
            state
                .settings()
                .inactivity
                .deactivates_at(user.activity_since),
        ),
    })
}

/// The state that counts (see [`User::status`]).
pub(super) fn status_of(
    user: &User,
    policy: &InactivityPolicy,
    now: DateTime<Utc>,
) -> AccountState {
    user.status(policy, now)
}

/// Since when, by which kind of attempt and after how many failures an account is locked.
pub(super) fn lock_of(user: &User, verify_failures: u32) -> Option<LockInfo> {
    let since = user.locked_at?;
    Some(LockInfo {
        since,
        kind: user.lock_kind,
        failures: match user.lock_kind {
            Some(AttemptKind::HelpDeskVerification) => verify_failures,
            Some(AttemptKind::ChallengeAnswer) => user.answer_failures,
            _ => user.failed_attempts,
        },
    })
}
