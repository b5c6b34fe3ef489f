//! JSON shapes of the portal API (`/api/v1`), shared by the portal and the client.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::ErrorCode;

/// Every error the portal sends: a stable machine `code` to branch on, and a message for
/// people. 5xx errors never carry internals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
    /// `invalid_form`: every problem of the form, field by field, all at once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<FieldError>>", optional)]
    pub fields: Vec<FieldError>,
    /// `user_id_taken`: free user IDs like the one asked for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub suggestions: Vec<String>,
    /// `wrong_state`: the state the request is in now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub current_state: Option<RequestState>,
}

impl ErrorBody {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        ErrorBody {
            code,
            message: message.into(),
            fields: Vec::new(),
            suggestions: Vec::new(),
            current_state: None,
        }
    }
}

/// `GET /api/v1/health`: the process is up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct Health {
    pub status: String,
    pub version: String,
    /// Mail goes out now (an SMTP server is set up); otherwise it waits in the outbox.
    #[serde(default)]
    pub mail_ready: bool,
}

/// `GET /api/v1/app/updates/{target}/{arch}/{current_version}`: a newer app than the one
/// asking, in the form Tauri's updater reads. The signature covers the installer; the app
/// installs nothing it cannot verify with the public key it was built with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct AppUpdate {
    /// The newer version, like `1.3.0`.
    pub version: String,
    /// What changed, as the operator wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// When it was published (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pub_date: Option<String>,
    /// Where the installer is downloaded from: this portal, unless the operator named
    /// another host.
    pub url: String,
    /// The installer's minisign signature (`tauri signer sign`), base64 as the signer wrote it.
    pub signature: String,
}

/// `GET /api/v1/help-desk/info`: how to reach the help desk, and whether it is open now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct HelpDeskInfo {
    pub name: String,
    pub phone: String,
    /// The weekly hours as people read them, e.g. "Mon 8 am–10 pm, …, Sun noon–5 pm (ET)".
    pub hours: String,
    /// IANA time zone of the hours ("America/New_York").
    pub time_zone: String,
    pub open_now: bool,
    /// When it closes, if open now.
    #[serde(default, with = "dealer_core::wire_time::option")]
    #[ts(as = "Option<DateTime<Utc>>")]
    pub closes_at: Option<DateTime<Utc>>,
    /// When it next opens, if closed now.
    #[serde(default, with = "dealer_core::wire_time::option")]
    #[ts(as = "Option<DateTime<Utc>>")]
    pub next_opening: Option<DateTime<Utc>>,
    /// One sentence for a "call the help desk" message: "Open now until 8 pm ET" or
    /// "Closed now; opens Monday 8 am ET".
    pub status_text: String,
}

/// `GET /api/v1/ready`: the portal can reach its database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct Ready {
    pub status: String,
    pub database: String,
}

/// `POST /api/v1/sessions`. `Debug` never shows the password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct SignIn {
    pub user_id: String,
    #[cfg_attr(feature = "openapi", schema(format = Password))]
    pub password: String,
    /// A remembered computer's token (from a second step with `remember_device`): with
    /// the right password, two-step sign-in does not ask for a code on it for 30 days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub device_token: Option<String>,
}

impl std::fmt::Debug for SignIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignIn")
            .field("user_id", &self.user_id)
            .field("password", &"***")
            .field("device_token", &self.device_token.as_ref().map(|_| "***"))
            .finish()
    }
}

/// `GET /api/v1/me/two-step`: whether my two-step sign-in is on, whether my role must use
/// it, and how many of my recovery codes are left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct TwoStepStatus {
    pub on: bool,
    pub requirement: dealer_core::two_step::Requirement,
    pub recovery_codes_left: u32,
}

/// `201` answer to `POST /api/v1/me/two-step`: what the authenticator app takes, shown while
/// setting up and never again: the `otpauth://` URI for the QR code, and the secret grouped
/// for typing.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct TwoStepSetup {
    pub otpauth_uri: String,
    pub secret: String,
}

impl std::fmt::Debug for TwoStepSetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TwoStepSetup { otpauth_uri: \"***\", secret: \"***\" }")
    }
}

/// `200` answer to `POST /api/v1/me/two-step/confirm`: two-step sign-in is on; the ten
/// recovery codes, shown this once.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct RecoveryCodes {
    pub codes: Vec<String>,
}

impl std::fmt::Debug for RecoveryCodes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RecoveryCodes({} codes)", self.codes.len())
    }
}

/// `201` answer to a sign-in: the bearer token (shown this once) and who signed in.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct SignedIn {
    pub token: String,
    pub session_id: String,
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub expires_at: DateTime<Utc>,
    pub user: Me,
    /// After a second step with `remember_device`: this computer's token for the keychain,
    /// shown this once, that skips the code for 30 days (`SignIn.device_token`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub device_token: Option<String>,
    /// After a sign-in with a recovery code: how many of them are left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub recovery_codes_left: Option<u32>,
}

impl std::fmt::Debug for SignedIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedIn")
            .field("token", &"***")
            .field("session_id", &self.session_id)
            .field("expires_at", &self.expires_at)
            .field("user", &self.user)
            .field("device_token", &self.device_token.as_ref().map(|_| "***"))
            .field("recovery_codes_left", &self.recovery_codes_left)
            .finish()
    }
}

/// `GET /api/v1/me`: the signed-in person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct Me {
    pub user_id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// The business phone in E.164 (with ` x123` for an extension), when one was given.
    /// Absent from portals that predate it.
    #[serde(default)]
    pub phone: Option<String>,
    pub role: dealer_core::access::AccessRole,
    /// The dealership of staff and office managers; none for provider staff.
    pub pdn: Option<String>,
    pub dealership_name: Option<String>,
    /// A temporary password from the help desk: change it before anything else.
    pub must_change_password: bool,
    /// The role must use two-step sign-in and it is not set up: set it up (after any
    /// password change) before anything else. Absent from portals that predate it.
    #[serde(default)]
    pub two_step_setup_required: bool,
    #[serde(default, with = "dealer_core::wire_time::option")]
    #[ts(as = "Option<DateTime<Utc>>")]
    pub last_sign_in_at: Option<DateTime<Utc>>,
    /// When the user ID goes inactive without another sign-in.
    #[serde(default, with = "dealer_core::wire_time::option")]
    #[ts(as = "Option<DateTime<Utc>>")]
    pub deactivates_at: Option<DateTime<Utc>>,
}

/// One of my sessions (`GET /api/v1/sessions`); never the token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct SessionInfo {
    pub id: String,
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub last_seen_at: DateTime<Utc>,
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub expires_at: DateTime<Utc>,
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
    /// The session this request was made with.
    pub current: bool,
}

/// One of my computers that skips the second step (`GET /api/v1/me/devices`); never its
/// token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct RememberedDevice {
    pub id: String,
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub created_at: DateTime<Utc>,
    /// After this the code is asked again.
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub expires_at: DateTime<Utc>,
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub last_used_at: DateTime<Utc>,
    pub client_addr: Option<String>,
    pub user_agent: Option<String>,
}

/// Writes `Name { field: .., secret: "***" }`: request types that carry passwords,
/// answers or tokens never print them.
macro_rules! redacted_debug {
    ($ty:ident { $($field:ident),* } hides { $($secret:ident),* }) => {
        impl std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($ty))
                    $(.field(stringify!($field), &self.$field))*
                    $(.field(stringify!($secret), &"***"))*
                    .finish()
            }
        }
    };
}

/// One security question as shown: its stable catalogue key and its text. Used by
/// `GET /api/v1/questions/catalogue` and `POST /api/v1/password-resets`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct QuestionText {
    /// A catalogue key (`first_car_model`).
    #[ts(type = "string")]
    pub id: dealer_core::questions::QuestionId,
    pub text: String,
}

/// `POST /api/v1/me/password`: change my password (also a temporary one). `204`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct ChangePassword {
    #[cfg_attr(feature = "openapi", schema(format = Password))]
    pub current_password: String,
    #[cfg_attr(feature = "openapi", schema(format = Password))]
    pub new_password: String,
}
redacted_debug!(ChangePassword {} hides { current_password, new_password });

/// `POST /api/v1/me/email`: change my email. A code goes to the new address; the change
/// takes effect when it comes back ([`ConfirmEmailChange`]). `202` [`EmailChangeStarted`].
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct ChangeEmail {
    #[cfg_attr(feature = "openapi", schema(format = Email))]
    pub new_email: String,
    #[cfg_attr(feature = "openapi", schema(format = Password))]
    pub current_password: String,
}
redacted_debug!(ChangeEmail { new_email } hides { current_password });

/// `202` answer to [`ChangeEmail`]: where the code went, and until when it works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct EmailChangeStarted {
    pub email: String,
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub expires_at: DateTime<Utc>,
}

/// `POST /api/v1/me/email/confirm`: the code from the mail to the new address. `200` [`Me`].
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct ConfirmEmailChange {
    pub code: String,
}
redacted_debug!(ConfirmEmailChange {} hides { code });

/// `PUT /api/v1/me/phone`: my business phone (`None` or blank removes it). `200` [`Me`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct ChangePhone {
    pub phone: Option<String>,
}

/// `202` answer to a sign-in whose password was right, of someone with two-step sign-in on:
/// no session yet. Send `two_step_token` with the code to `POST /api/v1/sessions/two-step`
/// before `expires_at` (5 minutes).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct TwoStepRequired {
    pub two_step_token: String,
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub expires_at: DateTime<Utc>,
}
redacted_debug!(TwoStepRequired { expires_at } hides { two_step_token });

/// `POST /api/v1/sessions/two-step`: the second step, with the code from the authenticator
/// app, or a recovery code.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct TwoStepSignIn {
    pub two_step_token: String,
    pub code: String,
    /// Remember this computer for 30 days (a person's own computer; the app never asks on
    /// a shared PC): the answer carries its `device_token`.
    #[serde(default)]
    #[ts(optional)]
    pub remember_device: Option<bool>,
}
redacted_debug!(TwoStepSignIn {} hides { two_step_token, code });

/// `POST /api/v1/me/two-step/confirm`: the first code the authenticator app shows.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct TwoStepCode {
    pub code: String,
}
redacted_debug!(TwoStepCode {} hides { code });

/// A question picked from the catalogue with its answer (as typed; the portal
/// normalizes it).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct QuestionAnswer {
    #[ts(type = "string")]
    pub question: dealer_core::questions::QuestionId,
    pub answer: String,
}
redacted_debug!(QuestionAnswer { question } hides { answer });

/// `PUT /api/v1/me/questions`: replace my two challenge questions and my help-desk secret
/// question, all different catalogue entries. `204`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct SetQuestions {
    #[cfg_attr(feature = "openapi", schema(format = Password))]
    pub current_password: String,
    #[cfg_attr(feature = "openapi", schema(min_items = 2, max_items = 2))]
    pub challenge: [QuestionAnswer; 2],
    pub secret: QuestionAnswer,
}
redacted_debug!(SetQuestions { challenge, secret } hides { current_password });

/// `POST /api/v1/password-resets`: start an online password reset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct StartReset {
    pub user_id: String,
}

/// `200` answer to [`StartReset`]: the two challenge questions to answer. The same for a
/// user ID every time; an unknown user ID gets questions of the same shape, so the answer
/// never tells whether an account exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct ResetQuestions {
    #[cfg_attr(feature = "openapi", schema(min_items = 2, max_items = 2))]
    pub questions: [QuestionText; 2],
    /// How many wrong answers lock online access (the portal's setting, the same for
    /// everyone; 1 by default): said before anyone answers.
    pub wrong_answers_lock_after: u32,
}

/// `POST /api/v1/password-resets/answers`: the answers to the two questions, in order.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct ResetAnswers {
    pub user_id: String,
    #[cfg_attr(feature = "openapi", schema(min_items = 2, max_items = 2))]
    pub answers: [String; 2],
}
redacted_debug!(ResetAnswers { user_id } hides { answers });

/// `200` answer to [`ResetAnswers`] when both were right: a single-use token for
/// [`CompleteReset`], shown this once.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct ResetToken {
    pub reset_token: String,
    pub expires_in_minutes: u32,
}
redacted_debug!(ResetToken { expires_in_minutes } hides { reset_token });

/// `POST /api/v1/password-resets/complete`: set the new password. `204`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct CompleteReset {
    pub reset_token: String,
    #[cfg_attr(feature = "openapi", schema(format = Password))]
    pub new_password: String,
}
redacted_debug!(CompleteReset {} hides { reset_token, new_password });

/// `GET /api/v1/password-rules`: what this portal asks of a new password's length, in
/// characters (Unicode scalar values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct PasswordRules {
    pub min_chars: u32,
    pub max_chars: u32,
}

/// `POST /api/v1/reactivations`: an inactive user, with their user ID and password, asks
/// for their user ID to be active again. `Debug` never shows the password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct AskReactivation {
    pub user_id: String,
    #[cfg_attr(feature = "openapi", schema(format = Password))]
    pub password: String,
}
redacted_debug!(AskReactivation { user_id } hides { password });

/// `201` answer to [`AskReactivation`]: the reactivation request filed, and who was told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct ReactivationAsked {
    pub request_id: crate::RequestId,
    /// The provider reviews it by then (close of business, ET).
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub due_at: DateTime<Utc>,
    /// The office managers who were told ("Maria Garcia"); none when the person is their
    /// dealership's only one.
    pub office_managers: Vec<String>,
}

/// Why an account is locked, for the help desk and the office manager of its PDN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct LockInfo {
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub since: DateTime<Utc>,
    /// Which kind of attempt locked it (wrong passwords, wrong challenge answers, or a
    /// caller who missed the secret question with the help desk); `None` if unknown.
    pub kind: Option<dealer_core::lockout::AttemptKind>,
    /// Failed attempts of that kind counted so far.
    pub failures: u32,
}

/// `GET /api/v1/help-desk/users/{user_id}`: a caller as the help desk sees them. Only the
/// text of the secret question to ask; never an answer or a hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct HelpDeskUser {
    pub user_id: String,
    pub first_name: String,
    pub last_name: String,
    pub role: dealer_core::access::AccessRole,
    pub pdn: Option<String>,
    pub dealership_name: Option<String>,
    pub status: dealer_core::access::AccountState,
    /// Set while the account is locked.
    pub lock: Option<LockInfo>,
    /// Wrong passwords and challenge answers since the last sign-in or unlock.
    pub failed_attempts: u32,
    /// Missed help-desk verifications in a row; the account locks at 3.
    pub verify_failures: u32,
    /// The help-desk secret question to ask the caller; `None` until the person enrolls.
    pub secret_question: Option<String>,
    /// Two-step sign-in is set up: a caller who lost their phone needs it reset.
    #[serde(default)]
    pub two_step_on: bool,
    /// Where the caller can be reached: to check who is calling, and to call back.
    #[serde(default)]
    pub email: String,
    /// The business phone in E.164, when one was given.
    #[serde(default)]
    pub phone: Option<String>,
    /// Verifications left before a miss locks the account (0 while they are paused).
    #[serde(default)]
    pub verify_tries_left: u32,
    /// The active office managers of the caller's dealership (none for the provider's own
    /// people), to send a dealership matter to the one who can act on it.
    #[serde(default)]
    pub office_managers: Vec<ContactPerson>,
    /// The newest events about the caller (sign-ins, locks, resets, requests), at most 10.
    #[serde(default)]
    pub recent_events: Vec<AuditEntry>,
}

/// Someone to contact, as the help desk sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct ContactPerson {
    pub user_id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    /// The business phone in E.164, when one was given.
    pub phone: Option<String>,
}

/// `GET /api/v1/help-desk/users?q=`: whom the help desk looks for, a page at a time.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export, optional_fields)]
#[serde(deny_unknown_fields)]
pub struct CallerSearch {
    /// Part of a user ID, a name or an email (ignoring case), or a whole five-digit PDN:
    /// 2 to 100 characters.
    pub q: String,
    /// 1 to 50 (default 20).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// One person the help desk's search found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct CallerMatch {
    pub user_id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub role: dealer_core::access::AccessRole,
    pub pdn: Option<String>,
    pub dealership_name: Option<String>,
    pub status: dealer_core::access::AccountState,
}

/// A page of the help desk's search, by last name, first name and user ID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct CallerMatches {
    pub matches: Vec<CallerMatch>,
    pub total: i64,
    /// The `offset` of the next page; `null` on the last one.
    pub next_offset: Option<i64>,
}

/// `POST /api/v1/help-desk/users/{user_id}/verify`: the answer the caller gave on the
/// phone. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
#[serde(deny_unknown_fields)]
pub struct HelpDeskVerify {
    pub answer: String,
}
redacted_debug!(HelpDeskVerify {} hides { answer });

/// The answer to a help-desk verification: match or no match, nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct HelpDeskVerified {
    pub matched: bool,
}

/// `POST /api/v1/help-desk/users/{user_id}/unlock`: a temporary password, shown this
/// once, to read to the verified caller: it works for one sign-in, until `expires_at`.
/// `Debug` never shows it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct HelpDeskUnlocked {
    pub temporary_password: String,
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub expires_at: DateTime<Utc>,
}
redacted_debug!(HelpDeskUnlocked { expires_at } hides { temporary_password });

/// One user of a dealership as its office manager sees them
/// (`GET /api/v1/dealers/{pdn}/users`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct DealerUser {
    pub user_id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub role: dealer_core::access::AccessRole,
    pub job_role: Option<String>,
    /// `active`, `locked`, `inactive` (also when the 60-day clock ran out and the nightly
    /// job has not caught up yet), `deactivated` or `pending`.
    pub status: dealer_core::access::AccountState,
    /// Set while the account is locked: since when, by which kind of attempt, how many.
    pub lock: Option<LockInfo>,
    pub failed_attempts: u32,
    #[serde(default, with = "dealer_core::wire_time::option")]
    #[ts(as = "Option<DateTime<Utc>>")]
    pub last_sign_in_at: Option<DateTime<Utc>>,
    /// The inactivity countdown (active, deactivates in N days, inactive); `None` for
    /// pending and deactivated user IDs, which have no clock running.
    pub inactivity: Option<dealer_core::inactivity::InactivityStatus>,
    /// Two-step sign-in is set up (absent from portals that predate it).
    #[serde(default)]
    pub two_step_on: bool,
    /// The business phone in E.164 (`+13135550123`), when one was given.
    #[serde(default)]
    pub phone: Option<String>,
    /// The applications the user holds, by key (absent from portals that predate it).
    #[serde(default)]
    pub applications: Vec<String>,
}

/// One audit log entry of a dealership (`GET /api/v1/dealers/{pdn}/audit`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct AuditEntry {
    pub id: i64,
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub at: DateTime<Utc>,
    pub event: crate::AuditEvent,
    pub outcome: crate::AuditOutcome,
    pub actor: Option<String>,
    pub target: Option<String>,
    /// The facts that go with the event, by kind.
    pub detail: Option<crate::AuditDetail>,
}

/// A page of the audit log, newest first. Pass `next_before` as `before` for the next
/// (older) page; `None` when this was the last one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    pub next_before: Option<i64>,
}

/// The filters of `GET /api/v1/dealers/{pdn}/users`, sent as query parameters; both
/// optional. The portal reads the same two fields (its own `UsersQuery`, which rejects any
/// other).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export, optional_fields)]
#[serde(deny_unknown_fields)]
pub struct DealerUsersFilter {
    /// Only users in this state (`?status=locked`).
    pub status: Option<dealer_core::access::AccountState>,
    /// Only users whose user ID or name contains this, ignoring case (`?q=chen`).
    pub q: Option<String>,
}

/// Which page of `GET /api/v1/dealers/{pdn}/audit` to read, sent as query parameters.
/// The default is the newest page of 50 of every event. The portal reads the same fields
/// (its own `AuditQuery`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export, optional_fields)]
#[serde(deny_unknown_fields)]
pub struct AuditPageQuery {
    /// Entries older than this id: the previous page's [`AuditPage::next_before`].
    pub before: Option<i64>,
    /// Entries per page, 1 to 200 (default 50).
    pub limit: Option<i64>,
    /// Only the events about this person (their sign-ins, locks, resets, and what others
    /// did to their account).
    pub user_id: Option<String>,
}

dealer_core::text_enum! {
    /// Where a queued mail stands.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[derive(ts_rs::TS)]
    #[ts(export)]
    pub enum MailState {
        /// Not sent yet (no SMTP configured, or retrying).
        Queued = "queued",
        Sent = "sent",
        /// Given up on: a permanent refusal or too many attempts.
        Failed = "failed",
    }
}

/// One message of the portal's outbox as provider staff see it (`GET /api/v1/outbox`):
/// where it stands, never its body (which may carry a single-use code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct OutboxEntry {
    pub id: i64,
    #[serde(with = "dealer_core::wire_time")]
    #[ts(as = "DateTime<Utc>")]
    pub created_at: DateTime<Utc>,
    pub to: String,
    pub subject: String,
    pub kind: String,
    pub state: MailState,
    pub attempts: u32,
    #[serde(default, with = "dealer_core::wire_time::option")]
    #[ts(as = "Option<DateTime<Utc>>")]
    pub sent_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

mod requests;
pub use requests::*;

mod admin;
pub use admin::*;

mod access_reviews;
pub use access_reviews::*;
