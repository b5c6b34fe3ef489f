//! A user ID as somebody typed it, named for the logs and the audit log.
//!
//! What is typed into the user-ID box is not always a user ID: people type their password
//! there, or the two run together. So a typed ID that matches no account is never recorded
//! as typed. It is named by a keyed hash instead, `unknown:` and 12 hex digits of
//! SHA-256(server secret, 0, the ID trimmed and lowercased): the same typing gets the same
//! name, so repeated guesses at one ID still show as such, but nothing of the text can be
//! read back (the key never leaves the database). An ID that matches an account is
//! recorded as that account's own user ID.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::error::ApiError;
use crate::store::users::User;

/// The server secret (`server_secrets`) that keys the names of unknown typed IDs.
pub const TYPED_ID_SECRET: &str = "typed_user_id";

/// The name of a typed user ID for the audit log: the account's user ID when `known`,
/// else the keyed hash of what was typed.
pub async fn audit_name(
    state: &AppState,
    raw: &str,
    known: Option<&User>,
    now: DateTime<Utc>,
) -> Result<String, ApiError> {
    if let Some(user) = known {
        return Ok(user.user_id.to_string());
    }
    let secret = state.store().server_secret(TYPED_ID_SECRET, now).await?;
    Ok(unknown_name(&secret, raw))
}

/// `unknown:` and 12 hex digits of the keyed hash of `raw` (trimmed, lowercased).
pub fn unknown_name(secret: &[u8; 32], raw: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(secret);
    hash.update([0]);
    hash.update(raw.trim().to_lowercase().as_bytes());
    format!("unknown:{}", hex::encode(&hash.finalize()[..6]))
}

#[cfg(test)]
mod tests {
    use super::unknown_name;

    #[test]
    fn an_unknown_typed_id_is_named_by_a_keyed_hash_never_by_its_text() {
        let key = [7u8; 32];
        let name = unknown_name(&key, "Lantern Orchard 42");
        assert!(
            name.starts_with("unknown:") && name.len() == "unknown:".len() + 12,
            "{name}"
        );
        assert!(!name.to_lowercase().contains("lantern"), "{name}");
        assert_eq!(
            name,
            unknown_name(&key, "  lantern orchard 42 "),
            "same typing, same name"
        );
        assert_ne!(
            name,
            unknown_name(&[8u8; 32], "Lantern Orchard 42"),
            "keyed: another portal, another name"
        );
        assert_ne!(name, unknown_name(&key, "lantern orchard 43"));
    }
}
