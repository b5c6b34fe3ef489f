//! Bringing dealerships and people onto the portal: what a provider admin does in the app
//! and what `dealer-portal dealership …` / `invite-office-manager` / `create-staff-user` do
//! from a script. Both call these functions, so the rules hold the same way on either path.
//!
//! Each change is one transaction with its audit row and its mail. Nobody ever sees an
//! enrollment code but the person it is mailed to.

use chrono::{DateTime, Utc};
use dealer_api::{
    AuditDetail, AuditEvent, AuditOutcome, ImportOutcome, OnboardingReport, OnboardingRow,
};
use dealer_core::access::{AccessRole, AccountState};
use dealer_core::forms::{Dealership, DealershipInput, FieldError, Invitation, InvitationInput};
use dealer_core::ids::{Pdn, UserId};
use sqlx::AnyConnection;

use crate::HelpDesk;
use crate::csv_upload::{CsvUpload, cell, row_error, tally, unreadable};
use crate::error::ApiError;
use crate::sign_in::capitalize;
use crate::store::audit::{self, Entry};
use crate::store::dealers::{self, Dealer};
use crate::store::enrollments::{self, ENROLLMENT_DAYS};
use crate::store::outbox::{self, OutgoingMail};
use crate::store::sessions::revoke_all;
use crate::store::users::{NewUser, insert_user};
use crate::store::{Store, StoreError};
use crate::workflow::mail::eastern_text;

/// Who acts, from where: a provider admin in the app, or the command line (no actor).
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub user_id: Option<String>,
    pub client_addr: Option<String>,
}

impl Actor {
    fn entry(&self, event: AuditEvent, outcome: AuditOutcome) -> Entry {
        Entry {
            actor: self.user_id.clone(),
            client_addr: self.client_addr.clone(),
            ..Entry::new(event, outcome)
        }
    }
}

fn pdn_taken(pdn: &Pdn) -> ApiError {
    ApiError::Conflict(format!(
        "A dealership with PDN {pdn} exists already. Search for it to change it."
    ))
}

fn unknown_dealership() -> ApiError {
    ApiError::NotFoundWith {
        code: dealer_api::ErrorCode::UnknownPdn,
        message: "No dealership has that PDN.".into(),
    }
}

/// Create a dealership. A PDN that exists is a conflict, and nothing changes.
pub async fn create_dealership(
    store: &Store,
    dealership: &Dealership,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let mut tx = store.pool().begin().await?;
    match dealers::insert_dealer(&mut tx, dealership, now).await {
        Err(StoreError::Conflict) => return Err(pdn_taken(&dealership.pdn)),
        other => other?,
    }
    audit::append(
        &mut tx,
        &Entry {
            pdn: Some(dealership.pdn.to_string()),
            detail: Some(AuditDetail::Dealership {
                name: dealership.name.to_string(),
            }),
            ..actor.entry(AuditEvent::DealershipCreated, AuditOutcome::Success)
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Rename a dealership, or change its address or phone.
pub async fn change_dealership(
    store: &Store,
    dealership: &Dealership,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let mut tx = store.pool().begin().await?;
    if !dealers::update_dealer(&mut tx, dealership).await? {
        return Err(unknown_dealership());
    }
    audit::append(
        &mut tx,
        &Entry {
            pdn: Some(dealership.pdn.to_string()),
            detail: Some(AuditDetail::Dealership {
                name: dealership.name.to_string(),
            }),
            ..actor.entry(AuditEvent::DealershipChanged, AuditOutcome::Success)
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Close a dealership (`open` false: its people's sessions end, they cannot sign in, the
/// history stays) or reopen it. Doing what is already so changes nothing and is no error.
pub async fn set_dealership_open(
    store: &Store,
    pdn: &Pdn,
    open: bool,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Dealer, ApiError> {
    let mut tx = store.pool().begin().await?;
    let changed = dealers::set_dealer_open(&mut tx, pdn, open, now).await?;
    if let Some(sessions_ended) = changed {
        let (event, detail) = if open {
            (AuditEvent::DealershipReopened, None)
        } else {
            (
                AuditEvent::DealershipClosed,
                Some(AuditDetail::Closed { sessions_ended }),
            )
        };
        audit::append(
            &mut tx,
            &Entry {
                pdn: Some(pdn.to_string()),
                detail,
                ..actor.entry(event, AuditOutcome::Success)
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    store.dealer(pdn).await?.ok_or_else(unknown_dealership)
}

/// What an invitation made: the account waiting for its owner, and until when the code
/// in their mail works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invited {
    pub user_id: UserId,
    pub email: String,
    pub role: AccessRole,
    pub pdn: Option<Pdn>,
    pub expires_at: DateTime<Utc>,
}

/// Invite a person: an account with no password yet, and a single-use enrollment code by
/// mail. `pdn` is the dealership of an office manager; provider roles have none. A taken
/// user ID (or one an open request reserves) is refused and nothing is made.
pub async fn invite(
    store: &Store,
    help_desk: &HelpDesk,
    invitation: &Invitation,
    role: AccessRole,
    pdn: Option<&Pdn>,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Invited, ApiError> {
    if role.belongs_to_dealership() != pdn.is_some() || role == AccessRole::Staff {
        return Err(ApiError::BadRequest(
            "Invite an office manager to a dealership, or a reviewer, help-desk person or \
             provider admin without one. Staff are requested by their office manager."
                .into(),
        ));
    }
    let dealership = match pdn {
        Some(pdn) => {
            let dealer = store.dealer(pdn).await?.ok_or_else(unknown_dealership)?;
            if !dealer.active {
                return Err(ApiError::Conflict(format!(
                    "{} ({pdn}) is closed. Reopen it before inviting anyone.",
                    dealer.name
                )));
            }
            Some(dealer)
        }
        None => None,
    };
    if store
        .new_user_request_open(invitation.user_id.as_str())
        .await?
    {
        return Err(user_id_taken(&invitation.user_id));
    }
    let mut tx = store.pool().begin().await?;
    let new = NewUser {
        user_id: invitation.user_id.clone(),
        pdn: pdn.cloned(),
        role,
        first_name: invitation.first_name.to_string(),
        last_name: invitation.last_name.to_string(),
        email: invitation.email.to_string(),
        phone: None,
        job_role: None,
        state: AccountState::Active,
        password_hash: None,
        must_change_password: false,
    };
    let pk = match insert_user(&mut tx, &new, now).await {
        Err(StoreError::Conflict) => return Err(user_id_taken(&invitation.user_id)),
        other => other?,
    };
    let code = enrollments::issue(&mut tx, pk, None, now).await?;
    let expires_at = now + chrono::Duration::days(ENROLLMENT_DAYS);
    let place = match &dealership {
        Some(d) => format!(
            "made you the office manager of {} (PDN {}) in Dealer Access: you file User ID \
             Requests for its people and see who is locked or inactive",
            d.name, d.pdn
        ),
        None => format!("given you a Dealer Access account as {}", role_words(role)),
    };
    let mail = OutgoingMail {
        to: new.email.clone(),
        subject: "You are invited to Dealer Access: set your password".into(),
        body: format!(
            "Hello {first},\n\nYour provider has {place}.\n\nYour user ID is {id}. Open Dealer \
             Access, choose \"I have an enrollment code\", and enter this code:\n\n    {code}\n\n\
             The code works once and expires on {expires}. You will choose your own password \
             and security questions; nobody else ever learns them.\n\nNot expecting this? \
             Ignore this mail and {call}.\n\nDealer Access",
            first = new.first_name,
            id = new.user_id,
            code = code.expose(),
            expires = eastern_text(expires_at),
            call = help_desk.call_text(now),
        ),
        kind: "invitation",
    };
    outbox::enqueue(&mut tx, &mail, now).await?;
    audit::append(
        &mut tx,
        &Entry {
            target: Some(new.user_id.to_string()),
            pdn: pdn.map(ToString::to_string),
            detail: Some(AuditDetail::Invitation { role, expires_at }),
            ..actor.entry(AuditEvent::Invitation, AuditOutcome::Success)
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Invited {
        user_id: new.user_id,
        email: new.email,
        role,
        pdn: pdn.cloned(),
        expires_at,
    })
}

fn user_id_taken(user_id: &UserId) -> ApiError {
    ApiError::UserIdTaken {
        message: format!("The user ID {user_id} is taken. Choose another."),
        suggestions: Vec::new(),
    }
}

/// A role in a sentence: "a reviewer".
pub fn role_words(role: AccessRole) -> &'static str {
    match role {
        AccessRole::Staff => "a member of staff",
        AccessRole::OfficeManager => "an office manager",
        AccessRole::Reviewer => "a request reviewer",
        AccessRole::HelpDesk => "a help-desk agent",
        AccessRole::ProviderAdmin => "a provider admin",
    }
}

/// Change a dealership user's role between staff and office manager. Refused when it
/// would leave the dealership without an office manager who can act; the check and the
/// change happen under a lock on the dealership, so two admins demoting its last two
/// managers at once cannot both succeed.
pub async fn change_role(
    store: &Store,
    help_desk: &HelpDesk,
    user_id: &UserId,
    to: AccessRole,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<AccessRole, ApiError> {
    if !to.belongs_to_dealership() {
        return Err(ApiError::BadRequest(
            "A dealership user is staff or office_manager; provider roles are given by \
             inviting the person as provider staff."
                .into(),
        ));
    }
    let user = store
        .user_by_id(user_id)
        .await?
        .filter(|u| u.role.belongs_to_dealership())
        .ok_or(ApiError::NotFound)?;
    let pdn = user.pdn.clone().ok_or(ApiError::NotFound)?;
    if user.role == to {
        return Ok(to);
    }
    let mut tx = store.pool().begin().await?;
    lock_dealer(&mut tx, &pdn).await?;
    if user.role == AccessRole::OfficeManager
        && user_still_manages(&user)
        && dealers::managing_office_managers(&mut tx, &pdn).await? <= 1
    {
        drop(tx);
        store
            .audit(
                &Entry {
                    target: Some(user_id.to_string()),
                    pdn: Some(pdn.to_string()),
                    detail: Some(AuditDetail::RoleChange {
                        from: user.role,
                        to,
                    }),
                    ..actor.entry(AuditEvent::RoleChange, AuditOutcome::LastOfficeManager)
                },
                now,
            )
            .await?;
        return Err(ApiError::Invalid {
            code: dealer_api::ErrorCode::LastOfficeManager,
            message: format!(
                "{user_id} is the only office manager of {pdn}. Make someone else office \
                 manager first, so the dealership can always file its requests."
            ),
        });
    }
    sqlx::query("UPDATE users SET role = $2 WHERE id = $1")
        .bind(user.pk)
        .bind(to.as_str())
        .execute(&mut *tx)
        .await?;
    let mail = OutgoingMail {
        to: user.email.clone(),
        subject: "Your Dealer Access role changed".into(),
        body: format!(
            "Hello {first},\n\nYour user ID {user_id} at PDN {pdn} is now {role}. {what}\n\n\
             Not expected? {call}.\n\nDealer Access",
            first = user.first_name,
            role = role_words(to),
            what = match to {
                AccessRole::OfficeManager => {
                    "You can now file User ID Requests for your dealership's people and see \
                     who is locked or inactive."
                }
                _ => "You no longer file requests or see your dealership's people.",
            },
            call = capitalize(&help_desk.call_text(now)),
        ),
        kind: "role_changed",
    };
    outbox::enqueue(&mut tx, &mail, now).await?;
    // Powers change with the role: sessions opened under the old one end.
    revoke_all(&mut tx, user.pk, now).await?;
    audit::append(
        &mut tx,
        &Entry {
            target: Some(user_id.to_string()),
            pdn: Some(pdn.to_string()),
            detail: Some(AuditDetail::RoleChange {
                from: user.role,
                to,
            }),
            ..actor.entry(AuditEvent::RoleChange, AuditOutcome::Success)
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(to)
}

fn user_still_manages(user: &crate::store::users::User) -> bool {
    matches!(
        user.stored_state,
        AccountState::Active | AccountState::Inactive
    )
}

/// Take the dealership's row lock for the rest of the transaction (PostgreSQL: a row lock;
/// SQLite: the database's one writer lock).
async fn lock_dealer(conn: &mut AnyConnection, pdn: &Pdn) -> Result<(), ApiError> {
    let done = sqlx::query("UPDATE dealers SET name = name WHERE pdn = $1")
        .bind(pdn.as_str())
        .execute(conn)
        .await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(unknown_dealership())
    }
}

/// End (`active` false) or restore the access of one of the provider's own people. An admin
/// cannot end their own access, and the last active provider admin stays.
pub async fn set_provider_staff_active(
    store: &Store,
    user_id: &UserId,
    active: bool,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<AccountState, ApiError> {
    let user = store
        .user_by_id(user_id)
        .await?
        .filter(|u| !u.role.belongs_to_dealership())
        .ok_or(ApiError::NotFound)?;
    if !active && actor.user_id.as_deref() == Some(user_id.as_str()) {
        return Err(ApiError::Conflict(
            "You cannot end your own access. Ask another provider admin.".into(),
        ));
    }
    let to = if active {
        AccountState::Active
    } else {
        AccountState::Deactivated
    };
    let mut tx = store.pool().begin().await?;
    if !active && user.role == AccessRole::ProviderAdmin {
        let admins: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = $1 AND state = $2")
                .bind(AccessRole::ProviderAdmin.as_str())
                .bind(AccountState::Active.as_str())
                .fetch_one(&mut *tx)
                .await?;
        if admins <= 1 {
            return Err(ApiError::Conflict(
                "This is the last active provider admin; invite another one first.".into(),
            ));
        }
    }
    // Reactivating starts the inactivity clock again; ending access leaves it as it was.
    use AccountState as S;
    let changed = if active {
        crate::store::requests::set_account_state(
            &mut tx,
            user.pk,
            &[S::Deactivated],
            S::Active,
            Some(now),
        )
        .await?
    } else {
        crate::store::requests::set_account_state(
            &mut tx,
            user.pk,
            &[S::Active, S::Inactive, S::Pending],
            S::Deactivated,
            None,
        )
        .await?
    };
    let event = if active {
        AuditEvent::ProviderStaffReactivated
    } else {
        AuditEvent::ProviderStaffDeactivated
    };
    if changed {
        if !active {
            revoke_all(&mut tx, user.pk, now).await?;
        }
        audit::append(
            &mut tx,
            &Entry {
                target: Some(user_id.to_string()),
                ..actor.entry(event, AuditOutcome::Success)
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(to)
}

/// The suffixes of the owner's reviewer and help-desk user IDs on a built-in portal.
pub const STANDALONE_ROLES: [(AccessRole, &str); 3] = [
    (AccessRole::OfficeManager, ""),
    (AccessRole::Reviewer, ".reviewer"),
    (AccessRole::HelpDesk, ".helpdesk"),
];

/// The first run of a built-in portal (the desktop app on one PC): the dealership, and its
/// owner as office manager, with the password and questions they chose. Nobody else runs
/// the provider's side there, so the owner also gets the reviewer and help-desk user IDs
/// `<id>.reviewer` and `<id>.helpdesk`, with the same password and questions: they
/// complete their own requests and unlock their own people. Refused once any account
/// exists; every problem of the form is reported at once and nothing is made.
pub async fn set_up_standalone(
    store: &Store,
    hasher: &crate::hashing::Hasher,
    policy: &dealer_core::password::PasswordPolicy,
    setup: &dealer_api::StandaloneSetup,
    now: DateTime<Utc>,
) -> Result<Vec<(UserId, AccessRole)>, ApiError> {
    use dealer_core::questions::{NormalizedAnswer, QuestionSet};

    if store.user_count().await? > 0 {
        return Err(ApiError::Conflict(
            "This portal is set up already. Sign in with your user ID.".into(),
        ));
    }
    let dealership = setup.dealership.validate();
    let owner = setup.owner.validate();
    let (dealership, owner) = match (dealership, owner) {
        (Ok(d), Ok(o)) => (d, o),
        (d, o) => {
            let mut fields = d.err().unwrap_or_default();
            fields.0.extend(o.err().unwrap_or_default().0);
            return Err(ApiError::InvalidForm(fields));
        }
    };
    let mut ids = Vec::new();
    for (role, suffix) in STANDALONE_ROLES {
        let id = UserId::parse(&format!("{}{suffix}", owner.user_id)).map_err(|_| {
            ApiError::field(
                "user_id",
                format!(
                    "Use a shorter user ID: on this computer you also get {}.reviewer and {}.helpdesk.",
                    owner.user_id, owner.user_id
                ),
            )
        })?;
        ids.push((id, role));
    }
    let context = dealer_core::password::PasswordContext {
        user_id: owner.user_id.as_str(),
        first_name: owner.first_name.as_str(),
        last_name: owner.last_name.as_str(),
        pdn: dealership.pdn.as_str(),
        dealership_name: dealership.name.as_str(),
    };
    policy
        .check(&setup.password, &context)
        .map_err(|rejection| ApiError::Invalid {
            code: dealer_api::ErrorCode::WeakPassword,
            message: rejection.to_string(),
        })?;
    let [first, second] = &setup.challenge;
    let set = QuestionSet::new([first.question, second.question], setup.secret.question).map_err(
        |e| ApiError::Invalid {
            code: dealer_api::ErrorCode::DuplicateQuestions,
            message: e.to_string(),
        },
    )?;
    let [one, two] = set.challenge();
    let mut rows = Vec::with_capacity(3);
    for (slot, question, raw) in [
        (1, one, &first.answer),
        (2, two, &second.answer),
        (3, set.secret(), &setup.secret.answer),
    ] {
        let answer = NormalizedAnswer::parse(raw).map_err(|e| ApiError::Invalid {
            code: e.code(),
            message: format!("\"{}\": {e}", question.text()),
        })?;
        rows.push((
            slot,
            question.key().to_owned(),
            hasher.hash(answer.expose_secret()).await?,
        ));
    }
    let password_hash = hasher.hash(&setup.password).await?;

    let mut tx = store.pool().begin().await?;
    dealers::insert_dealer(&mut tx, &dealership, now).await?;
    let actor = Actor {
        user_id: Some(owner.user_id.to_string()),
        client_addr: None,
    };
    audit::append(
        &mut tx,
        &Entry {
            pdn: Some(dealership.pdn.to_string()),
            detail: Some(AuditDetail::Dealership {
                name: dealership.name.to_string(),
            }),
            ..actor.entry(AuditEvent::DealershipCreated, AuditOutcome::Success)
        },
        now,
    )
    .await?;
    for (id, role) in &ids {
        let pdn = role.belongs_to_dealership().then(|| dealership.pdn.clone());
        let new = NewUser {
            user_id: id.clone(),
            pdn: pdn.clone(),
            role: *role,
            first_name: owner.first_name.to_string(),
            last_name: owner.last_name.to_string(),
            email: owner.email.to_string(),
            phone: None,
            job_role: None,
            state: AccountState::Active,
            password_hash: Some(password_hash.clone()),
            must_change_password: false,
        };
        let pk = insert_user(&mut tx, &new, now).await?;
        crate::store::users::replace_questions(&mut tx, pk, &rows).await?;
        audit::append(
            &mut tx,
            &Entry {
                target: Some(id.to_string()),
                pdn: pdn.map(|p| p.to_string()),
                detail: Some(AuditDetail::AccountCreated { role: *role }),
                ..actor.entry(AuditEvent::AccountCreated, AuditOutcome::Success)
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(ids)
}

/// The columns of a dealership import, in any order; address and phone may be left out.
pub const IMPORT_COLUMNS: [&str; 8] = [
    "pdn",
    "name",
    "address",
    "phone",
    "manager_first_name",
    "manager_last_name",
    "manager_email",
    "manager_user_id",
];

/// Many dealerships at once, each with its office manager, from a CSV file (the provider
/// admin's Import and `dealer-portal dealership import`). Every row is reported; a file
/// imported again creates and mails nothing twice. Only trouble on the portal's side stops
/// the import.
pub async fn import_dealerships(
    store: &Store,
    help_desk: &HelpDesk,
    upload: CsvUpload,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<OnboardingReport, ApiError> {
    let CsvUpload { width, at, records } = upload;
    let mut rows = Vec::with_capacity(records.len());
    for (n, record) in (1u32..).zip(records) {
        let mut row = OnboardingRow {
            row: n,
            pdn: None,
            user_id: None,
            outcome: ImportOutcome::Error,
            dealership_created: false,
            errors: Vec::new(),
        };
        match unreadable(record, width) {
            Err(errors) => row.errors = errors,
            Ok(record) => onboard_row(store, help_desk, actor, now, &record, &at, &mut row).await?,
        }
        rows.push(row);
    }
    let (created, duplicates, errors) = tally(rows.iter().map(|r| r.outcome));
    Ok(OnboardingReport {
        created,
        duplicates,
        errors,
        rows,
    })
}

/// One row: the dealership (made unless its PDN exists with the same name) and its office
/// manager (invited unless they are already its office manager). Only trouble on the
/// portal's side stops the import; anything about the row is reported on the row.
async fn onboard_row(
    store: &Store,
    help_desk: &HelpDesk,
    actor: &Actor,
    now: DateTime<Utc>,
    record: &csv::StringRecord,
    at: &std::collections::HashMap<&'static str, usize>,
    row: &mut OnboardingRow,
) -> Result<(), ApiError> {
    let get = |name: &str| cell(record, at, name);
    let dealership = DealershipInput {
        pdn: get("pdn"),
        name: get("name"),
        address: get("address"),
        phone: get("phone"),
    }
    .validate();
    let invitation = InvitationInput {
        first_name: get("manager_first_name"),
        last_name: get("manager_last_name"),
        email: get("manager_email"),
        user_id: get("manager_user_id"),
    }
    .validate();
    row.pdn = Some(get("pdn")).filter(|p| !p.is_empty());
    row.user_id = Some(get("manager_user_id").to_lowercase()).filter(|u| !u.is_empty());
    let (dealership, invitation) = match (dealership, invitation) {
        (Ok(d), Ok(i)) => (d, i),
        (d, i) => {
            row.errors = d.err().map(|e| e.0).unwrap_or_default();
            row.errors.extend(i.err().into_iter().flat_map(|e| {
                e.0.into_iter().map(|f| FieldError {
                    field: format!("manager_{}", f.field),
                    message: f.message,
                })
            }));
            return Ok(());
        }
    };
    match store.dealer(&dealership.pdn).await? {
        Some(found) if found.name != dealership.name => {
            row.errors = row_error(
                "name",
                format!(
                    "PDN {} exists as {}. Change the row's name to match, or rename the \
                     dealership on its page.",
                    found.pdn, found.name
                ),
            );
            return Ok(());
        }
        Some(_) => {}
        None => {
            create_dealership(store, &dealership, actor, now).await?;
            row.dealership_created = true;
        }
    }
    let manager = store.user_by_id(&invitation.user_id).await?;
    let already = manager.as_ref().is_some_and(|u| {
        u.role == AccessRole::OfficeManager && u.pdn.as_ref() == Some(&dealership.pdn)
    });
    if already {
        row.outcome = if row.dealership_created {
            ImportOutcome::Created
        } else {
            ImportOutcome::Duplicate
        };
        return Ok(());
    }
    let invited = invite(
        store,
        help_desk,
        &invitation,
        AccessRole::OfficeManager,
        Some(&dealership.pdn),
        actor,
        now,
    )
    .await;
    match invited {
        Ok(_) => row.outcome = ImportOutcome::Created,
        Err(e @ (ApiError::Internal(_) | ApiError::Busy(_))) => return Err(e),
        Err(refused) => {
            let made = if row.dealership_created {
                "The dealership was created; its office manager was not invited: "
            } else {
                ""
            };
            row.errors = row_error("manager_user_id", format!("{made}{refused}"));
        }
    }
    Ok(())
}
