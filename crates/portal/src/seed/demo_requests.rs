//! The demo's requests, so a newcomer's dashboard and review queue are not empty: at
//! Lakeside Motors a new-user request for Linh Nguyen waiting past its due time (with
//! SmartAuction) and a removal of Robert Brooks' IntelliRater in review; at Hilltop Kara
//! Owens' self-registration waiting for review (as in `ui/e2e/requests-data.ts`).
//! Applications are granted to the demo staff so the roster shows them.

use chrono::{DateTime, Duration, Utc};
use dealer_core::access::{AccessRole, AccountState};
use dealer_core::ids::{Pdn, UserId};
use dealer_core::requests::HistoryAction;
use dealer_core::requests::{RequestKind, RequestState};
use dealer_core::schedule::ReviewCalendar;

use super::{SeedError, random_password};
use crate::hashing::Hasher;
use crate::store::requests::{self, NewRequest, StoredEvent};
use crate::store::sessions::Token;
use crate::store::users::{NewUser, insert_user};
use crate::store::{Store, StoreError};

fn pdn(text: &str) -> Result<Pdn, SeedError> {
    Pdn::parse(text).map_err(|e| SeedError::Invalid(e.to_string()))
}

fn event(
    at: DateTime<Utc>,
    actor: Option<&str>,
    action: HistoryAction,
    from: Option<RequestState>,
    to: RequestState,
    note: Option<&str>,
) -> StoredEvent {
    StoredEvent {
        at,
        actor: actor.map(str::to_owned),
        action,
        from,
        to,
        note: note.map(str::to_owned),
    }
}

pub(super) async fn seed(
    store: &Store,
    hasher: &Hasher,
    now: DateTime<Utc>,
) -> Result<(), SeedError> {
    let calendar = ReviewCalendar::default();
    let mut tx = store.pool().begin().await.map_err(StoreError::from)?;
    for (user_id, apps) in [
        ("mgarcia", &["intellirater", "smartcash"][..]),
        ("jchen", &["smartauction", "smartcash"][..]),
        ("apatel", &["smartcash"][..]),
        (
            "rbrooks",
            &["intellirater", "smartauction", "smartcash"][..],
        ),
        ("dwright", &["smartcash", "smartauction"][..]),
    ] {
        let id = UserId::parse(user_id).map_err(|e| SeedError::Invalid(e.to_string()))?;
        let user = store
            .user_by_id(&id)
            .await?
            .ok_or_else(|| SeedError::Invalid(format!("{user_id} was not seeded")))?;
        let apps: Vec<String> = apps.iter().map(|a| (*a).to_owned()).collect();
        requests::grant_applications(&mut tx, user.pk, &apps, now).await?;
    }

    // Filed three days ago: past its due time, and SmartAuction needs its extra steps.
    let filed = now - Duration::days(3);
    let new_user = NewRequest {
        pdn: pdn("01234")?,
        kind: RequestKind::NewUser,
        user_id: "lnguyen".into(),
        user_pk: None,
        first_name: "Linh".into(),
        last_name: "Nguyen".into(),
        email: "linh.nguyen@lakeside.example".into(),
        phone: Some("+13125550188".into()),
        job_role: Some("Title clerk".into()),
        applications: vec!["smartcash".into(), "smartauction".into()],
        reason: None,
        needs_steps: true,
        prior_state: None,
        submitted_by: Some("mgarcia".into()),
        status_token_hash: None,
        import_key: None,
        submitted_at: filed,
        due_at: calendar.due(filed),
    };
    let id = requests::insert(&mut tx, &new_user).await?;
    let submitted = event(
        filed,
        Some("mgarcia"),
        HistoryAction::Submit,
        None,
        RequestState::Submitted,
        None,
    );
    requests::record_event(&mut tx, id, &submitted).await?;

    let rbrooks = store
        .user_by_id(&UserId::parse("rbrooks").map_err(|e| SeedError::Invalid(e.to_string()))?)
        .await?
        .ok_or_else(|| SeedError::Invalid("rbrooks was not seeded".into()))?;
    let removal = NewRequest {
        pdn: pdn("01234")?,
        kind: RequestKind::RemoveApplicationAccess,
        user_id: "rbrooks".into(),
        user_pk: Some(rbrooks.pk),
        first_name: rbrooks.first_name.clone(),
        last_name: rbrooks.last_name.clone(),
        email: rbrooks.email.clone(),
        phone: rbrooks.phone.clone(),
        job_role: rbrooks.job_role.clone(),
        applications: vec!["intellirater".into()],
        reason: None,
        needs_steps: false,
        prior_state: None,
        submitted_by: Some("mgarcia".into()),
        status_token_hash: None,
        import_key: None,
        submitted_at: now - Duration::hours(2),
        due_at: calendar.due(now - Duration::hours(2)),
    };
    let id = requests::insert(&mut tx, &removal).await?;
    let at = removal.submitted_at;
    requests::record_event(
        &mut tx,
        id,
        &event(
            at,
            Some("mgarcia"),
            HistoryAction::Submit,
            None,
            RequestState::Submitted,
            None,
        ),
    )
    .await?;
    requests::record_event(
        &mut tx,
        id,
        &event(
            at + Duration::minutes(30),
            Some("reviewer.sam"),
            HistoryAction::StartReview,
            Some(RequestState::Submitted),
            RequestState::InReview,
            Some("Checking which deals Robert still works in IntelliRater"),
        ),
    )
    .await?;
    requests::compare_and_set(
        &mut tx,
        id,
        RequestState::Submitted,
        RequestState::InReview,
        None,
        at + Duration::minutes(30),
    )
    .await?;

    // A registrant at Hilltop; nobody knows the password (it is random and not shown).
    let password_hash = hasher.hash(&random_password()).await?;
    let registrant = NewUser {
        user_id: UserId::parse("kowens").map_err(|e| SeedError::Invalid(e.to_string()))?,
        pdn: Some(pdn("56789")?),
        role: AccessRole::Staff,
        first_name: "Kara".into(),
        last_name: "Owens".into(),
        email: "kara.owens@hilltop.example".into(),
        phone: Some("+16155550101".into()),
        job_role: Some("Salesperson".into()),
        state: AccountState::Pending,
        password_hash: Some(password_hash),
        must_change_password: false,
    };
    let at = now - Duration::hours(5);
    let pk = insert_user(&mut tx, &registrant, at).await?;
    let registration = NewRequest {
        pdn: pdn("56789")?,
        kind: RequestKind::SelfRegistration,
        user_id: "kowens".into(),
        user_pk: Some(pk),
        first_name: "Kara".into(),
        last_name: "Owens".into(),
        email: registrant.email.clone(),
        phone: registrant.phone.clone(),
        job_role: registrant.job_role.clone(),
        applications: vec!["smartcash".into()],
        reason: None,
        needs_steps: false,
        prior_state: None,
        submitted_by: None,
        status_token_hash: Some(Token::generate().hash()),
        import_key: None,
        submitted_at: at,
        due_at: calendar.due(at),
    };
    let id = requests::insert(&mut tx, &registration).await?;
    requests::record_event(
        &mut tx,
        id,
        &event(
            at,
            None,
            HistoryAction::Submit,
            None,
            RequestState::Submitted,
            None,
        ),
    )
    .await?;
    tx.commit().await.map_err(StoreError::from)?;
    Ok(())
}
