//! User ID Requests: their kinds, what each does to an account, and the one state machine
//! every request follows.
//!
//! ```text
//!  submitted ──start review──▶ in_review ──approve──▶ approved ──complete──▶ completed
//!     ▲                          │    │                  │
//!     │                          │    └──reject──▶ rejected
//!     └──answer── needs_info ◀───┴──request info─────────┘ (additional steps)
//!  submitted, in_review, needs_info ──cancel──▶ cancelled   (approved: reviewer only)
//! ```
//!
//! `completed`, `rejected` and `cancelled` are terminal: nothing leaves them. The portal's
//! store applies a transition only through [`transition`], inside the same statement that
//! checks the current state, so two reviewers racing on one request produce one transition.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::access::AccountState;

crate::text_enum! {
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[derive(ts_rs::TS)]
    #[ts(export)]
    pub enum RequestKind {
        /// "Not registered?": the registrant chose user ID, password and questions.
        SelfRegistration = "self_registration",
        /// The office manager's form for a new person; they enroll themselves on completion.
        NewUser = "new_user",
        RemoveApplicationAccess = "remove_application_access",
        /// For a user ID inactive 60 days or more.
        Reactivation = "reactivation",
        /// An employee left, or access is to end.
        Deactivation = "deactivation",
    }
}

impl RequestKind {
    /// The four kinds of the office manager's User ID Request form.
    pub const FORM: [RequestKind; 4] = [
        RequestKind::NewUser,
        RequestKind::RemoveApplicationAccess,
        RequestKind::Reactivation,
        RequestKind::Deactivation,
    ];

    pub fn label(self) -> &'static str {
        match self {
            RequestKind::SelfRegistration => "Self-registration",
            RequestKind::NewUser => "New user",
            RequestKind::RemoveApplicationAccess => "Remove application access",
            RequestKind::Reactivation => "Reactivation",
            RequestKind::Deactivation => "Deactivation",
        }
    }

    /// The effect that takes place the moment the request is submitted.
    pub fn on_submit(self) -> Option<Effect> {
        match self {
            RequestKind::SelfRegistration => Some(Effect::CreatePendingAccount),
            // A leaver never waits a business day.
            RequestKind::Deactivation => Some(Effect::SuspendAccess),
            _ => None,
        }
    }

    /// The effect of entering `to` (after the request was submitted).
    pub fn effect_on(self, to: RequestState) -> Option<Effect> {
        use RequestKind as K;
        use RequestState as S;
        match (self, to) {
            (K::SelfRegistration, S::Approved) => Some(Effect::ActivateAccount),
            (K::SelfRegistration, S::Completed) => Some(Effect::GrantApplications),
            (K::SelfRegistration, S::Rejected | S::Cancelled) => {
                Some(Effect::DiscardPendingAccount)
            }
            (K::NewUser, S::Completed) => Some(Effect::CreateAccountWithEnrollment),
            (K::RemoveApplicationAccess, S::Completed) => Some(Effect::RemoveApplications),
            (K::Reactivation, S::Completed) => Some(Effect::Reactivate),
            (K::Deactivation, S::Completed) => Some(Effect::Deactivate),
            // Access was suspended on submit; a request that does not go through gives it back.
            (K::Deactivation, S::Rejected | S::Cancelled) => Some(Effect::RestoreAccess),
            _ => None,
        }
    }
}

/// What a request does to the account it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// A registrant's account exists but cannot sign in until approved.
    CreatePendingAccount,
    /// Approval of a self-registration: the account can sign in; confirmation email.
    ActivateAccount,
    /// The requested applications are granted.
    GrantApplications,
    DiscardPendingAccount,
    /// The new person gets a single-use enrollment code by email and sets their own
    /// password and questions; the manager never learns them.
    CreateAccountWithEnrollment,
    RemoveApplications,
    /// The user can sign in again; the inactivity clock restarts.
    Reactivate,
    /// Sessions end and sign-in is refused at once.
    SuspendAccess,
    Deactivate,
    RestoreAccess,
}

crate::text_enum! {
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[derive(ts_rs::TS)]
    #[ts(export)]
    #[derive(PartialOrd, Ord)]
    pub enum RequestState {
        Submitted = "submitted",
        InReview = "in_review",
        NeedsInfo = "needs_info",
        Approved = "approved",
        Completed = "completed",
        Rejected = "rejected",
        Cancelled = "cancelled",
    }
}

impl RequestState {
    /// Nothing leaves a terminal state.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            RequestState::Completed | RequestState::Rejected | RequestState::Cancelled
        )
    }

    /// Whether the business-day promise still runs (the request waits on the provider).
    /// A request waiting on the dealership (needs info) is not overdue on the provider.
    pub fn awaits_provider(self) -> bool {
        matches!(
            self,
            RequestState::Submitted | RequestState::InReview | RequestState::Approved
        )
    }
}

crate::text_enum! {
    /// A transition of the state machine, by the reviewer or the requester.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[derive(ts_rs::TS)]
    #[ts(export)]
    pub enum Action {
        StartReview = "start_review",
        Approve = "approve",
        Reject = "reject",
        RequestInfo = "request_info",
        AnswerInfo = "answer_info",
        Complete = "complete",
        Cancel = "cancel",
    }
}

crate::text_enum! {
    /// A step in a request's history: filing it, then the state machine's [`Action`]s,
    /// spelled the same.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[derive(ts_rs::TS)]
    #[ts(export)]
    pub enum HistoryAction {
        Submit = "submit",
        StartReview = "start_review",
        Approve = "approve",
        Reject = "reject",
        RequestInfo = "request_info",
        AnswerInfo = "answer_info",
        Complete = "complete",
        Cancel = "cancel",
    }
}

impl From<Action> for HistoryAction {
    fn from(action: Action) -> Self {
        match action {
            Action::StartReview => HistoryAction::StartReview,
            Action::Approve => HistoryAction::Approve,
            Action::Reject => HistoryAction::Reject,
            Action::RequestInfo => HistoryAction::RequestInfo,
            Action::AnswerInfo => HistoryAction::AnswerInfo,
            Action::Complete => HistoryAction::Complete,
            Action::Cancel => HistoryAction::Cancel,
        }
    }
}

impl Action {
    /// Reject needs a reason, needs-info says what is needed, an answer answers: the note
    /// is what the other side reads.
    pub fn requires_note(self) -> bool {
        matches!(
            self,
            Action::Reject | Action::RequestInfo | Action::AnswerInfo
        )
    }
}

/// Who acts on a request, relative to it. The portal maps the session: a `reviewer` is
/// [`Actor::Reviewer`]; the office manager of the request's PDN, or the registrant holding
/// the status token, is [`Actor::Requester`]; anyone else never reaches the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Actor {
    Reviewer,
    Requester,
}

/// Facts about the request that some transitions depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Guards {
    /// An application needing additional steps (SmartAuction) was requested and those
    /// steps have not been through needs-info after approval yet.
    pub additional_steps_pending: bool,
    /// A note was given with the action.
    pub has_note: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TransitionError {
    #[error("This request is {from} and cannot be changed any more")]
    Terminal { from: RequestState },
    #[error("A request that is {from} cannot be {}", verb(*action))]
    NotAllowed { from: RequestState, action: Action },
    #[error("Only {} may {} a request", who(*action), verb_base(*action))]
    NotYourRole { action: Action },
    #[error("{}", note_reason(*action))]
    NoteRequired { action: Action },
    #[error(
        "SmartAuction access needs its additional steps first: ask the dealership for them (needs information) before completing"
    )]
    AdditionalStepsPending,
}

fn verb(action: Action) -> &'static str {
    match action {
        Action::StartReview => "taken into review",
        Action::Approve => "approved",
        Action::Reject => "rejected",
        Action::RequestInfo => "sent back for information",
        Action::AnswerInfo => "answered",
        Action::Complete => "completed",
        Action::Cancel => "cancelled",
    }
}

fn verb_base(action: Action) -> &'static str {
    match action {
        Action::StartReview => "review",
        Action::Approve => "approve",
        Action::Reject => "reject",
        Action::RequestInfo => "ask for information on",
        Action::AnswerInfo => "answer",
        Action::Complete => "complete",
        Action::Cancel => "cancel",
    }
}

fn who(action: Action) -> &'static str {
    match action {
        Action::AnswerInfo => "the requester",
        Action::Cancel => "the requester or a reviewer",
        _ => "a reviewer",
    }
}

fn note_reason(action: Action) -> &'static str {
    match action {
        Action::Reject => "Give the reason for rejecting; the dealership reads it",
        Action::RequestInfo => "Say what information is needed; the dealership reads it",
        _ => "Write the answer the reviewer asked for",
    }
}

/// The one state machine. Returns the state `action` leads to from `from`, or why not.
pub fn transition(
    from: RequestState,
    action: Action,
    actor: Actor,
    guards: Guards,
) -> Result<RequestState, TransitionError> {
    use Action as A;
    use RequestState as S;
    if from.is_terminal() {
        return Err(TransitionError::Terminal { from });
    }
    let to = match (from, action) {
        (S::Submitted, A::StartReview) => S::InReview,
        (S::InReview, A::Approve) => S::Approved,
        (S::InReview, A::Reject) => S::Rejected,
        // From approved: the additional steps of SmartAuction.
        (S::InReview | S::Approved, A::RequestInfo) => S::NeedsInfo,
        (S::NeedsInfo, A::AnswerInfo) => S::Submitted,
        (S::Approved, A::Complete) => S::Completed,
        (S::Submitted | S::InReview | S::NeedsInfo | S::Approved, A::Cancel) => S::Cancelled,
        _ => return Err(TransitionError::NotAllowed { from, action }),
    };
    let permitted = match action {
        A::AnswerInfo => actor == Actor::Requester,
        // Once approved, only the provider may call it off.
        A::Cancel => actor == Actor::Reviewer || from != S::Approved,
        _ => actor == Actor::Reviewer,
    };
    if !permitted {
        return Err(TransitionError::NotYourRole { action });
    }
    if action.requires_note() && !guards.has_note {
        return Err(TransitionError::NoteRequired { action });
    }
    if action == A::Complete && guards.additional_steps_pending {
        return Err(TransitionError::AdditionalStepsPending);
    }
    Ok(to)
}

/// Whether the additional steps were taken: the history holds an approved → needs_info
/// transition that was later answered (needs_info → submitted).
pub fn additional_steps_done(history: &[(RequestState, RequestState)]) -> bool {
    let mut asked = false;
    for &(from, to) in history {
        if from == RequestState::Approved && to == RequestState::NeedsInfo {
            asked = true;
        } else if asked && from == RequestState::NeedsInfo && to == RequestState::Submitted {
            return true;
        }
    }
    false
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EligibilityError {
    #[error("This user ID is already taken")]
    UserIdTaken,
    #[error("There is no such user at this dealership")]
    NoSuchUser,
    #[error(
        "{user} is {state}, not inactive: reactivation is only for user IDs with no sign-in for 60 days or more"
    )]
    NotInactive { user: String, state: &'static str },
    #[error("{user} is already deactivated")]
    AlreadyDeactivated { user: String },
    #[error("{user} has not been approved yet: cancel or reject the registration instead")]
    StillPending { user: String },
    #[error("{user} does not have {application}, so it cannot be removed")]
    ApplicationNotHeld { user: String, application: String },
    #[error(
        "You cannot end or reduce your own access. Another office manager of your dealership, \
         or the provider, can file this for you."
    )]
    OwnAccount,
}

/// Whether the person filing may file a request of `kind` about `subject`: nobody ends or
/// reduces their own access (a compromised manager account must not lock its owner out,
/// and a leaver's access is ended by someone else).
pub fn check_filer(
    kind: RequestKind,
    filer: &crate::ids::UserId,
    subject: &crate::ids::UserId,
) -> Result<(), EligibilityError> {
    let ends_or_reduces = matches!(
        kind,
        RequestKind::Deactivation | RequestKind::RemoveApplicationAccess
    );
    if ends_or_reduces && filer == subject {
        Err(EligibilityError::OwnAccount)
    } else {
        Ok(())
    }
}

/// Whether a request of `kind` may be filed for `user` whose account is in `state`
/// (`None` when no account has that user ID).
pub fn check_eligibility(
    kind: RequestKind,
    user: &str,
    state: Option<AccountState>,
) -> Result<(), EligibilityError> {
    use AccountState as A;
    let user = user.to_owned();
    match (kind, state) {
        (RequestKind::SelfRegistration | RequestKind::NewUser, None) => Ok(()),
        (RequestKind::SelfRegistration | RequestKind::NewUser, Some(_)) => {
            Err(EligibilityError::UserIdTaken)
        }
        (_, None) => Err(EligibilityError::NoSuchUser),
        (_, Some(A::Pending)) => Err(EligibilityError::StillPending { user }),
        (RequestKind::Reactivation, Some(A::Inactive)) => Ok(()),
        (RequestKind::Reactivation, Some(state)) => Err(EligibilityError::NotInactive {
            user,
            state: state.as_str(),
        }),
        (_, Some(A::Deactivated)) => Err(EligibilityError::AlreadyDeactivated { user }),
        (RequestKind::RemoveApplicationAccess | RequestKind::Deactivation, Some(_)) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nobody_ends_or_reduces_their_own_access() {
        let maria = crate::ids::UserId::parse("mgarcia").unwrap();
        let same = crate::ids::UserId::parse("MGarcia").unwrap();
        let pat = crate::ids::UserId::parse("pat").unwrap();
        for kind in [
            RequestKind::Deactivation,
            RequestKind::RemoveApplicationAccess,
        ] {
            assert_eq!(
                check_filer(kind, &maria, &same),
                Err(EligibilityError::OwnAccount),
                "{kind}: user IDs compare case-insensitively"
            );
            assert_eq!(check_filer(kind, &maria, &pat), Ok(()));
        }
        for kind in [RequestKind::Reactivation, RequestKind::NewUser] {
            assert_eq!(check_filer(kind, &maria, &maria), Ok(()), "{kind}");
        }
    }

    #[test]
    fn every_action_is_a_history_step_spelled_the_same() {
        for action in Action::ALL {
            assert_eq!(
                HistoryAction::from(action).as_str(),
                action.as_str(),
                "a history shows the action the state machine took"
            );
        }
        assert_eq!(
            HistoryAction::ALL.len(),
            Action::ALL.len() + 1,
            "plus submit"
        );
    }
    use proptest::prelude::*;

    const NOTE: Guards = Guards {
        additional_steps_pending: false,
        has_note: true,
    };

    fn go(
        from: RequestState,
        action: Action,
        actor: Actor,
    ) -> Result<RequestState, TransitionError> {
        transition(from, action, actor, NOTE)
    }

    #[test]
    fn the_happy_path_is_submitted_in_review_approved_completed() {
        use RequestState as S;
        let mut s = S::Submitted;
        for (action, expected) in [
            (Action::StartReview, S::InReview),
            (Action::Approve, S::Approved),
            (Action::Complete, S::Completed),
        ] {
            s = go(s, action, Actor::Reviewer).unwrap();
            assert_eq!(s, expected);
        }
    }

    #[test]
    fn needs_info_goes_back_to_submitted_when_the_requester_answers() {
        let s = go(RequestState::InReview, Action::RequestInfo, Actor::Reviewer).unwrap();
        assert_eq!(s, RequestState::NeedsInfo);
        assert_eq!(
            go(s, Action::AnswerInfo, Actor::Reviewer),
            Err(TransitionError::NotYourRole {
                action: Action::AnswerInfo
            }),
            "only the requester answers"
        );
        assert_eq!(
            go(s, Action::AnswerInfo, Actor::Requester),
            Ok(RequestState::Submitted)
        );
    }

    #[test]
    fn only_reviewers_decide() {
        let mut decisions = 0;
        for action in [
            Action::StartReview,
            Action::Approve,
            Action::Reject,
            Action::RequestInfo,
            Action::Complete,
        ] {
            for from in RequestState::ALL {
                if go(from, action, Actor::Reviewer).is_ok() {
                    decisions += 1;
                    assert_eq!(
                        go(from, action, Actor::Requester),
                        Err(TransitionError::NotYourRole { action }),
                        "{action:?} from {from} is a reviewer's decision"
                    );
                }
            }
        }
        assert_eq!(
            decisions, 6,
            "start review, approve, reject, two kinds of needs-info, complete"
        );
    }

    #[test]
    fn requester_may_cancel_until_approved_then_only_the_reviewer() {
        use RequestState as S;
        for from in [S::Submitted, S::InReview, S::NeedsInfo] {
            assert_eq!(go(from, Action::Cancel, Actor::Requester), Ok(S::Cancelled));
        }
        assert_eq!(
            go(S::Approved, Action::Cancel, Actor::Requester),
            Err(TransitionError::NotYourRole {
                action: Action::Cancel
            })
        );
        assert_eq!(
            go(S::Approved, Action::Cancel, Actor::Reviewer),
            Ok(S::Cancelled)
        );
    }

    #[test]
    fn reject_and_needs_info_require_a_note() {
        let no_note = Guards::default();
        for action in [Action::Reject, Action::RequestInfo] {
            assert_eq!(
                transition(RequestState::InReview, action, Actor::Reviewer, no_note),
                Err(TransitionError::NoteRequired { action })
            );
        }
        assert!(
            transition(
                RequestState::InReview,
                Action::Approve,
                Actor::Reviewer,
                no_note
            )
            .is_ok(),
            "approval needs no note"
        );
    }

    #[test]
    fn smartauction_passes_through_needs_info_before_completion() {
        use RequestState as S;
        let pending = Guards {
            additional_steps_pending: true,
            has_note: true,
        };
        assert_eq!(
            transition(S::Approved, Action::Complete, Actor::Reviewer, pending),
            Err(TransitionError::AdditionalStepsPending)
        );
        // approved → needs_info (additional steps) → answered → review again → approved.
        let history = [
            (S::Submitted, S::InReview),
            (S::InReview, S::Approved),
            (S::Approved, S::NeedsInfo),
            (S::NeedsInfo, S::Submitted),
            (S::Submitted, S::InReview),
            (S::InReview, S::Approved),
        ];
        assert!(additional_steps_done(&history));
        assert!(
            !additional_steps_done(&history[..3]),
            "asked but not answered yet"
        );
        let ordinary_info = [(S::InReview, S::NeedsInfo), (S::NeedsInfo, S::Submitted)];
        assert!(
            !additional_steps_done(&ordinary_info),
            "a needs-info before approval is not the additional steps"
        );
    }

    #[test]
    fn terminal_states_stay_terminal_for_every_action_and_actor() {
        for from in RequestState::ALL.into_iter().filter(|s| s.is_terminal()) {
            for action in Action::ALL {
                for actor in [Actor::Reviewer, Actor::Requester] {
                    assert_eq!(
                        transition(from, action, actor, NOTE),
                        Err(TransitionError::Terminal { from }),
                        "{from} is terminal"
                    );
                }
            }
        }
    }

    #[test]
    fn deactivation_suspends_at_once_and_gives_access_back_if_not_carried_out() {
        assert_eq!(
            RequestKind::Deactivation.on_submit(),
            Some(Effect::SuspendAccess)
        );
        assert_eq!(
            RequestKind::Deactivation.effect_on(RequestState::Completed),
            Some(Effect::Deactivate)
        );
        assert_eq!(
            RequestKind::Deactivation.effect_on(RequestState::Rejected),
            Some(Effect::RestoreAccess)
        );
        assert_eq!(
            RequestKind::Deactivation.effect_on(RequestState::InReview),
            None
        );
    }

    #[test]
    fn each_kind_takes_effect_as_designed() {
        use RequestKind as K;
        use RequestState as S;
        assert_eq!(
            K::SelfRegistration.on_submit(),
            Some(Effect::CreatePendingAccount)
        );
        assert_eq!(
            K::SelfRegistration.effect_on(S::Approved),
            Some(Effect::ActivateAccount),
            "approval activates and confirms"
        );
        assert_eq!(K::NewUser.on_submit(), None);
        assert_eq!(
            K::NewUser.effect_on(S::Approved),
            None,
            "the new user is created on completion, not approval"
        );
        assert_eq!(
            K::NewUser.effect_on(S::Completed),
            Some(Effect::CreateAccountWithEnrollment)
        );
        assert_eq!(
            K::RemoveApplicationAccess.effect_on(S::Completed),
            Some(Effect::RemoveApplications)
        );
        assert_eq!(
            K::Reactivation.effect_on(S::Completed),
            Some(Effect::Reactivate)
        );
        assert_eq!(K::FORM.len(), 4, "the form has four kinds");
    }

    #[test]
    fn reactivation_is_only_for_inactive_user_ids() {
        assert_eq!(
            check_eligibility(
                RequestKind::Reactivation,
                "pat",
                Some(AccountState::Inactive)
            ),
            Ok(())
        );
        let err = check_eligibility(RequestKind::Reactivation, "pat", Some(AccountState::Active))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "pat is active, not inactive: reactivation is only for user IDs with no sign-in for 60 days or more"
        );
        assert!(
            check_eligibility(RequestKind::Reactivation, "pat", Some(AccountState::Locked))
                .is_err(),
            "a lock is the help desk's"
        );
    }

    #[test]
    fn eligibility_of_the_other_kinds() {
        use AccountState as A;
        use RequestKind as K;
        assert_eq!(check_eligibility(K::NewUser, "pat", None), Ok(()));
        assert_eq!(
            check_eligibility(K::NewUser, "pat", Some(A::Deactivated)),
            Err(EligibilityError::UserIdTaken),
            "user IDs are never reused"
        );
        assert_eq!(
            check_eligibility(K::Deactivation, "pat", None),
            Err(EligibilityError::NoSuchUser)
        );
        assert_eq!(
            check_eligibility(K::Deactivation, "pat", Some(A::Locked)),
            Ok(()),
            "a locked leaver can be deactivated"
        );
        assert_eq!(
            check_eligibility(K::Deactivation, "pat", Some(A::Inactive)),
            Ok(())
        );
        assert!(matches!(
            check_eligibility(K::Deactivation, "pat", Some(A::Deactivated)),
            Err(EligibilityError::AlreadyDeactivated { .. })
        ));
        assert!(matches!(
            check_eligibility(K::RemoveApplicationAccess, "pat", Some(A::Pending)),
            Err(EligibilityError::StillPending { .. })
        ));
        assert_eq!(
            check_eligibility(K::RemoveApplicationAccess, "pat", Some(A::Active)),
            Ok(())
        );
    }

    fn any_action() -> impl Strategy<Value = Action> {
        proptest::sample::select(Action::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn no_path_leaves_a_terminal_state(
            steps in proptest::collection::vec((any_action(), any::<bool>(), any::<bool>(), any::<bool>()), 0..40)
        ) {
            let mut state = RequestState::Submitted;
            let mut reached_terminal = None;
            for (action, reviewer, pending, has_note) in steps {
                let actor = if reviewer { Actor::Reviewer } else { Actor::Requester };
                let guards = Guards { additional_steps_pending: pending, has_note };
                if let Ok(next) = transition(state, action, actor, guards) {
                    prop_assert!(reached_terminal.is_none(), "left terminal {:?}", reached_terminal);
                    prop_assert_ne!(next, state, "every transition changes the state");
                    state = next;
                    if state.is_terminal() {
                        reached_terminal = Some(state);
                    }
                }
            }
        }
    }
}
