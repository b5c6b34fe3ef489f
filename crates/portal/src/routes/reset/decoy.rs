//! Decoy questions: what a password reset shows for a user ID that has no challenge
//! questions to show (unknown, malformed, or not enrolled). Two different catalogue
//! entries picked by HMAC-SHA256 of the normalized user ID under a per-deployment secret
//! (`server_secrets.reset_decoy`), so they are the same on every try and every replica,
//! differ between user IDs, and cannot be told from a real user's pick by anyone without
//! the secret.

use dealer_core::questions::{QuestionId, catalogue};

use crate::pepper::hmac_sha256;

/// Two different catalogue questions for `user_key` (the user ID as typed, trimmed and
/// lower-cased, the same key the rate limits use).
pub fn decoy_questions(secret: &[u8; 32], user_key: &str) -> [QuestionId; 2] {
    let mac = hmac_sha256(secret, user_key.as_bytes());
    let word = |at: usize| {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(&mac[at..at + 8]);
        u64::from_be_bytes(bytes)
    };
    let n = catalogue().len() as u64;
    // The bias of a 64-bit value modulo 15 is below 2^-60: none worth the name.
    let first = word(0) % n;
    let mut second = word(8) % (n - 1);
    if second >= first {
        second += 1;
    }
    let pick = |i: u64| catalogue()[usize::try_from(i).unwrap_or_default()].id();
    [pick(first), pick(second)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoys_are_two_different_questions_stable_per_id_and_spread_over_the_catalogue() {
        let secret = [7u8; 32];
        let mut seen = std::collections::HashSet::new();
        for i in 0..500 {
            let key = format!("user{i}");
            let [a, b] = decoy_questions(&secret, &key);
            assert_ne!(a, b, "a real user never has the same question twice");
            assert_eq!(decoy_questions(&secret, &key), [a, b], "stable");
            seen.insert(a);
            seen.insert(b);
        }
        assert_eq!(seen.len(), catalogue().len(), "every entry can be a decoy");
        assert_ne!(
            (0..20)
                .map(|i| decoy_questions(&secret, &format!("u{i}")))
                .collect::<Vec<_>>(),
            (0..20)
                .map(|i| decoy_questions(&[8u8; 32], &format!("u{i}")))
                .collect::<Vec<_>>(),
            "another deployment's secret picks other decoys"
        );
    }
}
