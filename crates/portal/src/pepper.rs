//! An optional pepper: a secret key from the configuration (`DEALER_PASSWORD_PEPPER`),
//! never stored in the database, mixed into every password and answer before argon2
//! (HMAC-SHA256(key, secret) is what argon2 hashes). A copy of the database alone then
//! cannot be guessed against offline.
//!
//! Peppers are versioned: each has a short id, recorded in the hash's PHC string as
//! argon2's `keyid` parameter. The first configured pepper hashes everything new; the
//! others still verify what they hashed. A hash without a pepper (or with an older one)
//! keeps working and is replaced by one with the current pepper at its owner's next
//! sign-in, so rotating is: put the new pepper first, keep the old one after it until
//! everyone has signed in, then drop it.

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// One pepper: its id (1 to 8 of a-z, 0-9) and its key (at least 32 bytes).
#[derive(Clone)]
pub struct Pepper {
    pub id: String,
    key: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for Pepper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pepper")
            .field("id", &self.id)
            .field("key", &"***")
            .finish()
    }
}

/// The configured peppers: the first hashes, all of them verify.
#[derive(Debug, Clone, Default)]
pub struct Peppers(Vec<Pepper>);

impl Peppers {
    /// `id:hexkey` entries separated by commas, the current one first (`v2:…,v1:…`).
    /// Empty: no pepper. The message of an error never contains a key.
    pub fn parse(text: &str) -> Result<Peppers, String> {
        let mut peppers = Vec::new();
        for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let (id, hex_key) = entry
                .split_once(':')
                .ok_or("each pepper is id:key (like v1: and 64 hex digits)")?;
            let id = id.trim();
            if id.is_empty()
                || id.len() > 8
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            {
                return Err(format!(
                    "pepper id {id:?}: 1 to 8 lowercase letters and digits"
                ));
            }
            let key = Zeroizing::new(
                hex::decode(hex_key.trim())
                    .map_err(|_| format!("pepper {id}: the key must be hex digits"))?,
            );
            if key.len() < 32 {
                return Err(format!(
                    "pepper {id}: the key must be at least 32 bytes (64 hex digits)"
                ));
            }
            if peppers.iter().any(|p: &Pepper| p.id == id) {
                return Err(format!("pepper {id} is given twice"));
            }
            peppers.push(Pepper {
                id: id.to_owned(),
                key,
            });
        }
        Ok(Peppers(peppers))
    }

    /// The pepper new hashes use.
    pub fn current(&self) -> Option<&Pepper> {
        self.0.first()
    }

    pub fn by_id(&self, id: &str) -> Option<&Pepper> {
        self.0.iter().find(|p| p.id == id)
    }
}

impl Pepper {
    /// HMAC-SHA256(key, secret): what argon2 hashes in place of the secret.
    pub fn mix(&self, secret: &[u8]) -> Zeroizing<Vec<u8>> {
        hmac_sha256(&self.key, secret)
    }
}

/// HMAC-SHA256 (RFC 2104) over sha2's SHA-256: one small function rather than another
/// dependency, checked against RFC 4231 below. The portal's one HMAC.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> Zeroizing<Vec<u8>> {
    const BLOCK: usize = 64;
    let mut block = Zeroizing::new([0u8; BLOCK]);
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(block.map(|b| b ^ 0x36));
    inner.update(message);
    let inner = Zeroizing::new(inner.finalize().to_vec());
    let mut outer = Sha256::new();
    outer.update(block.map(|b| b ^ 0x5c));
    outer.update(&*inner);
    Zeroizing::new(outer.finalize().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 2.
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            hex::encode(&*mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than the block is hashed first.
        let mac = hmac_sha256(
            &[0xaa; 131],
            b"Test Using Larger Than Block-Size Key - Hash Key First",
        );
        assert_eq!(
            hex::encode(&*mac),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn peppers_parse_current_first_and_refuse_bad_ones_without_showing_keys() {
        let k1 = "11".repeat(32);
        let k2 = "22".repeat(32);
        let peppers = Peppers::parse(&format!("v2:{k2}, v1:{k1}")).unwrap();
        assert_eq!(peppers.current().unwrap().id, "v2");
        assert!(peppers.by_id("v1").is_some());
        assert!(Peppers::parse("").unwrap().current().is_none(), "optional");
        for bad in [
            format!("v1{k1}"),
            format!("V1:{k1}"),
            format!("toolongid:{k1}"),
            "v1:abcd".to_owned(),
            format!("v1:{k1}zz"),
            format!("v1:{k1},v1:{k2}"),
        ] {
            let err = Peppers::parse(&bad).unwrap_err();
            assert!(!err.contains(&k1) && !err.contains(&k2), "{err}");
        }
        assert!(!format!("{peppers:?}").contains(&k2), "Debug hides keys");
    }
}
