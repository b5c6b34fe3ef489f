//! Filing an office manager's User ID Request: validated by dealer-core, checked against
//! the account it is about (of the manager's own PDN only), and stored in `submitted` with
//! its due time. A deactivation suspends access in the same transaction.

use dealer_api::AuditDetail;
use dealer_api::ErrorCode;
use dealer_api::SuspendedAccess;
use dealer_api::{AuditEvent, AuditOutcome};
use dealer_core::access::AccountState;
use dealer_core::forms::{RequestForm, ValidRequest};
use dealer_core::ids::{Pdn, UserId};
use dealer_core::requests::{
    Effect, EligibilityError, HistoryAction, RequestState, check_eligibility, check_filer,
};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::ClientInfo;
use crate::store::StoreError;
use crate::store::audit::{self, Entry};
use crate::store::outbox;
use crate::store::requests::{self as store_requests, NewRequest, StoredEvent};
use crate::store::users::User;
use crate::workflow::mail;

/// A request filed: its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FiledRequest {
    pub id: dealer_api::RequestId,
}

/// A form and where it came from.
#[derive(Debug, Clone)]
pub struct RequestDraft<'a> {
    pub form: &'a RequestForm,
    /// The fingerprint of a CSV row, so the same row is never created twice.
    pub import_key: Option<String>,
    /// Filed by the person it is about (an inactive user asking to be reactivated): these
    /// office managers (first name, email) are told, and the person gets a receipt.
    pub self_filed: Option<Vec<(String, String)>>,
}

/// Whether a user ID belongs to an account or to an open new-user request.
pub async fn user_id_taken(state: &AppState, user_id: &UserId) -> Result<bool, ApiError> {
    Ok(state.store().user_by_id(user_id).await?.is_some()
        || state
            .store()
            .new_user_request_open(user_id.as_str())
            .await?)
}

/// Up to three free user IDs built from the one asked for and the person's name.
pub async fn suggest_user_ids(
    state: &AppState,
    taken: &str,
    first_name: &str,
    last_name: &str,
) -> Result<Vec<String>, ApiError> {
    let clean = |s: &str| -> String {
        s.to_lowercase()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect()
    };
    let (first, last) = (clean(first_name), clean(last_name));
    let mut candidates = Vec::new();
    if let (Some(initial), false) = (first.chars().next(), last.is_empty()) {
        candidates.push(format!("{initial}{last}"));
        candidates.push(format!("{first}.{last}"));
    }
    let base: String = taken.chars().take(29).collect();
    candidates.extend((2..=9).map(|n| format!("{base}{n}")));
    let mut free = Vec::new();
    for candidate in candidates {
        let Ok(id) = UserId::parse(&candidate) else {
            continue;
        };
        if id.as_str() != taken
            && !free.contains(&id.to_string())
            && !user_id_taken(state, &id).await?
        {
            free.push(id.to_string());
            if free.len() == 3 {
                break;
            }
        }
    }
    Ok(free)
}

/// The account a form names, of the manager's own dealership only: another PDN's user is
/// "no such user" (404), like one that does not exist.
async fn own_user(state: &AppState, pdn: &Pdn, user_id: &UserId) -> Result<User, ApiError> {
    state
        .store()
        .user_by_id(user_id)
        .await?
        .filter(|u| u.pdn.as_ref() == Some(pdn))
        .ok_or(ApiError::NotFound)
}

fn not_eligible(err: EligibilityError) -> ApiError {
    match err {
        EligibilityError::NoSuchUser => ApiError::NotFound,
        EligibilityError::ApplicationNotHeld { .. } => ApiError::field("applications", err),
        other => ApiError::Invalid {
            code: ErrorCode::NotEligible,
            message: other.to_string(),
        },
    }
}

/// File `draft` for the dealership `pdn` as `manager`.
pub async fn file(
    state: &AppState,
    manager: &User,
    pdn: &Pdn,
    draft: RequestDraft<'_>,
    client: &ClientInfo,
) -> Result<FiledRequest, ApiError> {
    let new = check(state, manager, pdn, draft.form, draft.import_key).await?;
    let mut tx = state.store().pool().begin().await?;
    let id = store_filed(
        &mut tx,
        state,
        manager,
        &new,
        client,
        draft.self_filed.as_deref(),
    )
    .await?;
    tx.commit().await?;
    Ok(FiledRequest { id })
}

/// `form` checked for the dealership `pdn` as `manager` would file it (valid, about one of
/// the dealership's own people, eligible) and made into the request to store.
pub async fn check(
    state: &AppState,
    manager: &User,
    pdn: &Pdn,
    form: &RequestForm,
    import_key: Option<String>,
) -> Result<NewRequest, ApiError> {
    let now = state.now();
    let settings = state.settings();
    let valid = form
        .validate(&settings.applications)
        .map_err(ApiError::InvalidForm)?;
    let kind = valid.kind();
    let mut new = NewRequest {
        pdn: pdn.clone(),
        kind,
        user_id: valid.user_id().to_string(),
        user_pk: None,
        first_name: String::new(),
        last_name: String::new(),
        email: String::new(),
        phone: None,
        job_role: None,
        applications: Vec::new(),
        reason: None,
        needs_steps: false,
        prior_state: None,
        submitted_by: Some(manager.user_id.to_string()),
        status_token_hash: None,
        import_key,
        submitted_at: now,
        due_at: settings.review.due(now),
    };
    match &valid {
        ValidRequest::NewUser {
            person,
            user_id,
            applications,
        } => {
            if user_id_taken(state, user_id).await? {
                return Err(ApiError::UserIdTaken {
                    message: format!("The user ID {user_id} is already taken."),
                    suggestions: suggest_user_ids(
                        state,
                        user_id.as_str(),
                        person.first_name.as_str(),
                        person.last_name.as_str(),
                    )
                    .await?,
                });
            }
            new.first_name = person.first_name.to_string();
            new.last_name = person.last_name.to_string();
            new.email = person.email.to_string();
            new.phone = Some(person.business_phone.to_string());
            new.job_role = Some(person.role.label().to_owned());
            new.applications = applications.iter().map(ToString::to_string).collect();
            new.needs_steps = settings.applications.needs_additional_steps(applications);
        }
        other => {
            let user = own_user(state, pdn, other.user_id()).await?;
            check_filer(kind, &manager.user_id, &user.user_id).map_err(not_eligible)?;
            let status = user.status(&settings.inactivity, now);
            check_eligibility(kind, user.user_id.as_str(), Some(status)).map_err(not_eligible)?;
            new.user_pk = Some(user.pk);
            new.first_name.clone_from(&user.first_name);
            new.last_name.clone_from(&user.last_name);
            new.email.clone_from(&user.email);
            new.phone.clone_from(&user.phone);
            new.job_role.clone_from(&user.job_role);
            match other {
                ValidRequest::RemoveApplicationAccess { applications, .. } => {
                    let held = state.store().applications_of(user.pk).await?;
                    for app in applications {
                        if !held.iter().any(|h| h == app.as_str()) {
                            let name = settings
                                .applications
                                .get(app.as_str())
                                .map_or(app.to_string(), |a| a.name.clone());
                            return Err(not_eligible(EligibilityError::ApplicationNotHeld {
                                user: user.user_id.to_string(),
                                application: name,
                            }));
                        }
                    }
                    new.applications = applications.iter().map(ToString::to_string).collect();
                }
                ValidRequest::Deactivation { reason, .. } => {
                    new.reason = Some(reason.clone()).filter(|r| !r.is_empty());
                    new.prior_state = Some(match user.stored_state {
                        AccountState::Inactive => AccountState::Inactive,
                        _ => AccountState::Active,
                    });
                }
                _ => {}
            }
        }
    }
    Ok(new)
}

/// Store the checked request `new` in `tx`: the request, its first history entry, a
/// deactivation's suspension of access, the audit entry and (filed by the person it is
/// about) the mails to them and their `self_filed` office managers. Nothing commits here.
pub async fn store_filed(
    tx: &mut sqlx::AnyConnection,
    state: &AppState,
    manager: &User,
    new: &NewRequest,
    client: &ClientInfo,
    self_filed: Option<&[(String, String)]>,
) -> Result<dealer_api::RequestId, ApiError> {
    let now = new.submitted_at;
    let kind = new.kind;
    let pdn = &new.pdn;
    let id = match store_requests::insert(tx, new).await {
        Err(StoreError::Conflict) if new.import_key.is_some() => {
            return Err(ApiError::Conflict("This row was imported before.".into()));
        }
        Err(StoreError::Conflict) => {
            return Err(ApiError::UserIdTaken {
                message: format!("The user ID {} is already taken.", new.user_id),
                suggestions: Vec::new(),
            });
        }
        other => other?,
    };
    store_requests::record_event(
        tx,
        id,
        &StoredEvent {
            at: now,
            actor: Some(manager.user_id.to_string()),
            action: HistoryAction::Submit,
            from: None,
            to: RequestState::Submitted,
            note: None,
        },
    )
    .await?;
    let mut access_suspended = None;
    if kind.on_submit() == Some(Effect::SuspendAccess)
        && let Some(pk) = new.user_pk
    {
        // A leaver never waits a business day: access ends now.
        access_suspended = Some(SuspendedAccess {
            sessions_ended: super::suspend_access(tx, pk, now).await?,
        });
    }
    audit::append(
        tx,
        &Entry {
            event: AuditEvent::RequestSubmitted,
            outcome: AuditOutcome::Success,
            actor: Some(manager.user_id.to_string()),
            target: Some(new.user_id.clone()),
            pdn: Some(pdn.to_string()),
            client_addr: client.addr_text(),
            detail: Some(AuditDetail::RequestSubmitted {
                request_id: id,
                request_kind: kind,
                access_suspended,
            }),
        },
        now,
    )
    .await?;
    if let Some(managers) = self_filed {
        outbox::enqueue(tx, &mail::self_filed_receipt(state, new, id, now), now).await?;
        for (first_name, email) in managers {
            let told = mail::self_filed_awaits(first_name, email, new, id);
            outbox::enqueue(tx, &told, now).await?;
        }
    }
    Ok(id)
}

/// An inactive `user` whose password was right asks to be reactivated: a reactivation
/// request filed by themselves, tracked like any other, with their office managers told
/// (the provider reviews it either way). `conflict` while one is open already.
pub async fn self_reactivation(
    state: &AppState,
    user: &User,
    client: &ClientInfo,
) -> Result<(FiledRequest, Vec<User>), ApiError> {
    let pdn = user.pdn.clone().ok_or_else(|| {
        ApiError::Conflict(
            "The provider's own people are reactivated by a provider admin, not by a request."
                .into(),
        )
    })?;
    let open = state
        .store()
        .requests(
            &store_requests::RequestQuery {
                pdn: Some(pdn.clone()),
                open_only: true,
                kind: Some(dealer_core::requests::RequestKind::Reactivation),
                user_id: Some(user.user_id.clone()),
                limit: 1,
                ..store_requests::RequestQuery::default()
            },
            state.now(),
        )
        .await?
        .requests;
    if let Some(request) = open.first() {
        return Err(ApiError::Conflict(format!(
            "Your reactivation was asked for already: request {} is being handled. You will get \
             an email when it is completed.",
            request.id
        )));
    }
    let managers: Vec<User> = state
        .store()
        .users_of_dealer(&pdn)
        .await?
        .into_iter()
        .filter(|m| {
            m.role == dealer_core::access::AccessRole::OfficeManager
                && m.stored_state == AccountState::Active
                && m.pk != user.pk
        })
        .collect();
    let form = RequestForm::Reactivation {
        user_id: user.user_id.to_string(),
    };
    let filed = file(
        state,
        user,
        &pdn,
        RequestDraft {
            form: &form,
            import_key: None,
            self_filed: Some(
                managers
                    .iter()
                    .map(|m| (m.first_name.clone(), m.email.clone()))
                    .collect(),
            ),
        },
        client,
    )
    .await?;
    Ok((filed, managers))
}
