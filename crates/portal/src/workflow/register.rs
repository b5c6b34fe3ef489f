//! Filing a registration: the waiting account with its hashed password and questions, the
//! self-registration request in `submitted`, its history row, the receipt to the registrant
//! and the notices to the dealership's office managers, and the audit row, in one
//! transaction that also uses up the email proof.

use dealer_api::{AuditDetail, AuditEvent, AuditOutcome, RegistrationReceipt, RequestKind};
use dealer_core::access::{AccessRole, AccountState};
use dealer_core::forms::Registration;
use dealer_core::ids::Email;
use dealer_core::requests::{HistoryAction, RequestState};

use crate::AppState;
use crate::error::ApiError;
use crate::extract::ClientInfo;
use crate::store::StoreError;
use crate::store::audit::{self, Entry};
use crate::store::dealers::Dealer;
use crate::store::email_codes::{self, Issued, Proof};
use crate::store::outbox;
use crate::store::requests::{self as store_requests, NewRequest, StoredEvent, StoredRequest};
use crate::store::sessions::Token;
use crate::store::users::{NewUser, insert_user, replace_questions};

/// A code to prove `email` for registering at `dealer`, queued to that address in the same
/// transaction that stores it (sealed, like every code in the outbox).
pub async fn send_email_code(
    state: &AppState,
    email: &Email,
    dealer: &Dealer,
) -> Result<Issued, ApiError> {
    let now = state.now();
    let mut tx = state.store().pool().begin().await?;
    let issued = email_codes::issue(&mut tx, email.as_str(), dealer.pdn.as_str(), now).await?;
    let mail = super::registration_code(
        state,
        email.as_str(),
        dealer.name.as_str(),
        &issued.code,
        now,
    );
    outbox::enqueue(&mut tx, &mail, now).await?;
    tx.commit().await?;
    Ok(issued)
}

/// How filing a registration ended, when nothing failed.
#[derive(Debug)]
pub enum Registered {
    /// Filed; the receipt carries the status token, shown this once.
    Filed(RegistrationReceipt),
    /// Another account took the user ID since it was checked; nothing was written.
    UserIdTaken,
    /// The email proof was used up (by a registration that won a race); nothing was written.
    ProofUsed,
}

/// File `registration` at `dealer`, for the email `proof` proves (checked by the caller).
pub async fn register(
    state: &AppState,
    registration: Registration,
    dealer: &Dealer,
    proof: &Proof,
    client: &ClientInfo,
) -> Result<Registered, ApiError> {
    let now = state.now();
    let settings = state.settings();
    // Hashing comes before the transaction, so no connection waits on argon2.
    let password_hash = state.hasher().hash(&registration.password).await?;
    let [one, two] = registration.questions.challenge();
    let mut rows = Vec::with_capacity(3);
    for (slot, (question, answer)) in (1..).zip(
        [one, two, registration.questions.secret()]
            .into_iter()
            .zip(&registration.answers),
    ) {
        let phc = state.hasher().hash(answer.expose_secret()).await?;
        rows.push((slot, question.key().to_owned(), phc));
    }
    let managers = state.store().office_managers(&dealer.pdn).await?;
    let token = Token::generate();
    let person = &registration.person;

    let mut tx = state.store().pool().begin().await?;
    if !email_codes::consume(&mut tx, proof).await? {
        return Ok(Registered::ProofUsed);
    }
    let user_pk = match insert_user(
        &mut tx,
        &NewUser {
            user_id: registration.user_id.clone(),
            pdn: Some(dealer.pdn.clone()),
            role: AccessRole::Staff,
            first_name: person.first_name.to_string(),
            last_name: person.last_name.to_string(),
            email: person.email.to_string(),
            phone: Some(person.business_phone.to_string()),
            job_role: Some(person.role.label().to_owned()),
            state: AccountState::Pending,
            password_hash: Some(password_hash),
            must_change_password: false,
        },
        now,
    )
    .await
    {
        Err(StoreError::Conflict) => return Ok(Registered::UserIdTaken),
        other => other?,
    };
    replace_questions(&mut tx, user_pk, &rows).await?;
    let new = NewRequest {
        pdn: dealer.pdn.clone(),
        kind: RequestKind::SelfRegistration,
        user_id: registration.user_id.to_string(),
        user_pk: Some(user_pk),
        first_name: person.first_name.to_string(),
        last_name: person.last_name.to_string(),
        email: person.email.to_string(),
        phone: Some(person.business_phone.to_string()),
        job_role: Some(person.role.label().to_owned()),
        needs_steps: settings
            .applications
            .needs_additional_steps(&registration.applications),
        applications: registration
            .applications
            .iter()
            .map(ToString::to_string)
            .collect(),
        reason: None,
        prior_state: None,
        submitted_by: None,
        status_token_hash: Some(token.hash()),
        import_key: None,
        submitted_at: now,
        due_at: settings.review.due(now),
    };
    let id = store_requests::insert(&mut tx, &new).await?;
    store_requests::record_event(
        &mut tx,
        id,
        &StoredEvent {
            at: now,
            actor: None,
            action: HistoryAction::Submit,
            from: None,
            to: RequestState::Submitted,
            note: None,
        },
    )
    .await?;
    let request = StoredRequest::from_new(id, &new, dealer.name.as_str());
    outbox::enqueue(
        &mut tx,
        &super::registration_received(state, &request, now),
        now,
    )
    .await?;
    for (first_name, email) in &managers {
        outbox::enqueue(
            &mut tx,
            &super::registration_awaits(first_name, email, &request),
            now,
        )
        .await?;
    }
    audit::append(
        &mut tx,
        &Entry {
            event: AuditEvent::RegistrationSubmitted,
            outcome: AuditOutcome::Success,
            actor: None,
            target: Some(request.user_id.clone()),
            pdn: Some(dealer.pdn.to_string()),
            client_addr: client.addr_text(),
            detail: Some(AuditDetail::Registration { request_id: id }),
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Registered::Filed(RegistrationReceipt {
        request_id: id,
        state: request.state,
        due_at: request.due_at,
        status_token: token.expose().to_owned(),
    }))
}
