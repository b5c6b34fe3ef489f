//! The audit log's vocabulary: what happened ([`AuditEvent`]), how it ended
//! ([`AuditOutcome`]) and the facts that go with it ([`AuditDetail`]). The portal stores
//! these values and sends them as they are; the UI words them. Nothing is parsed back out
//! of prose.

use serde::{Deserialize, Serialize};

use dealer_core::access::AccessRole;
use dealer_core::lockout::AttemptKind;
use dealer_core::requests::{Action, RequestKind, RequestState};

dealer_core::text_enum! {
    /// What happened. Every event the portal writes is one of these.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[derive(ts_rs::TS)]
    #[ts(export)]
    pub enum AuditEvent {
        SignIn = "sign_in",
        SignOut = "sign_out",
        AccountLocked = "account_locked",
        PasswordChange = "password_change",
        QuestionsChange = "questions_change",
        /// Someone changed their own email (a code to the new address confirms it).
        EmailChange = "email_change",
        /// Someone changed their own business phone.
        PhoneChange = "phone_change",
        /// Two-step sign-in was turned on (its set-up confirmed by a code).
        TwoStepEnabled = "two_step_enabled",
        /// The help desk reset a verified caller's two-step sign-in (a lost phone).
        TwoStepReset = "two_step_reset",
        PasswordResetStart = "password_reset_start",
        PasswordResetAnswers = "password_reset_answers",
        PasswordReset = "password_reset",
        Enrollment = "enrollment",
        RegistrationSubmitted = "registration_submitted",
        RequestSubmitted = "request_submitted",
        RequestTransition = "request_transition",
        InactivityDeactivated = "inactivity_deactivated",
        AccountCreated = "account_created",
        HelpDeskLookup = "help_desk_lookup",
        HelpDeskVerify = "help_desk_verify",
        HelpDeskUnlock = "help_desk_unlock",
        DealershipCreated = "dealership_created",
        /// An access review of a dealership opened (on schedule, or by a provider admin).
        AccessReviewOpened = "access_review_opened",
        /// An access review was finished and its requests filed.
        AccessReviewFinished = "access_review_finished",
        /// An access review passed its deadline unfinished: the provider's reviewers see
        /// it, and the people nobody decided on may be put on hold.
        AccessReviewEscalated = "access_review_escalated",
        DealershipChanged = "dealership_changed",
        DealershipClosed = "dealership_closed",
        DealershipReopened = "dealership_reopened",
        /// A person was invited to enroll (a code went out by mail).
        Invitation = "invitation",
        RoleChange = "role_change",
        /// One of the provider's own people lost or regained access.
        ProviderStaffDeactivated = "provider_staff_deactivated",
        ProviderStaffReactivated = "provider_staff_reactivated",
        /// A second provider admin approved the help desk's unlock of provider staff.
        UnlockApproved = "unlock_approved",
        /// A second provider admin approved the help desk's two-step reset of provider staff.
        TwoStepResetApproved = "two_step_reset_approved",
        /// Someone ended one of their own sessions on another device.
        SessionRevoked = "session_revoked",
        /// Someone forgot one of their remembered computers (it asks for the code again).
        DeviceForgotten = "device_forgotten",
        /// Requests refused by a rate limit: one row per route and address per minute,
        /// with how many were refused (never one row per refusal).
        RateLimited = "rate_limited",
        /// Written by a newer portal than this reader knows.
        #[serde(other)]
        Unknown = "unknown",
    }
}

dealer_core::text_enum! {
    /// How an event ended.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[derive(ts_rs::TS)]
    #[ts(export)]
    pub enum AuditOutcome {
        Success = "success",
        QuestionsShown = "questions_shown",
        Match = "match",
        NoMatch = "no_match",
        WrongPassword = "wrong_password",
        WrongAnswers = "wrong_answers",
        Locked = "locked",
        UnknownUser = "unknown_user",
        DecoyShown = "decoy_shown",
        NotEnrolled = "not_enrolled",
        /// The right temporary password after its one sign-in or its time.
        TemporaryPasswordSpent = "temporary_password_spent",
        /// An enrollment code that was wrong, used or expired (or a user ID not enrolling).
        InvalidCode = "invalid_code",
        /// Refused by a rate limit.
        Refused = "refused",
        /// Waits for a second provider admin's approval.
        ApprovalRequired = "approval_required",
        Inactive = "inactive",
        Pending = "pending",
        Deactivated = "deactivated",
        NotActive = "not_active",
        InvalidToken = "invalid_token",
        VerificationRequired = "verification_required",
        /// The dealership is closed: its people cannot sign in.
        DealershipClosed = "dealership_closed",
        /// Refused: on hold until the office manager decides in an overdue access review.
        AccessOnHold = "access_on_hold",
        /// Refused: the dealership would be left without an office manager.
        LastOfficeManager = "last_office_manager",
        /// A code went by mail to the address being confirmed.
        CodeSent = "code_sent",
        /// The password was right; the code from the authenticator app was asked for.
        CodeAsked = "code_asked",
        /// A wrong, used or malformed code at two-step sign-in's second step.
        WrongCode = "wrong_code",
        /// Signed in with one of the person's recovery codes.
        RecoveryCodeUsed = "recovery_code_used",
        /// Signed in without the code on a computer its owner had remembered (30 days).
        DeviceRemembered = "device_remembered",
        /// Written by a newer portal than this reader knows.
        #[serde(other)]
        Unknown = "unknown",
    }
}

/// The facts of an audit entry, by kind: each event writes the one kind that fits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum AuditDetail {
    /// A User ID Request was filed; a deactivation ends the leaver's access at once.
    RequestSubmitted {
        request_id: crate::RequestId,
        request_kind: RequestKind,
        /// Set for a deactivation: the leaver's sessions that ended on filing.
        access_suspended: Option<SuspendedAccess>,
    },
    /// A request moved from one state to another.
    RequestTransition {
        request_id: crate::RequestId,
        request_kind: RequestKind,
        from: RequestState,
        to: RequestState,
        action: Action,
    },
    /// A registration was filed as this request.
    Registration { request_id: crate::RequestId },
    /// Online access locked after this many failed attempts of this kind.
    FailedAttempts {
        failures: u32,
        attempt_kind: AttemptKind,
    },
    /// A help-desk answer that did not match, and how many missed in a row.
    Misses { misses: u32 },
    /// A user ID made with this role.
    AccountCreated { role: AccessRole },
    /// Made inactive after this many days without a sign-in.
    Inactivity { days: u32 },
    /// An access review opened, listing this many people.
    AccessReviewOpened { review_id: i64, people: u32 },
    /// An access review passed its deadline with people undecided; `held` of them were put
    /// on hold until a decision (none unless the portal suspends the unreviewed).
    AccessReviewEscalated {
        review_id: i64,
        undecided: u32,
        held: u32,
    },
    /// An access review finished: the requests it filed.
    AccessReviewFinished {
        review_id: i64,
        requests: Vec<crate::RequestId>,
    },
    /// The help desk unlocked: what the lock was, and the sessions that ended.
    Unlock {
        /// The kind of attempt that locked it; `None` with `was_locked` false.
        lock_kind: Option<AttemptKind>,
        was_locked: bool,
        /// The verification that allowed it (the same help-desk person, minutes before).
        verification_id: i64,
        sessions_ended: u64,
    },
    /// A password was set (changed or reset): the sessions that ended with it.
    SessionsEnded {
        sessions_ended: u64,
        /// The other sessions only (a change keeps the one it was made in).
        others_only: bool,
        /// A reset does not unlock: the account stays locked for the help desk.
        still_locked: bool,
    },
    /// A dealership created or changed, by the name it has now.
    Dealership { name: String },
    /// A dealership closed: the sessions of its people that ended.
    Closed { sessions_ended: u64 },
    /// A person invited with this role, their code valid until `expires_at`.
    Invitation {
        role: AccessRole,
        #[serde(with = "dealer_core::wire_time")]
        #[ts(as = "chrono::DateTime<chrono::Utc>")]
        expires_at: chrono::DateTime<chrono::Utc>,
    },
    /// A dealership user's role changed.
    RoleChange { from: AccessRole, to: AccessRole },
    /// Requests refused by a rate limit on this route since the previous such row.
    RateLimited { route: String, refusals: u64 },
    /// The help desk searched for callers: how many people matched (never the words
    /// searched for, which may be someone's email).
    Search { matches: u64 },
    /// Text written before details were typed; shown as it was written.
    Note { text: String },
}

/// A deactivation's immediate effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct SuspendedAccess {
    pub sessions_ended: u64,
}
