//! Access reviews (issue 17): opening one for a dealership, recording the office manager's
//! decisions, and finishing it, which files the resulting User ID Requests through the
//! ordinary request workflow ([`super::submit`]) in one transaction.
//!
//! The rules are dealer-core's ([`dealer_core::access_review`]); the store keeps what they
//! decided ([`crate::store::access_reviews`]).

use std::collections::BTreeSet;

use dealer_api::{AuditDetail, AuditEvent, AuditOutcome, ErrorCode, RequestId};
use dealer_core::access::{AccessRole, AccountState};
use dealer_core::access_review::{
    AccessDecision, Decider, ReviewPolicy, check_decision, may_decide,
};
use dealer_core::ids::{Pdn, UserId};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::ClientInfo;
use crate::store::StoreError;
use crate::store::access_reviews::{self as store, Review, ReviewPerson};
use crate::store::audit::{self, Entry};
use crate::store::users::User;

use super::submit;

/// Who is deciding: `user`, as the provider or as an office manager of `pdn`.
pub fn decider_of(user: &User, pdn: &Pdn) -> Option<Decider> {
    match user.role {
        AccessRole::OfficeManager if user.pdn.as_ref() == Some(pdn) => {
            Some(Decider::OfficeManager(user.user_id.clone()))
        }
        AccessRole::ProviderAdmin | AccessRole::Reviewer => Some(Decider::Provider),
        _ => None,
    }
}

/// The office managers of `pdn` who can act (active, locked or inactive accounts: not
/// pending, not deactivated), by user ID: who decides, and whom reminders go to.
pub async fn acting_managers(state: &AppState, pdn: &Pdn) -> Result<Vec<User>, StoreError> {
    Ok(state
        .store()
        .users_of_dealer(pdn)
        .await?
        .into_iter()
        .filter(|u| {
            u.role == AccessRole::OfficeManager
                && matches!(
                    u.stored_state,
                    AccountState::Active | AccountState::Inactive
                )
        })
        .collect())
}

async fn manager_ids(state: &AppState, pdn: &Pdn) -> Result<Vec<UserId>, StoreError> {
    let managers = acting_managers(state, pdn).await?;
    Ok(managers.into_iter().map(|u| u.user_id).collect())
}

/// How many of `managers` are not `subject`.
fn others(managers: &[UserId], subject: &UserId) -> usize {
    managers.iter().filter(|m| *m != subject).count()
}

/// Whether `decider` may decide on each of `people` now, in their order (the dealership's
/// office managers read once).
pub async fn may_decide_on(
    state: &AppState,
    decider: &Decider,
    pdn: &Pdn,
    people: &[ReviewPerson],
) -> Result<Vec<bool>, ApiError> {
    let managers = manager_ids(state, pdn).await?;
    Ok(people
        .iter()
        .map(|p| may_decide(decider, &p.user_id, p.role, others(&managers, &p.user_id)).is_ok())
        .collect())
}

/// Open a review of `pdn` now, due by the policy's deadline, unless one is open: `None`
/// then. Audited with the number of people it lists.
pub async fn open(
    state: &AppState,
    pdn: &Pdn,
    opened_by: Option<&User>,
) -> Result<Option<Review>, ApiError> {
    let now = state.now();
    let settings = state.settings();
    let deadline = settings.access_review.deadline(&settings.review, now);
    let mut tx = state.store().pool().begin().await?;
    let by = opened_by.map(|u| u.user_id.to_string());
    let Some(id) = store::open(&mut tx, pdn, by.as_deref(), deadline, now).await? else {
        return Ok(None);
    };
    let review = store::review(&mut tx, pdn, id)
        .await?
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("review {id} vanished")))?;
    let entry = Entry {
        actor: by,
        pdn: Some(pdn.to_string()),
        detail: Some(AuditDetail::AccessReviewOpened {
            review_id: id,
            people: review.total,
        }),
        ..Entry::new(AuditEvent::AccessReviewOpened, AuditOutcome::Success)
    };
    audit::append(&mut tx, &entry, now).await?;
    tx.commit().await?;
    Ok(Some(review))
}

/// The review `id` of `pdn` with its people; another dealership's is `not_found`.
pub async fn load(
    state: &AppState,
    pdn: &Pdn,
    id: i64,
) -> Result<(Review, Vec<ReviewPerson>), ApiError> {
    let mut conn = state.store().for_dealership(pdn).conn().await?;
    let review = store::review(&mut conn, pdn, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let people = store::people(&mut conn, id).await?;
    Ok((review, people))
}

fn finished(review: &Review) -> ApiError {
    ApiError::Conflict(format!(
        "Access review {} is finished: its decisions can no longer change.",
        review.id
    ))
}

/// Record `decider`'s `decision` on `user_id` in a review of `pdn`, as [`load`] read it.
pub async fn decide(
    state: &AppState,
    decider_user: &User,
    pdn: &Pdn,
    (review, people): (Review, Vec<ReviewPerson>),
    user_id: &UserId,
    decision: &AccessDecision,
) -> Result<ReviewPerson, ApiError> {
    let decider = decider_of(decider_user, pdn).ok_or(ApiError::Forbidden)?;
    let id = review.id;
    if review.finished_at.is_some() {
        return Err(finished(&review));
    }
    let person = people
        .into_iter()
        .find(|p| &p.user_id == user_id)
        .ok_or(ApiError::NotFound)?;
    let managers = manager_ids(state, pdn).await?;
    may_decide(&decider, user_id, person.role, others(&managers, user_id)).map_err(|err| {
        ApiError::Invalid {
            code: ErrorCode::NotEligible,
            message: err.to_string(),
        }
    })?;
    let held: BTreeSet<String> = person.applications.iter().cloned().collect();
    let decision = check_decision(decision, user_id, &held)
        .map_err(|err| ApiError::field(err.field(), err))?;
    let now = state.now();
    let mut conn = state.store().conn().await?;
    let by = decider_user.user_id.to_string();
    if !store::decide(&mut conn, id, user_id, &decision, &by, now).await? {
        return Err(finished(&review));
    }
    Ok(ReviewPerson {
        decision: Some(decision),
        decided_by: Some(by),
        decided_at: Some(now),
        ..person
    })
}

/// What finishing did.
#[derive(Debug, Clone)]
pub struct Finished {
    pub review: Review,
    pub requests: Vec<RequestId>,
    /// People whose decision needed nothing filed: their access had ended meanwhile, or
    /// the applications to remove were gone already.
    pub nothing_filed: Vec<String>,
}

/// Finish review `id` of `pdn` as `manager`: every person must be decided. Files one
/// request per decision that changes something, each as filed by whoever decided it, all
/// in one transaction with the finish itself, so a second finish (or one racing this one)
/// files nothing.
pub async fn finish(
    state: &AppState,
    manager: &User,
    pdn: &Pdn,
    id: i64,
    client: &ClientInfo,
) -> Result<Finished, ApiError> {
    let (review, people) = load(state, pdn, id).await?;
    if review.finished_at.is_some() {
        return Err(finished(&review));
    }
    let undecided: Vec<&str> = people
        .iter()
        .filter(|p| p.decision.is_none())
        .map(|p| p.user_id.as_str())
        .collect();
    if !undecided.is_empty() {
        return Err(ApiError::Invalid {
            code: ErrorCode::NotEligible,
            message: format!(
                "Decide on everyone before finishing: {} of {} still to decide ({}).",
                undecided.len(),
                people.len(),
                undecided.join(", ")
            ),
        });
    }

    // Check every request before anything is written: the people as they are now.
    let mut to_file = Vec::new();
    let mut nothing_filed = Vec::new();
    for person in &people {
        let Some(decision) = &person.decision else {
            continue;
        };
        let Some(form) = still_applies(state, person, decision).await? else {
            if !matches!(decision, AccessDecision::Keep) {
                nothing_filed.push(person.user_id.to_string());
            }
            continue;
        };
        let filer = match &person.decided_by {
            Some(by) if by != manager.user_id.as_str() => match UserId::parse(by).ok() {
                Some(by) => state.store().user_by_id(&by).await?,
                None => None,
            },
            _ => None,
        };
        let filer = filer.unwrap_or_else(|| manager.clone());
        let new = submit::check(state, &filer, pdn, &form, None).await?;
        to_file.push((person.user_id.clone(), filer, new));
    }

    let now = state.now();
    let mut tx = state.store().pool().begin().await?;
    if !store::finish(&mut tx, id, manager.user_id.as_str(), now).await? {
        return Err(finished(&review));
    }
    let mut requests = Vec::new();
    for (user_id, filer, new) in &to_file {
        let request = submit::store_filed(&mut tx, state, filer, new, client, None).await?;
        store::set_request(&mut tx, id, user_id, request.0).await?;
        requests.push(request);
    }
    let entry = Entry {
        actor: Some(manager.user_id.to_string()),
        pdn: Some(pdn.to_string()),
        client_addr: client.addr_text(),
        detail: Some(AuditDetail::AccessReviewFinished {
            review_id: id,
            requests: requests.clone(),
        }),
        ..Entry::new(AuditEvent::AccessReviewFinished, AuditOutcome::Success)
    };
    audit::append(&mut tx, &entry, now).await?;
    let review = store::review(&mut tx, pdn, id)
        .await?
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("review {id} vanished")))?;
    tx.commit().await?;
    Ok(Finished {
        review,
        requests,
        nothing_filed,
    })
}

/// The request `decision` files for `person` as things stand now, if any: nothing for
/// someone whose access ended meanwhile (deactivated, or gone from the store), and a
/// removal only of applications they still hold.
async fn still_applies(
    state: &AppState,
    person: &ReviewPerson,
    decision: &AccessDecision,
) -> Result<Option<dealer_core::forms::RequestForm>, ApiError> {
    if matches!(decision, AccessDecision::Keep) {
        return Ok(None);
    }
    let Some(user) = state.store().user_by_id(&person.user_id).await? else {
        return Ok(None);
    };
    if matches!(
        user.stored_state,
        AccountState::Deactivated | AccountState::Pending
    ) {
        return Ok(None);
    }
    let decision = match decision {
        AccessDecision::Remove { applications } => {
            let held = state.store().applications_of(user.pk).await?;
            let still: Vec<String> = applications
                .iter()
                .filter(|a| held.contains(a))
                .cloned()
                .collect();
            if still.is_empty() {
                return Ok(None);
            }
            AccessDecision::Remove {
                applications: still,
            }
        }
        other => other.clone(),
    };
    Ok(decision.request(&person.user_id))
}

/// The policy in force (for the routes' summaries).
pub fn policy(state: &AppState) -> ReviewPolicy {
    state.settings().access_review
}
