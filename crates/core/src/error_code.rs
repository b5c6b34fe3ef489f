//! Every machine code an error carries, from the portal's store to the screen.
//!
//! The portal's `ApiError`, the rules' own errors ([`crate::password::PasswordRejection`],
//! [`crate::questions::AnswerError`]), the client and the app's commands all name their
//! failures with [`ErrorCode`]; the UI branches on the same values through the generated
//! TypeScript union, so a misspelled code is a compile error on both sides.

crate::text_enum! {
    /// A stable machine code: what a caller branches on. The message beside it is for people.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[derive(ts_rs::TS)]
    #[ts(export)]
    pub enum ErrorCode {
        // Signing in and who may call.
        /// One answer for an unknown user, a wrong password and a locked account.
        InvalidCredentials = "invalid_credentials",
        /// No session, or one that ended.
        Unauthenticated = "unauthenticated",
        /// Signed in, but not for this role or dealership.
        Forbidden = "forbidden",
        /// A correct password for a user ID inactive 60 days: it needs a reactivation.
        Inactive = "inactive",
        /// A correct password for a registration that is not approved yet.
        PendingApproval = "pending_approval",
        /// A correct password for a deactivated user ID.
        Deactivated = "deactivated",
        /// Online access is locked (told only to someone already signed in).
        Locked = "locked",
        /// A temporary password: change it before anything else.
        PasswordChangeRequired = "password_change_required",
        /// This role must use two-step sign-in and it is not set up yet: set it up before
        /// anything else.
        TwoStepSetupRequired = "two_step_setup_required",
        /// Two-step sign-in is on but its secret cannot be read on this portal (its sealing
        /// key changed): a recovery code still signs in; the help desk resets it.
        TwoStepUnavailable = "two_step_unavailable",
        /// The password was right and two-step sign-in is on: the code from the
        /// authenticator app next (the app keeps the step's token).
        TwoStepRequired = "two_step_required",
        /// The right temporary password, but used for a sign-in already or past its time.
        TemporaryPasswordExpired = "temporary_password_expired",
        /// The help desk must verify the caller before this.
        VerificationRequired = "verification_required",
        /// Unlocking one of the provider's own people waits for a second provider admin.
        ApprovalRequired = "approval_required",

        // What was asked for does not exist.
        NotFound = "not_found",
        /// No dealership has this PDN (the same answer for every unknown PDN).
        UnknownPdn = "unknown_pdn",

        // Refused input.
        BadRequest = "bad_request",
        /// A form with problems, every one of them field by field (`fields`).
        InvalidForm = "invalid_form",
        /// The password policy refused a new password.
        WeakPassword = "weak_password",
        PasswordUnchanged = "password_unchanged",
        /// A new email that is the current one.
        EmailUnchanged = "email_unchanged",
        /// The current password given with a change is not right.
        WrongPassword = "wrong_password",
        DuplicateQuestions = "duplicate_questions",
        AnswerTooShort = "answer_too_short",
        AnswerTooLong = "answer_too_long",
        /// A password reset's answers could not be verified.
        WrongAnswers = "wrong_answers",
        InvalidResetToken = "invalid_reset_token",
        InvalidEnrollment = "invalid_enrollment",
        /// A registrant's email code is wrong, used up or past its time (one answer for all).
        WrongCode = "wrong_code",
        /// Registration needs a proven email first: ask for a code, then enter it.
        EmailNotConfirmed = "email_not_confirmed",
        /// The person cannot be the subject of this request kind (not inactive, ...).
        NotEligible = "not_eligible",
        NoteRequired = "note_required",
        NoteTooLong = "note_too_long",

        // Conflicts.
        Conflict = "conflict",
        /// The user ID is taken (`suggestions` holds free ones like it).
        UserIdTaken = "user_id_taken",
        /// The request is in a state that does not allow this (`current_state`).
        WrongState = "wrong_state",

        /// The dealership is closed: its people cannot sign in.
        DealershipClosed = "dealership_closed",
        /// An access review passed its deadline with nobody deciding on this person: they
        /// cannot sign in until their office manager decides.
        AccessOnHold = "access_on_hold",
        /// The change would leave a dealership without an office manager.
        LastOfficeManager = "last_office_manager",

        // Limits and trouble.
        PayloadTooLarge = "payload_too_large",
        /// Too many attempts; `Retry-After` says when to try again.
        RateLimited = "rate_limited",
        /// The portal is at capacity; `Retry-After` says when to try again.
        Busy = "busy",
        /// The portal cannot send mail, so it cannot do what needs a mailed code.
        MailUnavailable = "mail_unavailable",
        /// The portal's folder of app updates is set up but cannot be read (the log says
        /// why): the app tries again at its next check.
        UpdatesUnavailable = "updates_unavailable",
        /// Unexpected trouble on the portal; the cause is logged, never sent.
        Internal = "internal",

        // The client's own: the portal could not be asked, or answered nonsense.
        Unreachable = "unreachable",
        /// The portal's TLS certificate is not trusted by this computer (expired, for
        /// another name, or from an authority the operating system does not know).
        UntrustedCertificate = "untrusted_certificate",
        Timeout = "timeout",
        InvalidPortalUrl = "invalid_portal_url",
        /// The address answers, but not as a Dealer Access portal.
        NotAPortal = "not_a_portal",
        /// An answer this version cannot read.
        Protocol = "protocol",
        /// An error status without a readable error body.
        HttpError = "http_error",

        // The desktop app's own.
        /// The app's settings could not be read or written.
        Settings = "settings",
        /// The administrator's policy pins this setting on this computer.
        SetByAdministrator = "set_by_administrator",
        /// Idle minutes outside what a shared PC allows.
        InvalidIdleMinutes = "invalid_idle_minutes",
        /// A request-form draft could not be kept on this computer.
        Drafts = "drafts",
        InvalidDraft = "invalid_draft",
        /// Demo data can only be loaded once, into the built-in portal.
        DemoUnavailable = "demo_unavailable",

        /// A code this version does not know (sent by a newer portal): show the message.
        #[serde(other)]
        Unknown = "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn every_code_reads_back_from_its_text_and_its_json() {
        for code in ErrorCode::ALL {
            assert_eq!(code.as_str().parse::<ErrorCode>(), Ok(code));
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(
                json,
                format!("\"{}\"", code.as_str()),
                "JSON is the text form"
            );
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
        }
    }

    #[test]
    fn a_code_from_a_newer_portal_is_unknown_not_an_unreadable_answer() {
        let code: ErrorCode = serde_json::from_str("\"quantum_flux\"").unwrap();
        assert_eq!(
            code,
            ErrorCode::Unknown,
            "an older app must still show a newer portal's message"
        );
    }

    #[test]
    fn texts_are_unique_snake_case() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} is used twice");
            assert!(
                text.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{text} is not snake_case"
            );
        }
    }
}
