//! The demo's requests, so a newcomer's dashboard and review queue are not empty: at
//! Lakeside Motors a new-user request waiting past its due time (with SmartAuction) and a
//! removal of IntelliRater in review; at Hilltop a self-registration waiting for review.
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
        ("jchen", &["smartcash"][..]),
        ("aokafor", &["smartcash", "intellirater"][..]),
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
        user_id: "tlopez".into(),
        user_pk: None,
        first_name: "Tomas".into(),
        last_name: "Lopez".into(),
        email: "tomas.lopez@lakeside-motors.example".into(),
        phone: Some("+15552340199".into()),
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

    let aokafor = store
        .user_by_id(&UserId::parse("aokafor").map_err(|e| SeedError::Invalid(e.to_string()))?)
        .await?
        .ok_or_else(|| SeedError::Invalid("aokafor was not seeded".into()))?;
    let removal = NewRequest {
        pdn: pdn("01234")?,
        kind: RequestKind::RemoveApplicationAccess,
        user_id: "aokafor".into(),
        user_pk: Some(aokafor.pk),
        first_name: aokafor.first_name.clone(),
        last_name: aokafor.last_name.clone(),
        email: aokafor.email.clone(),
        phone: aokafor.phone.clone(),
        job_role: aokafor.job_role.clone(),
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
            Some("Checking which deals Amara still works in IntelliRater"),
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
        user_id: UserId::parse("rpatel").map_err(|e| SeedError::Invalid(e.to_string()))?,
        pdn: Some(pdn("56789")?),
        role: AccessRole::Staff,
        first_name: "Ravi".into(),
        last_name: "Patel".into(),
        email: "ravi.patel@hilltop-auto.example".into(),
        phone: Some("+15552340777".into()),
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
        user_id: "rpatel".into(),
        user_pk: Some(pk),
        first_name: "Ravi".into(),
        last_name: "Patel".into(),
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
