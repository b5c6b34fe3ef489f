//! The mail a request causes: receipts, each decision, the confirmation of an approved
//! registration, and a new user's enrollment code. Each goes through the outbox in the
//! transaction of its event.

use chrono::{DateTime, Utc};
use dealer_core::requests::{Action, RequestKind, RequestState};
use dealer_core::schedule::EASTERN;

use crate::AppState;
use crate::store::email_codes::{CODE_MINUTES, EmailCode};
use crate::store::enrollments::{ENROLLMENT_DAYS, EnrollmentCode};
use crate::store::outbox::OutgoingMail;
use crate::store::requests::{NewRequest, StoredRequest};

/// "Wednesday, December 2 at 5:00 pm ET".
pub fn eastern_text(at: DateTime<Utc>) -> String {
    at.with_timezone(&EASTERN)
        .format("%A, %B %-d at %-I:%M %P ET")
        .to_string()
}

fn sign_off(state: &AppState, now: DateTime<Utc>) -> String {
    format!(
        "Questions? Ask your office manager or {}.\n\nDealer Access",
        state.help_desk().call_text(now)
    )
}

/// To the registrant: what they asked for and when they will hear.
pub fn registration_received(
    state: &AppState,
    request: &StoredRequest,
    now: DateTime<Utc>,
) -> OutgoingMail {
    OutgoingMail {
        to: request.email.clone(),
        subject: format!(
            "We received your Dealer Access registration ({})",
            request.user_id
        ),
        body: format!(
            "Hello {first},\n\nWe received your registration for user ID {id} at {dealer} \
             (PDN {pdn}). Request number: {req}.\n\nIt will be reviewed by {due}. You will get \
             an email when it is approved; until then you cannot sign in.\n\n{sign_off}",
            first = request.first_name,
            id = request.user_id,
            dealer = request.dealership_name,
            pdn = request.pdn,
            req = request.id,
            due = eastern_text(request.due_at),
            sign_off = sign_off(state, now),
        ),
        kind: "registration_received",
    }
}

/// To an inactive user who asked to be reactivated: the request and when it is reviewed.
pub fn self_filed_receipt(
    state: &AppState,
    request: &NewRequest,
    id: dealer_api::RequestId,
    now: DateTime<Utc>,
) -> OutgoingMail {
    OutgoingMail {
        to: request.email.clone(),
        subject: format!(
            "We received your reactivation request ({})",
            request.user_id
        ),
        body: format!(
            "Hello {first},\n\nYou asked for your user ID {user_id} (PDN {pdn}) to be active \
             again. Request number: {id}. Your office manager was told, and it will be reviewed \
             by {due}. You will get an email when it is completed; until then you cannot sign \
             in.\n\n{sign_off}",
            first = request.first_name,
            user_id = request.user_id,
            pdn = request.pdn,
            due = eastern_text(request.due_at),
            sign_off = sign_off(state, now),
        ),
        kind: "reactivation_received",
    }
}

/// To an office manager of the PDN: one of their people asked to be reactivated.
pub fn self_filed_awaits(
    manager_first_name: &str,
    manager_email: &str,
    request: &NewRequest,
    id: dealer_api::RequestId,
) -> OutgoingMail {
    OutgoingMail {
        to: manager_email.to_owned(),
        subject: format!(
            "{} {} asked to be reactivated in Dealer Access",
            request.first_name, request.last_name
        ),
        body: format!(
            "Hello {manager_first_name},\n\n{first} {last} (user ID {user_id}) signed in with \
             their password after 60 days without a sign-in and asked for their user ID to be \
             active again. Request number: {id}, due for review by {due}; you can follow it in \
             Dealer Access under Requests.\n\nIf this person no longer works at your \
             dealership, file a deactivation for them instead.\n\nDealer Access",
            first = request.first_name,
            last = request.last_name,
            user_id = request.user_id,
            due = eastern_text(request.due_at),
        ),
        kind: "reactivation_asked",
    }
}

/// To an office manager of the PDN: a registration waits for review.
pub fn registration_awaits(
    manager_first_name: &str,
    manager_email: &str,
    request: &StoredRequest,
) -> OutgoingMail {
    OutgoingMail {
        to: manager_email.to_owned(),
        subject: format!(
            "New Dealer Access registration at {}: {} {}",
            request.dealership_name, request.first_name, request.last_name
        ),
        body: format!(
            "Hello {manager_first_name},\n\n{first} {last} ({email}) registered as user ID {id} \
             at {dealer} (PDN {pdn}). Request number: {req}, due for review by {due}.\n\nIf this \
             person does not work at your dealership, open the request in Dealer Access and \
             tell the help desk.\n\nDealer Access",
            first = request.first_name,
            last = request.last_name,
            email = request.email,
            id = request.user_id,
            dealer = request.dealership_name,
            pdn = request.pdn,
            req = request.id,
            due = eastern_text(request.due_at),
        ),
        kind: "registration_awaits",
    }
}

/// To whoever asked (`requester_email`: the registrant, or the office manager who filed
/// it), after a reviewer's decision. `None` for steps that need no mail (taking into
/// review, the requester's own answer; a registration's approval has its own mail).
pub fn decision(
    state: &AppState,
    requester_email: &str,
    request: &StoredRequest,
    action: Action,
    to: RequestState,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Option<OutgoingMail> {
    let (what, short) = match action {
        Action::Approve if request.kind == RequestKind::SelfRegistration => return None,
        Action::Approve => ("was approved", "approved"),
        Action::Reject => ("was rejected", "rejected"),
        Action::RequestInfo => ("needs more information from you", "needs information"),
        Action::Complete => ("is complete", "completed"),
        Action::Cancel if to == RequestState::Cancelled => ("was cancelled", "cancelled"),
        _ => return None,
    };
    let note = note.map_or(String::new(), |n| format!("\n\nThe reviewer wrote:\n{n}"));
    let next = match action {
        Action::RequestInfo => {
            "\n\nOpen the request in Dealer Access and answer; the review continues then."
        }
        _ => "",
    };
    Some(OutgoingMail {
        to: requester_email.to_owned(),
        subject: format!(
            "Dealer Access request {} for {}: {short}",
            request.id, request.user_id
        ),
        body: format!(
            "Hello,\n\nRequest {req} ({kind}) for user ID {id} at {dealer} {what}.{note}{next}\n\n{sign_off}",
            req = request.id,
            kind = request.kind.label(),
            id = request.user_id,
            dealer = request.dealership_name,
            sign_off = sign_off(state, now),
        ),
        kind: "request_decision",
    })
}

/// To the registrant: approved, they can sign in now (the seed's confirmation email).
pub fn registration_approved(
    state: &AppState,
    request: &StoredRequest,
    now: DateTime<Utc>,
) -> OutgoingMail {
    OutgoingMail {
        to: request.email.clone(),
        subject: "Your Dealer Access registration is approved".into(),
        body: format!(
            "Hello {first},\n\nYour registration at {dealer} is approved. You can sign in to \
             Dealer Access now with user ID {id} and the password you chose.\n\n{sign_off}",
            first = request.first_name,
            dealer = request.dealership_name,
            id = request.user_id,
            sign_off = sign_off(state, now),
        ),
        kind: "registration_approved",
    }
}

/// To a new user: the single-use code to set their own password and questions.
pub fn enrollment(
    state: &AppState,
    request: &StoredRequest,
    code: &EnrollmentCode,
    now: DateTime<Utc>,
) -> OutgoingMail {
    OutgoingMail {
        to: request.email.clone(),
        subject: "Your Dealer Access user ID is ready: set your password".into(),
        body: format!(
            "Hello {first},\n\nYour office manager at {dealer} asked for a Dealer Access user ID \
             for you: {id}.\n\nOpen Dealer Access, choose \"I have an enrollment code\", and \
             enter this code:\n\n    {code}\n\nThe code works once and expires on {expires}. \
             You will choose your own password and security questions; nobody else ever \
             learns them.\n\n{sign_off}",
            first = request.first_name,
            dealer = request.dealership_name,
            id = request.user_id,
            code = code.expose(),
            expires = eastern_text(now + chrono::Duration::days(ENROLLMENT_DAYS)),
            sign_off = sign_off(state, now),
        ),
        kind: "enrollment_code",
    }
}

/// To a registrant: the code that proves this is their email.
pub fn registration_code(
    state: &AppState,
    email: &str,
    dealership_name: &str,
    code: &EmailCode,
    now: DateTime<Utc>,
) -> OutgoingMail {
    OutgoingMail {
        to: email.to_owned(),
        subject: "Your Dealer Access registration code".into(),
        body: format!(
            "Hello,\n\nSomeone is registering for Dealer Access at {dealer} with this email \
             address. If it is you, enter this code in the registration:\n\n    {code}\n\n\
             It works for {minutes} minutes. If you did not ask for it, ignore this mail: \
             nothing happens without the code.\n\n{sign_off}",
            dealer = dealership_name,
            code = code.expose(),
            minutes = CODE_MINUTES,
            sign_off = sign_off(state, now),
        ),
        kind: "registration_code",
    }
}

/// To a reactivated user: they can sign in again.
pub fn reactivated(state: &AppState, request: &StoredRequest, now: DateTime<Utc>) -> OutgoingMail {
    OutgoingMail {
        to: request.email.clone(),
        subject: "Your Dealer Access user ID is active again".into(),
        body: format!(
            "Hello {first},\n\nYour user ID {id} at {dealer} is active again. Sign in within \
             60 days to keep it active.\n\n{sign_off}",
            first = request.first_name,
            id = request.user_id,
            dealer = request.dealership_name,
            sign_off = sign_off(state, now),
        ),
        kind: "reactivated",
    }
}
