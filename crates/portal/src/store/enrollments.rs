//! Single-use enrollment codes: a new user requested by their office manager gets one by
//! email when the request completes, and with it sets their own password and questions.
//! Only a SHA-256 hash of the code is stored; a code expires after 7 days.

use super::UserKey;
use chrono::{DateTime, Duration, Utc};
use dealer_api::RequestId;
use rand::TryRngCore;
use sqlx::AnyConnection;

use super::sessions::hash_token;
use super::{Result, ms};

/// How long an enrollment code works.
pub const ENROLLMENT_DAYS: i64 = 7;

/// Letters and digits that cannot be mistaken for one another when read from an email.
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTVWXYZ23456789";

/// A code as emailed once (`ABCD-EFGH-JKMN-PQRS`, about 78 bits). `Debug` never shows it.
pub struct EnrollmentCode(String);

impl EnrollmentCode {
    pub fn generate() -> EnrollmentCode {
        let mut bytes = [0u8; 16];
        rand::rngs::OsRng
            .try_fill_bytes(&mut bytes)
            .expect("the OS random source works");
        let mut code = String::with_capacity(19);
        for (i, b) in bytes.iter().enumerate() {
            if i > 0 && i % 4 == 0 {
                code.push('-');
            }
            // 256 is not a multiple of 30: the bias (a few letters 1/256 likelier) costs
            // well under a bit of the code's strength.
            code.push(char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]));
        }
        EnrollmentCode(code)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for EnrollmentCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EnrollmentCode(***)")
    }
}

/// The stored form of a code as typed: case, spaces and dashes do not matter.
pub fn code_hash(typed: &str) -> String {
    let canonical: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    hash_token(&canonical)
}

/// Issue a code for `user_pk` (for the request that made the account, or none for an
/// invitation); earlier unused codes of that user stop working.
pub async fn issue(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    request_id: Option<RequestId>,
    now: DateTime<Utc>,
) -> Result<EnrollmentCode> {
    let code = EnrollmentCode::generate();
    sqlx::query("UPDATE enrollments SET used_at = $2 WHERE user_pk = $1 AND used_at IS NULL")
        .bind(user_pk)
        .bind(ms(now))
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO enrollments (code_hash, user_pk, request_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(code_hash(code.expose()))
    .bind(user_pk)
    .bind(request_id)
    .bind(ms(now))
    .bind(ms(now + Duration::days(ENROLLMENT_DAYS)))
    .execute(conn)
    .await?;
    Ok(code)
}

/// Use up a code of `user_pk`: true exactly once for a live code, in one statement, so two
/// enrollments racing with one code cannot both succeed.
pub async fn consume(
    conn: &mut AnyConnection,
    user_pk: UserKey,
    typed: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let updated = sqlx::query(
        "UPDATE enrollments SET used_at = $3 \
         WHERE code_hash = $1 AND user_pk = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(code_hash(typed))
    .bind(user_pk)
    .bind(ms(now))
    .execute(conn)
    .await?;
    Ok(updated.rows_affected() == 1)
}

impl super::Store {
    /// Whether `typed` is a live code of `user_pk` (read only; [`consume`] uses it up).
    pub async fn enrollment_live(
        &self,
        user_pk: UserKey,
        typed: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM enrollments \
             WHERE code_hash = $1 AND user_pk = $2 AND used_at IS NULL AND expires_at > $3",
        )
        .bind(code_hash(typed))
        .bind(user_pk)
        .bind(ms(now))
        .fetch_one(self.pool())
        .await?;
        Ok(n == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_four_groups_from_the_unambiguous_alphabet() {
        let code = EnrollmentCode::generate();
        let groups: Vec<&str> = code.expose().split('-').collect();
        assert_eq!(groups.len(), 4, "a code reads as four groups of four");
        assert!(
            groups
                .iter()
                .all(|g| g.len() == 4 && g.bytes().all(|b| ALPHABET.contains(&b))),
            "only letters and digits that cannot be confused: {code:?}"
        );
        assert_ne!(
            code.expose(),
            EnrollmentCode::generate().expose(),
            "codes are random"
        );
        assert!(
            !format!("{code:?}").contains(code.expose()),
            "Debug hides the code"
        );
    }

    #[test]
    fn a_code_matches_however_it_is_typed() {
        assert_eq!(
            code_hash("ABCD-EFGH-JKMN-PQRS"),
            code_hash("abcd efgh jkmn pqrs")
        );
        assert_ne!(
            code_hash("ABCD-EFGH-JKMN-PQRS"),
            code_hash("ABCD-EFGH-JKMN-PQRT")
        );
    }
}
