//! The OS keychain (Keychain on macOS, Credential Manager on Windows, Secret Service on
//! Linux, through `keyring` 4's native stores), under service `dealer-access`: the
//! revocable session token of a personal device (account `<portal host>/<user id>`), the
//! token that lets a personal computer skip two-step sign-in's code for 30 days (account
//! `two-step/<portal host>/<user id>`), and the built-in portal's SMTP password (account `smtp/<host>/<user>`); and, under service
//! `dealer-access-portal`, the key that seals the built-in portal's queued enrollment
//! codes. Never a person's password or answer.
//!
//! An unavailable or locked keychain is not an error for the person: the app says so once
//! and goes on without remembering.

use zeroize::Zeroizing;

pub const SERVICE: &str = "dealer-access";

#[derive(Debug, thiserror::Error)]
pub enum KeychainError {
    /// No keychain, or it is locked: remembering is off, everything else works.
    #[error(
        "This computer's keychain is not available, so Dealer Access cannot remember your sign-in. Everything else works."
    )]
    Unavailable(String),
    #[error("The keychain refused to store the sign-in: {0}")]
    Failed(String),
}

impl From<keyring::Error> for KeychainError {
    fn from(err: keyring::Error) -> Self {
        match err {
            keyring::Error::NoDefaultStore
            | keyring::Error::NoStorageAccess(_)
            | keyring::Error::PlatformFailure(_) => KeychainError::Unavailable(err.to_string()),
            other => KeychainError::Failed(other.to_string()),
        }
    }
}

/// Where a token lives: one entry per portal and user ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    account: String,
}

impl Slot {
    /// `portal_host` is the portal's host (and port, for a shared portal on a non-standard
    /// one); the embedded portal is `localhost`, whatever port it runs on.
    pub fn new(portal_host: &str, user_id: &str) -> Slot {
        Slot {
            account: format!("{portal_host}/{}", user_id.to_ascii_lowercase()),
        }
    }

    /// Any other entry of the app's service, by its account name (`smtp/<host>/<user>`
    /// for the built-in portal's mail password).
    pub fn for_account(account: String) -> Slot {
        Slot { account }
    }

    pub fn account(&self) -> &str {
        &self.account
    }

    fn entry(&self) -> Result<keyring::Entry, KeychainError> {
        Ok(keyring::Entry::new(SERVICE, &self.account)?)
    }

    /// Store the token (replacing any earlier one).
    pub fn save(&self, token: &str) -> Result<(), KeychainError> {
        Ok(self.entry()?.set_password(token)?)
    }

    /// The stored token, if any.
    pub fn load(&self) -> Result<Option<Zeroizing<String>>, KeychainError> {
        match self.entry()?.get_password() {
            Ok(token) => Ok(Some(Zeroizing::new(token))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(err.into()),
        }
    }

    /// Forget the token; forgetting one that is not there is fine.
    pub fn delete(&self) -> Result<(), KeychainError> {
        match self.entry()?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(err) => Err(err.into()),
        }
    }
}

/// These run against the real Secret Service: `cargo xtask test` runs them inside a D-Bus
/// session with an unlocked gnome-keyring, and reads the entry back with `secret-tool`
/// from a second process.
/// The service of the built-in portal's own keys, apart from people's tokens (`SERVICE`).
pub const PORTAL_SERVICE: &str = "dealer-access-portal";

/// The key that seals the built-in portal's queued enrollment codes
/// (`dealer_portal::store::outbox`): kept in this keychain, so the portal's database file
/// alone never opens them. Made (32 random bytes) on first use.
pub fn outbox_key() -> Result<[u8; 32], KeychainError> {
    outbox_key_in("outbox-key")
}

fn outbox_key_in(account: &str) -> Result<[u8; 32], KeychainError> {
    let entry = keyring::Entry::new(PORTAL_SERVICE, account)?;
    let mut key = [0u8; 32];
    match entry.get_password() {
        Ok(text) => {
            let text = Zeroizing::new(text);
            if hex::decode_to_slice(text.as_str(), &mut key).is_ok() {
                return Ok(key);
            }
            Err(KeychainError::Failed(
                "the built-in portal's outbox key is not 64 hex digits".into(),
            ))
        }
        Err(keyring::Error::NoEntry) => {
            // 32 bytes from the OS random source, as hex (the portal's token generator).
            let fresh = dealer_portal::store::sessions::Token::generate();
            hex::decode_to_slice(fresh.expose(), &mut key)
                .map_err(|e| KeychainError::Failed(e.to_string()))?;
            entry.set_password(fresh.expose())?;
            Ok(key)
        }
        Err(err) => Err(err.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret_tool(account: &str) -> Option<String> {
        let out = std::process::Command::new("secret-tool")
            .args(["lookup", "service", SERVICE, "username", account])
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    #[test]
    #[ignore = "needs a Secret Service in a D-Bus session: cargo xtask test runs it"]
    fn keychain_stores_loads_and_deletes_a_token_visible_to_another_process() {
        let slot = Slot::new("localhost", &format!("KeychainTest{}", std::process::id()));
        let token = "0123456789abcdef-token-for-the-keychain-test";
        slot.save(token)
            .expect("an unlocked Secret Service accepts the token");
        assert_eq!(
            slot.load().unwrap().as_deref().map(String::as_str),
            Some(token)
        );
        assert_eq!(
            secret_tool(slot.account()).as_deref(),
            Some(token),
            "a second process (secret-tool) finds the entry: it is in the real keychain, not a mock"
        );
        slot.delete().unwrap();
        assert!(slot.load().unwrap().is_none(), "deleted");
        assert_eq!(
            secret_tool(slot.account()),
            None,
            "gone for other processes too"
        );
        slot.delete().expect("deleting twice is fine");
    }

    #[test]
    #[ignore = "needs a Secret Service in a D-Bus session: cargo xtask test runs it"]
    fn keychain_keeps_the_mail_password_under_its_server_and_user() {
        let settings = crate::mail::MailSettings {
            host: "SMTP.Example.com".into(),
            port: 587,
            security: crate::mail::MailSecurity::Starttls,
            user: format!("mailer{}", std::process::id()),
            from: "no-reply@example.com".into(),
        };
        let slot = settings.password_slot();
        assert!(
            slot.account().starts_with("smtp/smtp.example.com/mailer"),
            "{}",
            slot.account()
        );
        slot.save("smtp-password-for-the-keychain-test").unwrap();
        assert_eq!(
            secret_tool(slot.account()).as_deref(),
            Some("smtp-password-for-the-keychain-test"),
            "the SMTP password is in the real keychain, where another process finds it"
        );
        slot.delete().unwrap();
        assert_eq!(secret_tool(slot.account()), None);
    }

    #[test]
    #[ignore = "needs a Secret Service in a D-Bus session: cargo xtask test runs it"]
    fn keychain_keeps_one_outbox_key_for_the_built_in_portal() {
        let account = format!("outbox-key-test-{}", std::process::id());
        let first = super::outbox_key_in(&account).unwrap();
        assert_ne!(first, [0u8; 32], "random");
        assert_eq!(
            super::outbox_key_in(&account).unwrap(),
            first,
            "made once, then kept"
        );
        keyring::Entry::new(super::PORTAL_SERVICE, &account)
            .unwrap()
            .delete_credential()
            .unwrap();
    }

    #[test]
    fn accounts_are_per_portal_and_case_insensitive_user() {
        assert_eq!(
            Slot::new("portal.example.com", "MGarcia").account(),
            "portal.example.com/mgarcia"
        );
        assert_ne!(
            Slot::new("a.example", "x").account(),
            Slot::new("b.example", "x").account()
        );
    }
}
