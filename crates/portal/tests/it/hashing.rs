//! argon2id hashing through the public `Hasher` API: policy parameters, verification,
//! rehash detection and typed errors. The bounded-pool behaviour is tested next to the
//! pool in `src/hashing.rs`.

use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version};
use dealer_portal::hashing::{HashError, Hasher, Verification};

fn hasher() -> Hasher {
    Hasher::new(2, 8)
}

/// A PHC string made directly with `argon2`, at whatever parameters a test needs.
fn phc_with(algorithm: Algorithm, m_kib: u32, t: u32, p: u32, secret: &str) -> String {
    let params = Params::new(m_kib, t, p, None).expect("valid test parameters");
    Argon2::new(algorithm, Version::V0x13, params)
        .hash_password(secret.as_bytes())
        .expect("hashing works")
        .to_string()
}

#[tokio::test]
async fn hash_then_verify_round_trips_at_policy_without_rehash() {
    let h = hasher();
    let phc = h.hash("correct horse battery staple").await.expect("hash");
    let v = h
        .verify("correct horse battery staple", &phc)
        .await
        .expect("verify");
    assert_eq!(
        v,
        Verification {
            ok: true,
            needs_rehash: false
        },
        "a fresh policy hash verifies and is already at policy"
    );
}

#[tokio::test]
async fn phc_string_records_argon2id_v19_at_owasp_parameters() {
    let phc = hasher().hash("any secret at all").await.expect("hash");
    assert!(
        phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "policy is argon2id v19, m=19456 KiB, t=2, p=1; got {phc}"
    );
}

#[tokio::test]
async fn same_secret_hashes_differently_each_time() {
    let h = hasher();
    let a = h.hash("same secret").await.expect("hash");
    let b = h.hash("same secret").await.expect("hash");
    assert_ne!(a, b, "every hash gets its own random salt");
}

#[tokio::test]
async fn wrong_secret_does_not_verify() {
    let h = hasher();
    let phc = h.hash("Tr0ub4dor&3 is case sensitive").await.expect("hash");
    for wrong in [
        "tr0ub4dor&3 is case sensitive",
        "Tr0ub4dor&3 is case sensitiv",
        "",
    ] {
        let v = h.verify(wrong, &phc).await.expect("verify");
        assert!(
            !v.ok,
            "{wrong:?} must not match: passwords are exact and case sensitive"
        );
        assert!(
            !v.needs_rehash,
            "a failed verification never asks for a rehash"
        );
    }
}

#[tokio::test]
async fn weaker_stored_parameters_verify_and_ask_for_rehash() {
    let h = hasher();
    let weak = [
        phc_with(Algorithm::Argon2id, 4096, 1, 1, "old password"),
        phc_with(Algorithm::Argon2id, 19_456, 1, 1, "old password"),
        phc_with(Algorithm::Argon2id, 8192, 2, 1, "old password"),
        phc_with(Algorithm::Argon2id, 19_456, 2, 2, "old password"),
        phc_with(Algorithm::Argon2i, 19_456, 2, 1, "old password"),
    ];
    for phc in &weak {
        let v = h.verify("old password", phc).await.expect("verify");
        assert_eq!(
            v,
            Verification {
                ok: true,
                needs_rehash: true
            },
            "{phc} is below policy or not argon2id: it verifies and must be upgraded"
        );
        let wrong = h.verify("not it", phc).await.expect("verify");
        assert_eq!(
            wrong,
            Verification {
                ok: false,
                needs_rehash: false
            },
            "a wrong secret is never rehashed"
        );
    }
}

#[tokio::test]
async fn stronger_stored_parameters_do_not_ask_for_rehash() {
    let phc = phc_with(Algorithm::Argon2id, 32_768, 3, 1, "strong");
    let v = hasher().verify("strong", &phc).await.expect("verify");
    assert_eq!(
        v,
        Verification {
            ok: true,
            needs_rehash: false
        }
    );
}

#[tokio::test]
async fn unusable_stored_hashes_are_a_typed_error_not_a_panic() {
    let h = hasher();
    let garbage = [
        "",
        "not a hash",
        "$argon2id$",
        "$argon2id$v=19$m=abc,t=2,p=1$c2FsdHNhbHQ$aGFzaA",
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0",
        "$argon2id$v=99$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY",
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
        "$scrypt$ln=16,r=8,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
        // A memory cost of 4 GiB: refused before any worker allocates it.
        "$argon2id$v=19$m=4194304,t=2,p=1$c2FsdHNhbHRzYWx0$YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXoxMjM0NTY",
    ];
    for phc in garbage {
        let result = h.verify("whatever", phc).await;
        assert!(
            matches!(result, Err(HashError::InvalidHash)),
            "{phc:?} cannot be verified and must say so as InvalidHash, got {result:?}"
        );
    }
}

#[tokio::test]
async fn verify_dummy_costs_a_verification_and_returns_ok() {
    let h = hasher();
    h.verify_dummy("anything")
        .await
        .expect("dummy verification");
    h.verify_dummy("").await.expect("dummy verification");
}

#[tokio::test]
async fn hash_errors_say_nothing_secret_and_busy_suggests_a_retry() {
    assert!(
        HashError::Busy.retry_after().is_some(),
        "Busy maps to 503 + Retry-After"
    );
    assert!(HashError::InvalidHash.retry_after().is_none());
    let debug = format!("{:?}", hasher());
    assert!(
        debug.contains("workers"),
        "Debug shows the pool shape: {debug}"
    );
    assert!(
        !debug.contains("$argon2"),
        "Debug never shows the dummy hash"
    );
}
