//! The request workflow: filing a request and acting on it, each in one transaction with
//! its effect on the account, its history row, its mail and its audit row.
//!
//! The state machine is dealer-core's [`transition`]; the store applies the result with a
//! compare-and-set, so of concurrent decisions on one request exactly one takes effect and
//! the others answer 409 with the state the request is in now.

pub mod access_review;
pub mod account;
pub mod help_desk;
pub(crate) mod mail;
mod register;
mod submit;
pub mod two_step;

pub use mail::{eastern_text, registration_awaits, registration_code, registration_received};
pub use register::{Registered, register, send_email_code};
pub use submit::{
    FiledRequest, RequestDraft, file, self_reactivation, suggest_user_ids, user_id_taken,
};

use chrono::{DateTime, Utc};
use dealer_api::AuditDetail;
use dealer_api::ErrorCode;
use dealer_api::{AuditEvent, AuditOutcome};
use dealer_core::access::{AccessRole, AccountState};
use dealer_core::requests::{
    Action, Actor, Effect, Guards, RequestState, TransitionError, additional_steps_done, transition,
};
use sqlx::AnyConnection;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::ClientInfo;
use crate::store::audit::{self, Entry};
use crate::store::outbox;
use crate::store::requests::{self as store_requests, StoredEvent, StoredRequest};
use crate::store::sessions::revoke_all;
use crate::store::users::{NewUser, User, insert_user};
use crate::store::{StoreError, UserKey, enrollments};

/// The longest note kept with a transition.
pub const NOTE_MAX_CHARS: usize = 2000;

/// A request as an action left it, with its history up to and including that action: what
/// the one who acted is shown, without reading it back.
#[derive(Debug, Clone)]
pub struct Acted {
    pub request: StoredRequest,
    pub history: Vec<StoredEvent>,
}

/// Who acts on a request.
#[derive(Debug, Clone, Copy)]
pub enum Party<'a> {
    Reviewer(&'a User),
    /// The office manager of the request's PDN.
    Manager(&'a User),
    /// A registrant, holding the status token of their registration.
    Registrant,
}

impl Party<'_> {
    fn actor(self) -> Actor {
        match self {
            Party::Reviewer(_) => Actor::Reviewer,
            Party::Manager(_) | Party::Registrant => Actor::Requester,
        }
    }

    pub fn user_id(self) -> Option<String> {
        match self {
            Party::Reviewer(user) | Party::Manager(user) => Some(user.user_id.to_string()),
            Party::Registrant => None,
        }
    }
}

/// A note as kept: trimmed, `None` when empty, refused when too long.
pub fn clean_note(note: Option<&str>) -> Result<Option<String>, ApiError> {
    let note = note.map(str::trim).filter(|n| !n.is_empty());
    match note {
        Some(n) if n.chars().count() > NOTE_MAX_CHARS => Err(ApiError::Invalid {
            code: ErrorCode::NoteTooLong,
            message: format!("Keep the note under {NOTE_MAX_CHARS} characters."),
        }),
        Some(n) => Ok(Some(n.to_owned())),
        None => Ok(None),
    }
}

fn refused(request: &StoredRequest, err: TransitionError) -> ApiError {
    match err {
        TransitionError::NotYourRole { .. } => ApiError::Forbidden,
        TransitionError::NoteRequired { .. } => ApiError::Invalid {
            code: ErrorCode::NoteRequired,
            message: err.to_string(),
        },
        TransitionError::Terminal { .. }
        | TransitionError::NotAllowed { .. }
        | TransitionError::AdditionalStepsPending => ApiError::WrongState {
            current: request.state,
            message: err.to_string(),
        },
    }
}

/// Apply `action` to `request` as `party`. Returns the state the request is in now.
pub async fn act(
    state: &AppState,
    request: &StoredRequest,
    party: Party<'_>,
    action: Action,
    note: Option<&str>,
    client: &ClientInfo,
) -> Result<Acted, ApiError> {
    let now = state.now();
    let note = clean_note(note)?;
    let mut history = state.store().request_history(request.id).await?;
    let pairs: Vec<(RequestState, RequestState)> = history
        .iter()
        .filter_map(|e| e.from.map(|from| (from, e.to)))
        .collect();
    let guards = Guards {
        additional_steps_pending: request.needs_steps && !additional_steps_done(&pairs),
        has_note: note.is_some(),
    };
    let to = transition(request.state, action, party.actor(), guards)
        .map_err(|e| refused(request, e))?;
    // An answered question hands the request back to the provider with a fresh promise.
    let due_at = (action == Action::AnswerInfo).then(|| state.settings().review.due(now));
    let requester_email = match &request.submitted_by {
        Some(manager) => match dealer_core::ids::UserId::parse(manager) {
            Ok(id) => state.store().user_by_id(&id).await?.map(|u| u.email),
            Err(_) => None,
        },
        None => Some(request.email.clone()),
    };

    let mut tx = state.store().pool().begin().await?;
    if !store_requests::compare_and_set(&mut tx, request.id, request.state, to, due_at, now).await?
    {
        drop(tx);
        let current = state
            .store()
            .request(request.id)
            .await?
            .ok_or(ApiError::NotFound)?
            .state;
        return Err(ApiError::WrongState {
            current,
            message: format!(
                "Someone else acted on this request first: it is now {}. Reload it to see \
                 what changed.",
                current.as_str().replace('_', " ")
            ),
        });
    }
    if let Some(effect) = request.kind.effect_on(to) {
        apply(state, &mut tx, request, effect, now).await?;
    }
    let event = StoredEvent {
        at: now,
        actor: party.user_id(),
        action: action.into(),
        from: Some(request.state),
        to,
        note: note.clone(),
    };
    store_requests::record_event(&mut tx, request.id, &event).await?;
    if let Some(mail) = requester_email
        .and_then(|email| mail::decision(state, &email, request, action, to, note.as_deref(), now))
    {
        outbox::enqueue(&mut tx, &mail, now).await?;
    }
    audit::append(
        &mut tx,
        &Entry {
            event: AuditEvent::RequestTransition,
            outcome: AuditOutcome::Success,
            actor: party.user_id(),
            target: Some(request.user_id.clone()),
            pdn: Some(request.pdn.to_string()),
            client_addr: client.addr_text(),
            detail: Some(AuditDetail::RequestTransition {
                request_id: request.id,
                request_kind: request.kind,
                from: request.state,
                to,
                action,
            }),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    history.push(event);
    Ok(Acted {
        request: StoredRequest {
            state: to,
            due_at: due_at.unwrap_or(request.due_at),
            updated_at: now,
            ..request.clone()
        },
        history,
    })
}

fn no_account(request: &StoredRequest) -> ApiError {
    ApiError::Conflict(format!(
        "The account {} this request is about no longer exists; reject or cancel the request.",
        request.user_id
    ))
}

/// Access ends at once: the account is deactivated (from any state that could still sign
/// in or become able to) and every session ends. The one way a deactivation, filed or
/// decided, takes access away; how many sessions ended.
pub(crate) async fn suspend_access(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    now: DateTime<Utc>,
) -> Result<u64, ApiError> {
    use AccountState as S;
    store_requests::set_account_state(
        conn,
        user_pk,
        &[S::Active, S::Inactive, S::Pending],
        S::Deactivated,
        None,
    )
    .await?;
    Ok(revoke_all(conn, user_pk, now).await?)
}

/// What entering a state does to the account, inside the transition's transaction.
async fn apply(
    state: &AppState,
    conn: &mut AnyConnection,
    request: &StoredRequest,
    effect: Effect,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    use AccountState as S;
    let pk = request.user_pk;
    match effect {
        Effect::ActivateAccount => {
            let pk = pk.ok_or_else(|| no_account(request))?;
            if store_requests::set_account_state(conn, pk, &[S::Pending], S::Active, Some(now))
                .await?
            {
                outbox::enqueue(conn, &mail::registration_approved(state, request, now), now)
                    .await?;
            }
        }
        Effect::GrantApplications => {
            let pk = pk.ok_or_else(|| no_account(request))?;
            store_requests::grant_applications(conn, pk, &request.applications, now).await?;
        }
        Effect::DiscardPendingAccount => {
            if let Some(pk) = pk {
                store_requests::discard_pending_account(conn, pk).await?;
            }
        }
        Effect::CreateAccountWithEnrollment => {
            let new = NewUser {
                user_id: dealer_core::ids::UserId::parse(&request.user_id)
                    .map_err(|e| ApiError::internal(anyhow::anyhow!("stored user ID: {e}")))?,
                pdn: Some(request.pdn.clone()),
                role: AccessRole::Staff,
                first_name: request.first_name.clone(),
                last_name: request.last_name.clone(),
                email: request.email.clone(),
                phone: request.phone.clone(),
                job_role: request.job_role.clone(),
                state: S::Active,
                password_hash: None,
                must_change_password: false,
            };
            let pk = match insert_user(conn, &new, now).await {
                Err(StoreError::Conflict) => {
                    return Err(ApiError::UserIdTaken {
                        message: format!(
                            "The user ID {} was taken after this request was filed. Reject the \
                             request so the office manager can file it again with another \
                             user ID.",
                            request.user_id
                        ),
                        suggestions: Vec::new(),
                    });
                }
                other => other?,
            };
            store_requests::grant_applications(conn, pk, &request.applications, now).await?;
            store_requests::set_request_user(conn, request.id, pk).await?;
            let code = enrollments::issue(conn, pk, Some(request.id), now).await?;
            outbox::enqueue(conn, &mail::enrollment(state, request, &code, now), now).await?;
        }
        Effect::RemoveApplications => {
            let pk = pk.ok_or_else(|| no_account(request))?;
            store_requests::remove_applications(conn, pk, &request.applications).await?;
        }
        Effect::Reactivate => {
            let pk = pk.ok_or_else(|| no_account(request))?;
            if !store_requests::set_account_state(
                conn,
                pk,
                &[S::Inactive, S::Active],
                S::Active,
                Some(now),
            )
            .await?
            {
                return Err(ApiError::Conflict(format!(
                    "{} is no longer inactive (deactivated meanwhile?), so it cannot be \
                     reactivated; reject the request.",
                    request.user_id
                )));
            }
            outbox::enqueue(conn, &mail::reactivated(state, request, now), now).await?;
        }
        Effect::SuspendAccess | Effect::Deactivate => {
            if let Some(pk) = pk {
                suspend_access(conn, pk, now).await?;
            }
        }
        Effect::RestoreAccess => {
            if let Some(pk) = pk {
                let prior = request.prior_state.unwrap_or(S::Active);
                store_requests::set_account_state(conn, pk, &[S::Deactivated], prior, None).await?;
            }
        }
        Effect::CreatePendingAccount => {}
    }
    Ok(())
}
