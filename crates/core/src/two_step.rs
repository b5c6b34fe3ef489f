//! Two-step sign-in: who must use it, authenticator codes, and recovery codes.
//!
//! - Codes are RFC 6238 time-based one-time passwords (HMAC-SHA-1, 6 digits, 30-second
//!   steps), the kind every authenticator app reads from a QR code. A code is accepted in
//!   the step it was made for and one step either side (clock drift), never two, and at
//!   most once: a step at or before the last one used is refused, so a code seen over
//!   someone's shoulder is worthless once it has been typed.
//! - Ten recovery codes are issued when two-step sign-in is set up, each usable once, for a
//!   lost phone. They are random (50 bits each), shown once and stored only hashed.
//! - The secret is 160 random bits (RFC 4226's recommendation). Randomness and time are
//!   passed in: this module does no I/O.

use std::fmt;

use thiserror::Error;
use totp_rs::{Algorithm, Builder, Secret, Totp};
use zeroize::Zeroizing;

use crate::access::AccessRole;
use crate::error_code::ErrorCode;

/// Digits of a code.
pub const CODE_DIGITS: u8 = 6;
/// Seconds a code lasts.
pub const STEP_SECONDS: u64 = 30;
/// Steps either side of now whose code is still accepted.
pub const SKEW_STEPS: u16 = 1;
/// Bytes of a secret: 160 bits.
pub const SECRET_BYTES: usize = 20;
/// Recovery codes issued at set-up.
pub const RECOVERY_CODES: usize = 10;
/// Random bytes behind one recovery code (ten base-32 characters: 50 bits, whole bytes
/// rounded up).
pub const RECOVERY_CODE_BYTES: usize = 7;
/// The name authenticator apps show above the account.
pub const ISSUER: &str = "Dealer Access";

crate::text_enum! {
    /// Whether a role must use two-step sign-in.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[derive(ts_rs::TS)]
    #[ts(export)]
    pub enum Requirement {
        /// Set up at the first sign-in, before anything else.
        Required = "required",
        /// The person may turn it on from My account.
        Optional = "optional",
    }
}

/// Who must use two-step sign-in: everyone who can change someone else's access. The
/// provider's people always; office managers by default (`required`), which a portal may
/// relax to `optional`; staff may choose it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TwoStepPolicy {
    pub office_managers: Requirement,
    /// `Required` in every portal started from its configuration (no setting relaxes it);
    /// only an in-process harness that tests other rules with password-only sign-ins builds
    /// [`TwoStepPolicy::optional_for_everyone`].
    pub provider_staff: Requirement,
}

impl Default for TwoStepPolicy {
    fn default() -> Self {
        TwoStepPolicy {
            office_managers: Requirement::Required,
            provider_staff: Requirement::Required,
        }
    }
}

impl TwoStepPolicy {
    /// Optional for every role: for test and benchmark harnesses whose subject is not
    /// two-step sign-in. Never read from configuration.
    pub const fn optional_for_everyone() -> Self {
        TwoStepPolicy {
            office_managers: Requirement::Optional,
            provider_staff: Requirement::Optional,
        }
    }

    pub fn for_role(&self, role: AccessRole) -> Requirement {
        match role {
            AccessRole::ProviderAdmin | AccessRole::Reviewer | AccessRole::HelpDesk => {
                self.provider_staff
            }
            AccessRole::OfficeManager => self.office_managers,
            AccessRole::Staff => Requirement::Optional,
        }
    }

    /// Whether someone in `role` whose two-step sign-in is (`on`) or is not set up must set
    /// it up before anything else.
    pub fn set_up_needed(&self, role: AccessRole, on: bool) -> bool {
        !on && self.for_role(role) == Requirement::Required
    }
}

/// Why a code was not accepted. The person is told only that it was not right; the
/// reason goes to the audit log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum CodeError {
    #[error("a code is six digits")]
    Malformed,
    #[error("the code is not the one for now")]
    Wrong,
    #[error("the code was used already")]
    Replayed,
}

impl CodeError {
    /// Every refusal answers the same: `wrong_code`.
    pub fn code(self) -> ErrorCode {
        ErrorCode::WrongCode
    }
}

/// An authenticator secret. `Debug` never shows it; its bytes are wiped when dropped.
#[derive(Clone)]
pub struct TotpSecret(Zeroizing<Vec<u8>>);

impl fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TotpSecret(…)")
    }
}

impl TotpSecret {
    /// A secret from `SECRET_BYTES` random bytes (the caller's CSPRNG).
    pub fn from_random(bytes: [u8; SECRET_BYTES]) -> TotpSecret {
        TotpSecret(Zeroizing::new(bytes.to_vec()))
    }

    /// A stored secret, as [`TotpSecret::as_bytes`] gave it.
    pub fn from_stored(bytes: &[u8]) -> Option<TotpSecret> {
        (bytes.len() == SECRET_BYTES).then(|| TotpSecret(Zeroizing::new(bytes.to_vec())))
    }

    /// A secret as an authenticator app is given it to type (base 32; spaces, case and
    /// padding do not matter), if it is a 160-bit one.
    pub fn from_base32(typed: &str) -> Option<TotpSecret> {
        let plain: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '=')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let secret = Secret::try_from_base32(&plain).ok()?;
        TotpSecret::from_stored(secret.as_bytes())
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    fn totp(&self, account: &str) -> Totp {
        Builder::new()
            .with_algorithm(Algorithm::SHA1)
            .with_digits(CODE_DIGITS)
            .with_skew(SKEW_STEPS)
            .with_step_duration(STEP_SECONDS)
            .with_secret(Secret::new(self.0.to_vec().into_boxed_slice()))
            .with_issuer(Some(ISSUER))
            .with_account_name(account)
            .build()
            .expect("a 160-bit secret with RFC 6238's parameters is valid")
    }

    /// The secret in base 32 without padding, as authenticator apps take it typed.
    pub fn base32(&self) -> Zeroizing<String> {
        Zeroizing::new(self.totp("").secret().to_base32())
    }

    /// The base-32 secret in groups of four, easier to type from the screen.
    pub fn grouped(&self) -> Zeroizing<String> {
        let plain = self.base32();
        let groups: Vec<&str> = plain
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).expect("base 32 is ASCII"))
            .collect();
        Zeroizing::new(groups.join(" "))
    }

    /// The `otpauth://totp/…` URI an authenticator app reads from the QR code; `account` is
    /// the name the app shows (the user ID, with the dealership when there is one). A colon
    /// would end the label, so it becomes a space.
    pub fn otpauth_uri(&self, account: &str) -> Zeroizing<String> {
        let account = account.replace(':', " ");
        Zeroizing::new(
            self.totp(&account)
                .to_url()
                .expect("issuer and account name are set"),
        )
    }

    /// The code for the step `unix_seconds` falls in (what an authenticator app shows).
    pub fn code_at(&self, unix_seconds: u64) -> String {
        self.totp("").generate(unix_seconds).to_string()
    }

    /// Check `typed` at `unix_seconds`. `last_step` is the step of the last code this
    /// secret accepted (none yet: `None`). The step it matched, to be stored as the new
    /// last step, so the same code, or an older one, is never accepted again.
    pub fn check(
        &self,
        typed: &str,
        unix_seconds: u64,
        last_step: Option<u64>,
    ) -> Result<u64, CodeError> {
        let digits: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if digits.len() != usize::from(CODE_DIGITS) || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(CodeError::Malformed);
        }
        let totp = self.totp("");
        let now_step = unix_seconds / STEP_SECONDS;
        // Newest first: of two steps with the same code (one in a million), the later one.
        let window =
            now_step.saturating_sub(u64::from(SKEW_STEPS))..=now_step + u64::from(SKEW_STEPS);
        let matched = window
            .rev()
            .find(|step| totp.generate(step * STEP_SECONDS).to_string() == digits)
            .ok_or(CodeError::Wrong)?;
        if last_step.is_some_and(|last| matched <= last) {
            return Err(CodeError::Replayed);
        }
        Ok(matched)
    }
}

/// A recovery code: ten lowercase base-32 characters shown as `abcde-fghij`. `Debug`
/// never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct RecoveryCode(Zeroizing<String>);

impl fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryCode(…)")
    }
}

/// RFC 4648's base-32 alphabet, lowercase: no 0, 1, 8 or 9 to mistake for letters.
const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";

impl RecoveryCode {
    /// A code from `RECOVERY_CODE_BYTES` random bytes (the caller's CSPRNG).
    pub fn from_random(bytes: [u8; RECOVERY_CODE_BYTES]) -> RecoveryCode {
        let mut bits: u64 = 0;
        for b in bytes {
            bits = (bits << 8) | u64::from(b);
        }
        let chars: String = (0..10)
            .map(|i| ALPHABET[((bits >> (i * 5)) & 31) as usize] as char)
            .collect();
        RecoveryCode(Zeroizing::new(chars))
    }

    /// What a person typed, if it can be a recovery code: case, spaces and hyphens do not
    /// matter.
    pub fn parse(typed: &str) -> Option<RecoveryCode> {
        let plain: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        (plain.len() == 10 && plain.bytes().all(|b| ALPHABET.contains(&b)))
            .then(|| RecoveryCode(Zeroizing::new(plain)))
    }

    /// The code as it is hashed and compared: ten characters, no hyphen.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The code as shown: `abcde-fghij`.
    pub fn shown(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("{}-{}", &self.0[..5], &self.0[5..]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B's SHA-1 secret: "12345678901234567890".
    fn rfc_secret() -> TotpSecret {
        TotpSecret::from_random(*b"12345678901234567890")
    }

    #[test]
    fn codes_are_rfc_6238_s_test_vectors() {
        // Appendix B gives 8 digits; 6-digit codes are their last six (RFC 4226 §5.3).
        let vectors = [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ];
        for (time, eight) in vectors {
            assert_eq!(
                rfc_secret().code_at(time),
                eight[2..],
                "RFC 6238 appendix B, SHA-1, T = {time}"
            );
        }
    }

    #[test]
    fn a_code_works_one_step_either_side_and_not_two() {
        let secret = rfc_secret();
        let now = 1_111_111_111;
        for offset in [-30i64, 0, 30] {
            let code = secret.code_at((now as i64 + offset) as u64);
            assert!(
                secret.check(&code, now, None).is_ok(),
                "a code {offset} s away is within the clock drift allowed"
            );
        }
        for offset in [-60i64, 60, 90] {
            let code = secret.code_at((now as i64 + offset) as u64);
            assert_eq!(
                secret.check(&code, now, None),
                Err(CodeError::Wrong),
                "a code {offset} s away is two steps off: refused"
            );
        }
    }

    #[test]
    fn a_code_is_accepted_once() {
        let secret = rfc_secret();
        let now = 1_234_567_890;
        let code = secret.code_at(now);
        let step = secret.check(&code, now, None).expect("the code for now");
        assert_eq!(step, now / STEP_SECONDS);
        assert_eq!(
            secret.check(&code, now + 5, Some(step)),
            Err(CodeError::Replayed),
            "the same code again, within its 30 seconds, is a replay"
        );
        let previous = secret.code_at(now - 30);
        assert_eq!(
            secret.check(&previous, now, Some(step)),
            Err(CodeError::Replayed),
            "an older code is refused once a newer one was used"
        );
        let next = secret.code_at(now + 30);
        assert_eq!(
            secret.check(&next, now + 30, Some(step)),
            Ok(step + 1),
            "the next step's code works"
        );
    }

    #[test]
    fn typed_codes_may_have_spaces_but_must_be_six_digits() {
        let secret = rfc_secret();
        let now = 59;
        let code = secret.code_at(now);
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert!(
            secret.check(&spaced, now, None).is_ok(),
            "123 456 as apps show it"
        );
        for typed in ["", "12345", "1234567", "12a456", "１２３４５６"] {
            assert_eq!(
                secret.check(typed, now, None),
                Err(CodeError::Malformed),
                "{typed:?} is not a code"
            );
        }
    }

    #[test]
    fn the_secret_reads_as_base_32_in_groups_and_in_the_uri() {
        let secret = rfc_secret();
        assert_eq!(
            secret.base32().as_str(),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            "RFC 4648 base 32 of the RFC 6238 secret"
        );
        assert_eq!(
            secret.grouped().as_str(),
            "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"
        );
        let uri = secret.otpauth_uri("mgarcia (Lakeside Motors)");
        assert!(
            uri.starts_with("otpauth://totp/Dealer%20Access:mgarcia%20%28Lakeside%20Motors%29?"),
            "issuer and account label: {}",
            uri.as_str()
        );
        for part in [
            "secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
            "issuer=Dealer%20Access",
        ] {
            assert!(uri.contains(part), "{part} in {}", uri.as_str());
        }
        assert!(
            !secret.otpauth_uri("a:b").contains("a:b"),
            "a colon in the account would end the label"
        );
        assert_eq!(
            format!("{secret:?}"),
            "TotpSecret(…)",
            "Debug never shows it"
        );
    }

    #[test]
    fn a_typed_secret_reads_back_as_itself() {
        let secret = rfc_secret();
        let typed = TotpSecret::from_base32(&secret.grouped().to_lowercase()).unwrap();
        assert_eq!(typed.as_bytes(), secret.as_bytes());
        assert!(TotpSecret::from_base32("GEZD GNBV").is_none(), "too short");
        assert!(TotpSecret::from_base32("not base 32!").is_none());
    }

    #[test]
    fn a_stored_secret_must_be_160_bits() {
        assert!(TotpSecret::from_stored(&[7; SECRET_BYTES]).is_some());
        assert!(TotpSecret::from_stored(&[7; 16]).is_none());
    }

    #[test]
    fn recovery_codes_are_ten_base_32_characters_and_parse_as_typed() {
        let code = RecoveryCode::from_random([0xde, 0xad, 0xbe, 0xef, 0x01, 0x23, 0x45]);
        assert_eq!(code.expose().len(), 10);
        let shown = code.shown();
        assert_eq!(shown.len(), 11);
        assert_eq!(&shown[5..6], "-");
        assert_eq!(RecoveryCode::parse(&shown), Some(code.clone()));
        assert_eq!(
            RecoveryCode::parse(&format!("  {} ", shown.to_uppercase())),
            Some(code.clone()),
            "case and spaces do not matter"
        );
        for typed in ["", "abcde-fghi", "abcde-fghij-k", "abcde-fgh1j", "123456"] {
            assert_eq!(RecoveryCode::parse(typed), None, "{typed:?}");
        }
        assert_eq!(format!("{code:?}"), "RecoveryCode(…)");
        assert_ne!(
            RecoveryCode::from_random([0; RECOVERY_CODE_BYTES]),
            RecoveryCode::from_random([0, 0, 0, 0, 0, 0, 1]),
            "the last byte counts"
        );
    }

    #[test]
    fn everyone_who_can_change_someone_elses_access_must_use_it() {
        let default = TwoStepPolicy::default();
        for role in [
            AccessRole::ProviderAdmin,
            AccessRole::Reviewer,
            AccessRole::HelpDesk,
            AccessRole::OfficeManager,
        ] {
            assert_eq!(default.for_role(role), Requirement::Required, "{role}");
        }
        assert_eq!(default.for_role(AccessRole::Staff), Requirement::Optional);
        let relaxed = TwoStepPolicy {
            office_managers: Requirement::Optional,
            ..TwoStepPolicy::default()
        };
        assert_eq!(
            relaxed.for_role(AccessRole::OfficeManager),
            Requirement::Optional
        );
        assert_eq!(
            relaxed.for_role(AccessRole::Reviewer),
            Requirement::Required,
            "the provider's people are never relaxed by the office managers' setting"
        );
    }

    #[test]
    fn set_up_is_needed_only_where_required_and_not_on() {
        let policy = TwoStepPolicy::default();
        let table = [
            (AccessRole::OfficeManager, false, true),
            (AccessRole::OfficeManager, true, false),
            (AccessRole::Reviewer, false, true),
            (AccessRole::HelpDesk, false, true),
            (AccessRole::ProviderAdmin, true, false),
            (AccessRole::Staff, false, false),
            (AccessRole::Staff, true, false),
        ];
        for (role, on, needed) in table {
            assert_eq!(policy.set_up_needed(role, on), needed, "{role}, on: {on}");
        }
        let harness = TwoStepPolicy::optional_for_everyone();
        assert!(!harness.set_up_needed(AccessRole::Reviewer, false));
    }
}
