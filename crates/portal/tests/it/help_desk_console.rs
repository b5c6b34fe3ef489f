//! The help desk's console over the real router and a real SQLite store: finding a caller,
//! verifying them by their secret question, and unlocking. DESIGN.md ("Roles", "Security")
//! is the spec: each test names the rule it proves.

use dealer_api::ErrorCode;
use dealer_api::{AuditEvent, AuditOutcome};
use std::sync::Arc;

use crate::support::app::{TestApp, generous_limits};
use axum::http::{Method, StatusCode};
use chrono::Duration;
use dealer_core::access::AccessRole;
use dealer_core::ids::UserId;
use dealer_core::lockout::AttemptKind;
use dealer_portal::seed::SeededAccount;
use dealer_testkit::db::TestStore;
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse battery staple";
const WRONG: &str = "definitely not it";

/// A portal with a staff member (pat), two help-desk people (kim, lee) signed in, and
/// someone of every other role.
struct Desk {
    app: TestApp,
    pat: SeededAccount,
    kim: String,
    lee: String,
}

async fn desk(store: TestStore) -> Desk {
    let app = TestApp::with(store, generous_limits()).await;
    let pat = app
        .account("pat", AccessRole::Staff, Some("01234"), PASSWORD)
        .await;
    for (id, role, pdn) in [
        ("kim", AccessRole::HelpDesk, None),
        ("lee", AccessRole::HelpDesk, None),
        ("maria", AccessRole::OfficeManager, Some("01234")),
        ("sam", AccessRole::Reviewer, None),
        ("joe", AccessRole::Staff, Some("01234")),
    ] {
        app.account(id, role, pdn, PASSWORD).await;
    }
    let kim = app.token("kim", PASSWORD).await;
    let lee = app.token("lee", PASSWORD).await;
    Desk { app, pat, kim, lee }
}

/// The help-desk secret answer (slot 3) as the account was created with it.
fn secret(account: &SeededAccount) -> &str {
    &account.questions[2].answer
}

impl Desk {
    async fn find(&self, token: &str, user_id: &str) -> (StatusCode, Value) {
        self.app
            .call(
                Method::GET,
                &format!("/api/v1/help-desk/users/{user_id}"),
                Some(token),
                None,
            )
            .await
    }

    async fn verify(&self, token: &str, user_id: &str, answer: &str) -> (StatusCode, Value) {
        self.app
            .call(
                Method::POST,
                &format!("/api/v1/help-desk/users/{user_id}/verify"),
                Some(token),
                Some(json!({ "answer": answer })),
            )
            .await
    }

    /// A verification that must come back with `matched`.
    async fn verified(&self, token: &str, user_id: &str, answer: &str, matched: bool) {
        let (status, body) = self.verify(token, user_id, answer).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body, json!({ "matched": matched }));
    }

    async fn unlock(&self, token: &str, user_id: &str) -> (StatusCode, Value) {
        self.app
            .call(
                Method::POST,
                &format!("/api/v1/help-desk/users/{user_id}/unlock"),
                Some(token),
                None,
            )
            .await
    }

    async fn user(&self, user_id: &str) -> dealer_portal::store::users::User {
        self.app
            .store
            .user_by_id(&UserId::parse(user_id).unwrap())
            .await
            .unwrap()
            .unwrap()
    }

    async fn verify_failures(&self, user_id: &str) -> u32 {
        let pk = self.user(user_id).await.pk;
        self.app.store.verify_failures(pk).await.unwrap()
    }

    async fn lock_by_passwords(&self, user_id: &str) {
        for _ in 0..5 {
            self.app.sign_in(user_id, WRONG).await;
        }
        assert!(
            self.user(user_id).await.is_locked(),
            "5 wrong passwords lock"
        );
    }
}

fn code(body: &Value) -> &str {
    body["code"].as_str().unwrap_or_default()
}

async fn help_desk_finds_a_caller_with_the_text_of_their_secret_question(d: Desk) {
    let (status, body) = d.find(&d.kim, "PAT").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["user_id"], "pat", "user IDs are case-insensitive");
    assert_eq!(body["first_name"], "Pat");
    assert_eq!(body["last_name"], "Lee");
    assert_eq!(body["pdn"], "01234");
    assert_eq!(body["dealership_name"], "Lakeside Motors");
    assert_eq!(body["status"], "active");
    assert_eq!(body["lock"], Value::Null);
    assert_eq!(body["failed_attempts"], 0);
    assert_eq!(body["verify_failures"], 0);
    assert_eq!(
        body["secret_question"], d.pat.questions[2].question,
        "the help desk asks the help-desk secret question, slot 3"
    );
    let (status, body) = d.find(&d.kim, "nobody").await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::NOT_FOUND, ErrorCode::NotFound.as_str())
    );
    let (status, _) = d.find(&d.kim, "Not%20A%20User%20ID").await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a malformed user ID is unknown too"
    );
    let log = d
        .app
        .store
        .audit_log(Some("01234"), None, 10)
        .await
        .unwrap();
    assert!(
        log.iter().any(|r| r.event == AuditEvent::HelpDeskLookup
            && r.actor.as_deref() == Some("kim")
            && r.target.as_deref() == Some("pat")),
        "looking a caller up is audited"
    );
}

async fn verify_matches_the_secret_answer_after_normalization(d: Desk) {
    let answer = secret(&d.pat);
    let shouted = format!("  {}  ", answer.to_uppercase().replace(' ', "   "));
    d.verified(&d.kim, "pat", &shouted, true).await;
    d.verified(&d.kim, "pat", answer, true).await;
    let log = d
        .app
        .store
        .audit_log(Some("01234"), None, 10)
        .await
        .unwrap();
    let verifies: Vec<_> = log
        .iter()
        .filter(|r| r.event == AuditEvent::HelpDeskVerify)
        .collect();
    assert_eq!(verifies.len(), 2, "every try is audited");
    assert!(verifies.iter().all(|r| r.outcome == AuditOutcome::Match
        && r.actor.as_deref() == Some("kim")
        && r.target.as_deref() == Some("pat")));
}

async fn verify_says_no_match_for_a_wrong_answer_or_another_questions_answer(d: Desk) {
    d.verified(&d.kim, "pat", "purple elephant", false).await;
    // Answers are random word pairs: a challenge answer may equal the secret one by chance.
    if let Some(challenge) = d.pat.questions[..2]
        .iter()
        .map(|q| q.answer.as_str())
        .find(|a| *a != secret(&d.pat))
    {
        d.verified(&d.kim, "pat", challenge, false).await;
    } else {
        d.verified(&d.kim, "pat", "orange giraffe", false).await;
    }
    assert_eq!(
        d.verify_failures("pat").await,
        2,
        "misses in a row are counted"
    );
    let log = d
        .app
        .store
        .audit_log(Some("01234"), None, 10)
        .await
        .unwrap();
    assert_eq!(
        log.iter()
            .filter(|r| r.event == AuditEvent::HelpDeskVerify && r.outcome == AuditOutcome::NoMatch)
            .count(),
        2
    );
}

async fn an_answer_too_short_to_be_one_is_refused_and_not_counted(d: Desk) {
    let (status, body) = d.verify(&d.kim, "pat", "  a ").await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::BAD_REQUEST, ErrorCode::AnswerTooShort.as_str())
    );
    assert_eq!(d.verify_failures("pat").await, 0, "a typo is not a miss");
}

async fn three_misses_in_a_row_lock_end_sessions_and_email_the_owner_once(d: Desk) {
    let pat_token = d.app.token("pat", PASSWORD).await;
    d.verified(&d.kim, "pat", WRONG, false).await;
    d.verified(&d.kim, "pat", WRONG, false).await;
    assert!(!d.user("pat").await.is_locked(), "two misses do not lock");
    d.verified(&d.kim, "pat", WRONG, false).await;

    let pat = d.user("pat").await;
    assert_eq!(
        pat.locked_at,
        Some(d.app.clock_now()),
        "the third miss locks"
    );
    assert_eq!(pat.lock_kind, Some(AttemptKind::HelpDeskVerification));
    let (status, _) = d
        .app
        .call(Method::GET, "/api/v1/me", Some(&pat_token), None)
        .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the lock ends pat's sessions"
    );
    let (status, _) = d.app.sign_in("pat", PASSWORD).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a locked account cannot sign in"
    );

    let mails = d.app.store.outbox_to("pat@example.com").await.unwrap();
    assert_eq!(mails.len(), 1, "one lock, one email: {mails:?}");
    assert_eq!(mails[0].kind, "account_locked");
    assert!(
        mails[0].body.contains("secret question"),
        "{}",
        mails[0].body
    );
    assert!(
        mails[0].body.contains("1-800-555-0142"),
        "the email says how to reach the help desk"
    );

    let log = d
        .app
        .store
        .audit_log(Some("01234"), None, 50)
        .await
        .unwrap();
    let locks: Vec<_> = log
        .iter()
        .filter(|r| r.event == AuditEvent::AccountLocked)
        .collect();
    assert_eq!(locks.len(), 1);
    assert_eq!(locks[0].actor.as_deref(), Some("kim"));

    let (_, body) = d.find(&d.lee, "pat").await;
    assert_eq!(body["status"], "locked");
    assert_eq!(body["lock"]["kind"], "help_desk_verification");
    assert_eq!(body["lock"]["failures"], 3);
    assert_eq!(body["verify_failures"], 3);
}

async fn after_the_limit_no_answer_is_checked_until_a_day_after_the_last_miss(d: Desk) {
    for _ in 0..3 {
        d.verified(&d.kim, "pat", WRONG, false).await;
    }
    // Neither the right answer nor another guess is checked, by anyone.
    let hashes = d.app.state.hasher().runs();
    for (token, answer) in [(&d.kim, WRONG), (&d.lee, secret(&d.pat))] {
        let (status, body) = d.verify(token, "pat", answer).await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::FORBIDDEN, ErrorCode::Locked.as_str()),
            "a guesser on the phone gets no 4th try: {body}"
        );
        assert!(
            body.get("matched").is_none(),
            "nothing says whether it matched"
        );
    }
    assert_eq!(d.app.state.hasher().runs(), hashes, "no answer was hashed");
    assert_eq!(
        d.verify_failures("pat").await,
        3,
        "refusals are not counted as misses"
    );
    let (status, body) = d.unlock(&d.lee, "pat").await;
    assert_eq!(
        (status, code(&body)),
        (
            StatusCode::FORBIDDEN,
            ErrorCode::VerificationRequired.as_str()
        )
    );

    // A day on, the help desk signs in again (sessions end after 30 idle minutes).
    d.app.clock.advance(Duration::hours(23));
    let kim = d.app.token("kim", PASSWORD).await;
    let (status, _) = d.verify(&kim, "pat", secret(&d.pat)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "still paused after 23 hours");

    d.app.clock.advance(Duration::hours(1));
    let kim = d.app.token("kim", PASSWORD).await;
    d.verified(&kim, "pat", WRONG, false).await;
    let (status, _) = d.verify(&kim, "pat", secret(&d.pat)).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "one try a day past the limit"
    );

    d.app.clock.advance(Duration::hours(24));
    let kim = d.app.token("kim", PASSWORD).await;
    d.verified(&kim, "pat", secret(&d.pat), true).await;
    assert_eq!(d.verify_failures("pat").await, 0, "a match ends the streak");
    let (status, body) = d.unlock(&kim, "pat").await;
    assert_eq!(status, StatusCode::OK, "verified, so unlocked: {body}");
}

async fn concurrent_misses_lock_once_and_email_once(d: Desk) {
    let d = Arc::new(d);
    let misses: Vec<_> = (0..6)
        .map(|i| {
            let d = Arc::clone(&d);
            tokio::spawn(async move {
                let token = if i % 2 == 0 { &d.kim } else { &d.lee };
                d.verify(token, "pat", WRONG).await.0
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for miss in misses {
        statuses.push(miss.await.unwrap());
    }
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK; 3]
            .into_iter()
            .chain([StatusCode::FORBIDDEN; 3])
            .collect::<Vec<_>>(),
        "exactly 3 guesses checked, the others refused, however they race"
    );
    assert_eq!(
        d.verify_failures("pat").await,
        3,
        "every checked miss counted once"
    );
    assert_eq!(
        d.user("pat").await.lock_kind,
        Some(AttemptKind::HelpDeskVerification)
    );
    let mails = d.app.store.outbox_to("pat@example.com").await.unwrap();
    assert_eq!(
        mails.len(),
        1,
        "exactly one miss reached the limit: {mails:?}"
    );
    let log = d
        .app
        .store
        .audit_log(Some("01234"), None, 50)
        .await
        .unwrap();
    assert_eq!(
        log.iter()
            .filter(|r| r.event == AuditEvent::AccountLocked)
            .count(),
        1
    );
}

async fn three_misses_on_an_account_locked_already_keep_its_lock_and_warn_the_owner(d: Desk) {
    d.lock_by_passwords("pat").await;
    let locked_at = d.user("pat").await.locked_at;
    d.app.clock.advance(Duration::minutes(1));
    for _ in 0..3 {
        d.verified(&d.kim, "pat", WRONG, false).await;
    }
    let pat = d.user("pat").await;
    assert_eq!(pat.locked_at, locked_at, "the first lock stands");
    assert_eq!(pat.lock_kind, Some(AttemptKind::Password));
    let kinds: Vec<_> = d
        .app
        .store
        .outbox_to("pat@example.com")
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.kind)
        .collect();
    assert_eq!(
        kinds,
        ["account_locked", "account_locked"],
        "someone guessing on the phone is news to the owner even when already locked"
    );
}

async fn a_match_resets_the_streak_of_misses(d: Desk) {
    d.verified(&d.kim, "pat", WRONG, false).await;
    d.verified(&d.kim, "pat", WRONG, false).await;
    d.verified(&d.kim, "pat", secret(&d.pat), true).await;
    assert_eq!(d.verify_failures("pat").await, 0);
    d.verified(&d.lee, "pat", WRONG, false).await;
    d.verified(&d.lee, "pat", WRONG, false).await;
    assert!(
        !d.user("pat").await.is_locked(),
        "4 misses with a match between are not 3 in a row"
    );
    d.verified(&d.lee, "pat", WRONG, false).await;
    assert!(d.user("pat").await.is_locked(), "3 in a row lock");
}

async fn unlock_is_refused_without_a_matched_verification(d: Desk) {
    d.lock_by_passwords("pat").await;
    let hashes = d.app.state.hasher().runs();
    let (status, body) = d.unlock(&d.kim, "pat").await;
    assert_eq!(
        d.app.state.hasher().runs(),
        hashes,
        "a refused unlock spends no hash on a temporary password"
    );
    assert_eq!(
        (status, code(&body)),
        (
            StatusCode::FORBIDDEN,
            ErrorCode::VerificationRequired.as_str()
        )
    );
    d.verified(&d.kim, "pat", WRONG, false).await;
    let (status, body) = d.unlock(&d.kim, "pat").await;
    assert_eq!(
        (status, code(&body)),
        (
            StatusCode::FORBIDDEN,
            ErrorCode::VerificationRequired.as_str()
        ),
        "a miss is no verification"
    );
    assert!(d.user("pat").await.is_locked());
    let log = d
        .app
        .store
        .audit_log(Some("01234"), None, 50)
        .await
        .unwrap();
    assert_eq!(
        log.iter()
            .filter(|r| r.event == AuditEvent::HelpDeskUnlock
                && r.outcome == AuditOutcome::VerificationRequired)
            .count(),
        2,
        "refused unlocks are audited"
    );
}

async fn unlock_is_refused_when_the_verification_is_older_than_15_minutes(d: Desk) {
    d.lock_by_passwords("pat").await;
    d.verified(&d.kim, "pat", secret(&d.pat), true).await;
    d.app
        .clock
        .advance(Duration::minutes(15) + Duration::seconds(1));
    let (status, body) = d.unlock(&d.kim, "pat").await;
    assert_eq!(
        (status, code(&body)),
        (
            StatusCode::FORBIDDEN,
            ErrorCode::VerificationRequired.as_str()
        ),
        "a verification is good for 15 minutes"
    );

    d.verified(&d.kim, "pat", secret(&d.pat), true).await;
    d.app.clock.advance(Duration::minutes(14));
    let (status, body) = d.unlock(&d.kim, "pat").await;
    assert_eq!(status, StatusCode::OK, "within 15 minutes: {body}");
}

async fn unlock_is_refused_when_another_help_desk_person_verified(d: Desk) {
    d.lock_by_passwords("pat").await;
    d.verified(&d.kim, "pat", secret(&d.pat), true).await;
    let (status, body) = d.unlock(&d.lee, "pat").await;
    assert_eq!(
        (status, code(&body)),
        (
            StatusCode::FORBIDDEN,
            ErrorCode::VerificationRequired.as_str()
        ),
        "the person who unlocks must be the one who verified"
    );
    let (status, _) = d.unlock(&d.kim, "pat").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "lee's refusal did not spend kim's verification"
    );
}

async fn one_verification_allows_one_unlock(d: Desk) {
    d.verified(&d.kim, "pat", secret(&d.pat), true).await;
    let (status, _) = d.unlock(&d.kim, "pat").await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = d.unlock(&d.kim, "pat").await;
    assert_eq!(
        (status, code(&body)),
        (
            StatusCode::FORBIDDEN,
            ErrorCode::VerificationRequired.as_str()
        ),
        "the verification was used up"
    );
}

async fn two_concurrent_unlocks_cannot_share_one_verification(d: Desk) {
    let d = Arc::new(d);
    d.lock_by_passwords("pat").await;
    d.verified(&d.kim, "pat", secret(&d.pat), true).await;
    let unlocks: Vec<_> = (0..2)
        .map(|_| {
            let d = Arc::clone(&d);
            tokio::spawn(async move { d.unlock(&d.kim, "pat").await.0 })
        })
        .collect();
    let mut statuses = Vec::new();
    for unlock in unlocks {
        statuses.push(unlock.await.unwrap());
    }
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::FORBIDDEN],
        "exactly one unlock consumes the verification"
    );
    let mails = d.app.store.outbox_to("pat@example.com").await.unwrap();
    assert_eq!(
        mails
            .iter()
            .filter(|m| m.kind == "account_unlocked")
            .count(),
        1
    );
}

async fn unlock_gives_a_temporary_password_that_must_be_changed_before_anything_else(d: Desk) {
    d.lock_by_passwords("pat").await;
    d.verified(&d.kim, "pat", secret(&d.pat), true).await;
    let (status, body) = d.unlock(&d.kim, "pat").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let temporary = body["temporary_password"].as_str().unwrap().to_owned();
    assert_eq!(temporary.len(), 20);
    assert_eq!(
        body.as_object().unwrap().len(),
        2,
        "only the password and until when it works: {body}"
    );
    assert_eq!(
        body["expires_at"],
        json!(d.app.clock_now() + Duration::hours(24)),
        "24 hours by default"
    );

    let (status, _) = d.app.sign_in("pat", PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "the old password is gone");
    let (status, signed_in) = d.app.sign_in("pat", &temporary).await;
    assert_eq!(status, StatusCode::CREATED, "{signed_in}");
    assert_eq!(signed_in["user"]["must_change_password"], true);
    let token = signed_in["token"].as_str().unwrap();
    let (status, _) = d
        .app
        .call(Method::GET, "/api/v1/me", Some(token), None)
        .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "me answers, so the app can ask for a change"
    );
    let (status, body) = d
        .app
        .call(Method::GET, "/api/v1/sessions", Some(token), None)
        .await;
    assert_eq!(
        (status, code(&body)),
        (
            StatusCode::FORBIDDEN,
            ErrorCode::PasswordChangeRequired.as_str()
        ),
        "nothing else until the temporary password is changed"
    );

    let new_password = "violet submarine orchestra lantern 42";
    let (status, body) = d
        .app
        .call(
            Method::POST,
            "/api/v1/me/password",
            Some(token),
            Some(json!({ "current_password": temporary, "new_password": new_password })),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let (status, _) = d
        .app
        .call(Method::GET, "/api/v1/sessions", Some(token), None)
        .await;
    assert_eq!(status, StatusCode::OK, "changed: the account works again");
    let (status, _) = d.app.sign_in("pat", &temporary).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the temporary password was single-use"
    );

    let mails = d.app.store.outbox_to("pat@example.com").await.unwrap();
    let unlocked: Vec<_> = mails
        .iter()
        .filter(|m| m.kind == "account_unlocked")
        .collect();
    assert_eq!(unlocked.len(), 1, "the owner is told of the unlock");
    assert!(
        mails.iter().all(|m| !m.body.contains(&temporary)),
        "the temporary password is never mailed"
    );
}

/// Verify pat and unlock: the temporary password.
async fn unlock_pat(d: &Desk) -> String {
    d.verified(&d.kim, "pat", secret(&d.pat), true).await;
    let (status, body) = d.unlock(&d.kim, "pat").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["temporary_password"].as_str().unwrap().to_owned()
}

async fn a_temporary_password_works_for_one_sign_in_within_24_hours(d: Desk) {
    d.lock_by_passwords("pat").await;
    let temporary = unlock_pat(&d).await;
    let (status, body) = d.app.sign_in("pat", &temporary).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = d.app.sign_in("pat", &temporary).await;
    assert_eq!(
        (status, code(&body)),
        (
            StatusCode::FORBIDDEN,
            ErrorCode::TemporaryPasswordExpired.as_str()
        ),
        "one sign-in only: whoever overheard it on the phone is too late"
    );
    assert!(
        body["message"].as_str().unwrap().contains("1-800-555-0142"),
        "{body}"
    );

    // A new unlock, not used in time.
    let temporary = unlock_pat(&d).await;
    d.app.clock.advance(Duration::hours(24));
    let (status, body) = d.app.sign_in("pat", &temporary).await;
    assert_eq!(
        (status, code(&body)),
        (
            StatusCode::FORBIDDEN,
            ErrorCode::TemporaryPasswordExpired.as_str()
        ),
        "24 hours after the unlock it no longer works"
    );
    let (status, _) = d.app.sign_in("pat", WRONG).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a wrong password still says nothing"
    );
    let log = d
        .app
        .store
        .audit_log(Some("01234"), None, 50)
        .await
        .unwrap();
    assert_eq!(
        log.iter()
            .filter(|r| r.outcome == AuditOutcome::TemporaryPasswordSpent)
            .count(),
        2,
        "both refusals are audited"
    );
}

/// A provider admin's list of waiting unlock approvals, as `token` sees it.
async fn waiting(d: &Desk, token: &str) -> (StatusCode, Value) {
    d.app
        .call(
            Method::GET,
            "/api/v1/admin/unlock-approvals",
            Some(token),
            None,
        )
        .await
}

async fn approve(d: &Desk, token: &str, id: &Value) -> (StatusCode, Value) {
    d.app
        .call(
            Method::POST,
            &format!("/api/v1/admin/unlock-approvals/{id}/approve"),
            Some(token),
            None,
        )
        .await
}

async fn unlocking_provider_staff_needs_a_second_provider_admin(d: Desk) {
    let rita = d
        .app
        .account("rita", AccessRole::Reviewer, None, PASSWORD)
        .await;
    let bob = d
        .app
        .account("bob", AccessRole::ProviderAdmin, None, PASSWORD)
        .await;
    d.app
        .account("ada", AccessRole::ProviderAdmin, None, PASSWORD)
        .await;
    let ada = d.app.token("ada", PASSWORD).await;
    let bob_token = d.app.token("bob", PASSWORD).await;
    d.lock_by_passwords("rita").await;

    // The help desk alone: verified, but refused, and an approval is asked for (once).
    d.verified(&d.kim, "rita", secret(&rita), true).await;
    let hashes = d.app.state.hasher().runs();
    for _ in 0..2 {
        let (status, body) = d.unlock(&d.kim, "rita").await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::FORBIDDEN, ErrorCode::ApprovalRequired.as_str()),
            "one of the provider's own people is never unlocked by one person: {body}"
        );
    }
    assert_eq!(
        d.app.state.hasher().runs(),
        hashes,
        "no temporary password was made"
    );
    assert!(d.user("rita").await.is_locked());
    let (status, list) = waiting(&d, &ada).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let list = list.as_array().unwrap().clone();
    assert_eq!(list.len(), 1, "asking twice is one request: {list:?}");
    assert_eq!(list[0]["user_id"], "rita");
    assert_eq!(list[0]["requested_by"], "kim");

    // Only provider admins see and approve; never for their own account.
    for token in [&d.kim, &d.lee] {
        assert_eq!(waiting(&d, token).await.0, StatusCode::FORBIDDEN);
        assert_eq!(
            approve(&d, token, &list[0]["id"]).await.0,
            StatusCode::FORBIDDEN
        );
    }
    let (status, _) = d
        .app
        .call(Method::GET, "/api/v1/admin/unlock-approvals", None, None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    d.verified(&d.kim, "bob", secret(&bob), true).await;
    d.unlock(&d.kim, "bob").await;
    let (_, list) = waiting(&d, &ada).await;
    let bobs = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["user_id"] == "bob")
        .unwrap()
        .clone();
    let (status, body) = approve(&d, &bob_token, &bobs["id"]).await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::FORBIDDEN, ErrorCode::Forbidden.as_str()),
        "nobody approves the unlock of their own account"
    );

    // A second admin approves: the help-desk person who asked may unlock, once.
    let (status, body) = approve(&d, &ada, &list.as_array().unwrap()[0]["id"]).await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert_eq!(
        approve(&d, &ada, &list.as_array().unwrap()[0]["id"])
            .await
            .0,
        StatusCode::NOT_FOUND,
        "approved already"
    );
    let (status, body) = d.unlock(&d.lee, "rita").await;
    assert_eq!(
        (status, code(&body)),
        (
            StatusCode::FORBIDDEN,
            ErrorCode::VerificationRequired.as_str()
        ),
        "lee never verified rita"
    );
    d.verified(&d.lee, "rita", secret(&rita), true).await;
    let (status, body) = d.unlock(&d.lee, "rita").await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::FORBIDDEN, ErrorCode::ApprovalRequired.as_str()),
        "kim's approval is kim's: {body}"
    );
    let (status, body) = d.unlock(&d.kim, "rita").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(!d.user("rita").await.is_locked());
    let log = d.app.store.audit_log(None, None, 200).await.unwrap();
    assert!(
        log.iter()
            .any(|r| r.event == AuditEvent::UnlockApproved && r.actor.as_deref() == Some("ada")),
        "the approval is audited"
    );
    assert!(
        log.iter().any(|r| r.event == AuditEvent::HelpDeskUnlock
            && r.outcome == AuditOutcome::ApprovalRequired)
    );

    // Used up: locked again, the next unlock asks again.
    d.lock_by_passwords("rita").await;
    d.verified(&d.kim, "rita", secret(&rita), true).await;
    assert_eq!(
        code(&d.unlock(&d.kim, "rita").await.1),
        ErrorCode::ApprovalRequired.as_str(),
        "one approval, one unlock"
    );
}

async fn unlock_ends_sessions_and_resets_every_count(d: Desk) {
    let pat_token = d.app.token("pat", PASSWORD).await;
    d.app.sign_in("pat", WRONG).await;
    d.app.sign_in("pat", WRONG).await;
    d.verified(&d.kim, "pat", secret(&d.pat), true).await;
    d.verified(&d.lee, "pat", WRONG, false).await;
    assert_eq!(d.user("pat").await.failed_attempts, 2);
    assert_eq!(d.verify_failures("pat").await, 1);

    let (status, _) = d.unlock(&d.kim, "pat").await;
    assert_eq!(status, StatusCode::OK);
    let pat = d.user("pat").await;
    assert_eq!(pat.failed_attempts, 0);
    assert_eq!(pat.locked_at, None);
    assert_eq!(pat.lock_kind, None);
    assert!(pat.must_change_password);
    assert_eq!(d.verify_failures("pat").await, 0);
    let (status, _) = d
        .app
        .call(Method::GET, "/api/v1/me", Some(&pat_token), None)
        .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "an unlock ends every session"
    );
    let log = d
        .app
        .store
        .audit_log(Some("01234"), None, 50)
        .await
        .unwrap();
    assert!(log.iter().any(|r| r.event == AuditEvent::HelpDeskUnlock
        && r.outcome == AuditOutcome::Success
        && r.actor.as_deref() == Some("kim")
        && r.target.as_deref() == Some("pat")));
}

async fn the_help_desk_never_sees_an_answer_or_a_hash(d: Desk) {
    let mut bodies = Vec::new();
    bodies.push(d.find(&d.kim, "pat").await.1);
    bodies.push(d.verify(&d.kim, "pat", WRONG).await.1);
    bodies.push(d.verify(&d.kim, "pat", secret(&d.pat)).await.1);
    bodies.push(d.verify(&d.kim, "pat", "x").await.1);
    bodies.push(d.unlock(&d.kim, "pat").await.1);
    bodies.push(d.unlock(&d.kim, "pat").await.1);
    bodies.push(d.find(&d.kim, "pat").await.1);
    let audit = d.app.store.audit_log(None, None, 500).await.unwrap();
    let mails = d.app.store.outbox_to("pat@example.com").await.unwrap();
    let mut texts: Vec<String> = bodies.iter().map(Value::to_string).collect();
    texts.extend(audit.iter().map(|r| format!("{r:?}")));
    texts.extend(mails.iter().map(|m| format!("{m:?}")));
    for text in &texts {
        for q in &d.pat.questions {
            assert!(
                !text.to_lowercase().contains(&q.answer.to_lowercase()),
                "an answer leaked: {text}"
            );
        }
        assert!(!text.contains("$argon2"), "a hash leaked: {text}");
    }
}

async fn only_the_help_desk_may_use_the_console(d: Desk) {
    for who in ["joe", "maria", "sam"] {
        let token = d.app.token(who, PASSWORD).await;
        for (status, body) in [
            d.find(&token, "pat").await,
            d.verify(&token, "pat", secret(&d.pat)).await,
            d.unlock(&token, "pat").await,
        ] {
            assert_eq!(
                (status, code(&body)),
                (StatusCode::FORBIDDEN, ErrorCode::Forbidden.as_str()),
                "{who} is not the help desk"
            );
        }
    }
    for (status, body) in [
        d.app
            .call(Method::GET, "/api/v1/help-desk/users/pat", None, None)
            .await,
        d.app
            .call(
                Method::POST,
                "/api/v1/help-desk/users/pat/verify",
                None,
                Some(json!({ "answer": secret(&d.pat) })),
            )
            .await,
        d.app
            .call(
                Method::POST,
                "/api/v1/help-desk/users/pat/unlock",
                None,
                None,
            )
            .await,
    ] {
        assert_eq!(
            (status, code(&body)),
            (
                StatusCode::UNAUTHORIZED,
                ErrorCode::Unauthenticated.as_str()
            )
        );
    }
    assert_eq!(
        d.verify_failures("pat").await,
        0,
        "no one else's try counted"
    );
}

async fn nobody_verifies_or_unlocks_their_own_account(d: Desk) {
    let (status, _) = d.verify(&d.kim, "kim", "anything at all").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = d.unlock(&d.kim, "kim").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn a_deactivated_account_is_not_unlocked(d: Desk) {
    d.verified(&d.kim, "pat", secret(&d.pat), true).await;
    sqlx::query("UPDATE users SET state = 'deactivated' WHERE user_id = $1")
        .bind("pat")
        .execute(d.app.store.pool())
        .await
        .unwrap();
    let (status, body) = d.unlock(&d.kim, "pat").await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::CONFLICT, ErrorCode::Conflict.as_str())
    );
    assert!(!d.user("pat").await.must_change_password, "nothing changed");
}

async fn verifications_are_rate_limited_per_help_desk_person(d: Desk) {
    for _ in 0..10 {
        d.verified(&d.kim, "pat", secret(&d.pat), true).await;
    }
    let (status, body) = d.verify(&d.kim, "pat", secret(&d.pat)).await;
    assert_eq!(
        (status, code(&body)),
        (
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RateLimited.as_str()
        ),
        "10 a minute is a phone call's pace"
    );
    d.verified(&d.lee, "pat", secret(&d.pat), true).await;
}

// Every test above, on SQLite and (with `--ignored` and `DEALER_TEST_POSTGRES_URL`) on
// PostgreSQL, on two threads: the counters and the single-use verification must hold on
// both under concurrency.
/// Two-step sign-in on for `user_id`, as its confirmed set-up leaves it.
async fn with_two_step(d: &Desk, user_id: &str) {
    use dealer_core::two_step::{RECOVERY_CODES, RecoveryCode, TotpSecret};
    let pk = d.user(user_id).await.pk;
    let mut conn = d.app.store.pool().acquire().await.unwrap();
    let secret = TotpSecret::from_random(*b"12345678901234567890");
    dealer_portal::store::two_step::begin(&mut conn, pk, &secret, d.app.clock_now())
        .await
        .unwrap();
    let codes: Vec<_> = (0..RECOVERY_CODES as u8)
        .map(|i| RecoveryCode::from_random([1, 2, 3, 4, 5, 6, i]))
        .collect();
    assert!(
        dealer_portal::store::two_step::confirm(&mut conn, pk, 1, &codes, d.app.clock_now())
            .await
            .unwrap()
    );
}

impl Desk {
    async fn reset_two_step(&self, token: &str, user_id: &str) -> (StatusCode, Value) {
        self.app
            .call(
                Method::POST,
                &format!("/api/v1/help-desk/users/{user_id}/two-step/reset"),
                Some(token),
                None,
            )
            .await
    }
}

/// A lost phone: the help desk resets two-step sign-in only after its own matched
/// verification of the caller within 15 minutes, which the reset uses up. The secret and
/// recovery codes go, every session ends, the owner is mailed and the reset is audited;
/// the console shows two-step sign-in off, and the person signs in with the password.
async fn a_lost_phone_is_reset_after_a_fresh_verification_by_the_same_person(d: Desk) {
    with_two_step(&d, "pat").await;
    let (_, found) = d.find(&d.kim, "pat").await;
    assert_eq!(found["two_step_on"], true, "{found}");
    let joe = d.app.token("joe", PASSWORD).await;
    let (status, body) = d.reset_two_step(&d.kim, "pat").await;
    assert_eq!(
        (status, code(&body)),
        (
            StatusCode::FORBIDDEN,
            ErrorCode::VerificationRequired.as_str()
        ),
        "never without a verification: {body}"
    );
    d.verified(&d.lee, "pat", secret(&d.pat), true).await;
    let (status, body) = d.reset_two_step(&d.kim, "pat").await;
    assert_eq!(
        (status, code(&body)),
        (
            StatusCode::FORBIDDEN,
            ErrorCode::VerificationRequired.as_str()
        ),
        "lee's verification is lee's: {body}"
    );
    d.verified(&d.kim, "pat", secret(&d.pat), true).await;
    d.app.clock.advance(Duration::minutes(16));
    let (status, body) = d.reset_two_step(&d.kim, "pat").await;
    assert_eq!(
        (status, code(&body)),
        (
            StatusCode::FORBIDDEN,
            ErrorCode::VerificationRequired.as_str()
        ),
        "a verification is good for 15 minutes: {body}"
    );
    assert!(d.user("pat").await.two_step_on, "nothing was reset yet");

    d.verified(&d.kim, "pat", secret(&d.pat), true).await;
    // pat's own sign-in now stops at the code; a session of pat's from before (made here
    // directly) must end with the reset.
    let pk = d.user("pat").await.pk;
    let mut conn = d.app.store.pool().acquire().await.unwrap();
    let (pat_token, _) = dealer_portal::store::sessions::create(
        &mut conn,
        pk,
        dealer_portal::store::sessions::Timeouts::default(),
        None,
        None,
        d.app.clock_now(),
    )
    .await
    .unwrap();
    drop(conn);
    let (status, body) = d.reset_two_step(&d.kim, "pat").await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    let user = d.user("pat").await;
    assert!(!user.two_step_on);
    assert!(
        d.app
            .store
            .two_step_of(pk, d.app.clock_now())
            .await
            .unwrap()
            .is_none(),
        "the secret is gone"
    );
    assert!(
        !d.app
            .dump_table("recovery_codes")
            .await
            .contains(&pk.0.to_string()),
        "and the recovery codes"
    );
    let (status, _) = d
        .app
        .call(Method::GET, "/api/v1/me", Some(pat_token.expose()), None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "every session ended");
    let (status, _) = d
        .app
        .call(Method::GET, "/api/v1/me", Some(&joe), None)
        .await;
    assert_eq!(status, StatusCode::OK, "someone else's session goes on");
    let (status, body) = d.app.sign_in("pat", PASSWORD).await;
    assert_eq!(
        status,
        StatusCode::CREATED,
        "the password alone signs in now: {body}"
    );
    let mails = d.app.store.outbox_to("pat@example.com").await.unwrap();
    assert!(
        mails.iter().any(|m| m.kind == "two_step_reset"
            && m.body.contains("reset two-step sign-in")
            && m.body.contains("1-800-555-0142")),
        "the owner is told, with the help desk's number: {mails:?}"
    );
    let log = d
        .app
        .store
        .audit_log(Some("01234"), None, 100)
        .await
        .unwrap();
    assert!(
        log.iter().any(|r| r.event == AuditEvent::TwoStepReset
            && r.outcome == AuditOutcome::Success
            && r.actor.as_deref() == Some("kim")),
        "the office manager's log shows who reset it"
    );

    // One verification, one action; and nothing to reset is said so.
    with_two_step(&d, "pat").await;
    let (status, body) = d.reset_two_step(&d.kim, "pat").await;
    assert_eq!(
        (status, code(&body)),
        (
            StatusCode::FORBIDDEN,
            ErrorCode::VerificationRequired.as_str()
        ),
        "the verification was used up: {body}"
    );
    let (status, body) = d.reset_two_step(&d.kim, "joe").await;
    assert_eq!(status, StatusCode::CONFLICT, "joe has none: {body}");
    for token in [
        d.app.token("maria", PASSWORD).await,
        d.app.token("sam", PASSWORD).await,
    ] {
        let (status, _) = d.reset_two_step(&token, "pat").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "the help desk's alone");
    }
    let (status, _) = d.reset_two_step(&d.kim, "kim").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "never one's own");
}

/// For one of the provider's own people a reset also needs a second provider admin's
/// approval of that reset: an approval to unlock does not do.
async fn resetting_provider_staff_needs_a_second_admin_for_that_reset(d: Desk) {
    let rita = d
        .app
        .account("rita", AccessRole::Reviewer, None, PASSWORD)
        .await;
    d.app
        .account("ada", AccessRole::ProviderAdmin, None, PASSWORD)
        .await;
    let ada = d.app.token("ada", PASSWORD).await;
    with_two_step(&d, "rita").await;
    // An unlock approved for kim first.
    d.verified(&d.kim, "rita", secret(&rita), true).await;
    d.unlock(&d.kim, "rita").await;
    let (_, list) = waiting(&d, &ada).await;
    assert_eq!(list[0]["action"], "unlock", "{list}");
    assert_eq!(
        approve(&d, &ada, &list[0]["id"]).await.0,
        StatusCode::NO_CONTENT
    );

    let (status, body) = d.reset_two_step(&d.kim, "rita").await;
    assert_eq!(
        (status, code(&body)),
        (StatusCode::FORBIDDEN, ErrorCode::ApprovalRequired.as_str()),
        "an unlock's approval is not a reset's: {body}"
    );
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("resetting their two-step sign-in")
    );
    let (_, list) = waiting(&d, &ada).await;
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["action"], "two_step_reset");
    assert_eq!(
        approve(&d, &ada, &list[0]["id"]).await.0,
        StatusCode::NO_CONTENT
    );
    let (status, body) = d.reset_two_step(&d.kim, "rita").await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    assert!(!d.user("rita").await.two_step_on);
    let log = d.app.store.audit_log(None, None, 200).await.unwrap();
    assert!(
        log.iter()
            .any(|r| r.event == AuditEvent::TwoStepResetApproved
                && r.actor.as_deref() == Some("ada")),
        "the approval is audited as a reset's"
    );
    // The unlock approval is still kim's to use, for an unlock.
    d.verified(&d.kim, "rita", secret(&rita), true).await;
    let (status, body) = d.unlock(&d.kim, "rita").await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

impl Desk {
    async fn search(&self, token: &str, query: &str) -> (StatusCode, Value) {
        self.app
            .call(
                Method::GET,
                &format!("/api/v1/help-desk/users?{query}"),
                Some(token),
                None,
            )
            .await
    }
}

/// The user IDs of a page of search results, in order.
fn found(body: &Value) -> Vec<&str> {
    body["matches"]
        .as_array()
        .expect("a page has matches")
        .iter()
        .map(|m| m["user_id"].as_str().unwrap())
        .collect()
}

async fn the_help_desk_finds_callers_by_name_user_id_email_or_pdn(d: Desk) {
    d.app
        .named_account(
            "rosa",
            ("Rosa", "Núñez"),
            AccessRole::Staff,
            Some("01234"),
            PASSWORD,
        )
        .await;
    d.app
        .named_account(
            "rob",
            ("Rob", "Abbott"),
            AccessRole::Staff,
            Some("56789"),
            PASSWORD,
        )
        .await;
    for (query, expected, why) in [
        ("q=rosa", vec!["rosa"], "part of a first name"),
        (
            "q=N%C3%BA%C3%B1ez",
            vec!["rosa"],
            "a last name, ignoring case",
        ),
        (
            "q=rosa+n%C3%BA",
            vec!["rosa"],
            "the whole name as first and last",
        ),
        (
            "q=ROB%40EXAMPLE",
            vec!["rob"],
            "part of an email, ignoring case",
        ),
        (
            "q=%20rob%20",
            vec!["rob"],
            "spaces around the words are not searched for",
        ),
        ("q=56789", vec!["rob"], "a whole PDN lists its people"),
        ("q=p%25", vec![], "% is a character to find, not a wildcard"),
        ("q=p_t", vec![], "_ is a character to find, not a wildcard"),
        ("q=kim", vec![], "the searcher never finds themselves"),
        (
            "q=nobody+here",
            vec![],
            "no match is an empty page, not an error",
        ),
    ] {
        let (status, body) = d.search(&d.kim, query).await;
        assert_eq!(status, StatusCode::OK, "{query}: {body}");
        assert_eq!(found(&body), expected, "{query}: {why}");
        assert_eq!(
            body["total"],
            expected.len(),
            "{query}: the total counts them"
        );
    }
    let (_, body) = d.search(&d.lee, "q=kim").await;
    assert_eq!(found(&body), ["kim"], "another help-desk person finds kim");
    let rob = &d.search(&d.kim, "q=rob").await.1["matches"][0];
    assert_eq!(rob["first_name"], "Rob");
    assert_eq!(rob["email"], "rob@example.com");
    assert_eq!(rob["role"], "staff");
    assert_eq!(rob["pdn"], "56789");
    assert_eq!(rob["dealership_name"], "Hilltop Auto Group");
    assert_eq!(rob["status"], "active");

    // Lakeside's people (joe, maria, pat, rosa), by last name, then first name and user ID.
    let (_, body) = d.search(&d.kim, "q=01234&limit=3").await;
    assert_eq!(
        found(&body),
        ["joe", "maria", "pat"],
        "Lee before Núñez; then by user ID"
    );
    assert_eq!(
        (body["total"].clone(), body["next_offset"].clone()),
        (json!(4), json!(3))
    );
    let (_, body) = d.search(&d.kim, "q=01234&limit=3&offset=3").await;
    assert_eq!(found(&body), ["rosa"]);
    assert_eq!(body["next_offset"], Value::Null, "the last page says so");

    for (query, why) in [
        ("q=a", "one character would list nearly everyone"),
        ("q=%20%20a%20", "spaces do not count"),
        ("", "q is required"),
        ("q=rob&limit=0", "a page holds at least one"),
        ("q=rob&limit=51", "a page holds at most 50"),
        ("q=rob&offset=-1", "no negative offset"),
        ("q=rob&pdn=01234", "unknown parameters are refused"),
    ] {
        let (status, body) = d.search(&d.kim, query).await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::BAD_REQUEST, ErrorCode::BadRequest.as_str()),
            "{query:?}: {why}"
        );
    }
    let long = "x".repeat(101);
    let (status, _) = d.search(&d.kim, &format!("q={long}")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "at most 100 characters");

    let log = d.app.store.audit_log(None, None, 50).await.unwrap();
    let searches: Vec<_> = log
        .iter()
        .filter(|r| r.event == AuditEvent::HelpDeskLookup && r.target.is_none())
        .collect();
    assert!(
        searches.iter().any(|r| r.actor.as_deref() == Some("kim")
            && r.detail == Some(dealer_api::AuditDetail::Search { matches: 4 })),
        "each search is audited with how many it found"
    );
    assert!(
        log.iter().all(|r| !format!("{r:?}").contains("example")),
        "the words searched for (here an email) are not written in the log"
    );
}

async fn only_the_help_desk_may_search_for_callers(d: Desk) {
    for who in ["joe", "maria", "sam"] {
        let token = d.app.token(who, PASSWORD).await;
        let (status, body) = d.search(&token, "q=pat").await;
        assert_eq!(
            (status, code(&body)),
            (StatusCode::FORBIDDEN, ErrorCode::Forbidden.as_str()),
            "{who} is not the help desk"
        );
    }
    let (status, body) = d
        .app
        .call(Method::GET, "/api/v1/help-desk/users?q=pat", None, None)
        .await;
    assert_eq!(
        (status, code(&body)),
        (
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthenticated.as_str()
        )
    );
}

async fn the_callers_card_names_the_office_manager_and_what_happened(d: Desk) {
    let maria = d.app.token("maria", PASSWORD).await;
    let (status, body) = d
        .app
        .call(
            Method::PUT,
            "/api/v1/me/phone",
            Some(&maria),
            Some(json!({ "phone": "+13135550123" })),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    d.app.sign_in("pat", WRONG).await;
    d.app.sign_in("pat", WRONG).await;
    d.find(&d.kim, "pat").await;
    d.verified(&d.kim, "pat", "not the answer", false).await;

    let (status, card) = d.find(&d.kim, "pat").await;
    assert_eq!(status, StatusCode::OK, "{card}");
    assert_eq!(card["email"], "pat@example.com");
    assert_eq!(
        card["office_managers"],
        json!([{ "user_id": "maria", "first_name": "Pat", "last_name": "Lee",
                 "email": "maria@example.com", "phone": "+13135550123" }]),
        "the dealership's active office manager, with the phone to call"
    );
    assert_eq!(card["verify_tries_left"], 2, "one miss of three");
    let events: Vec<(&str, &str)> = card["recent_events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["event"].as_str().unwrap(), e["outcome"].as_str().unwrap()))
        .collect();
    assert_eq!(
        events[..3],
        [
            ("help_desk_verify", "no_match"),
            ("sign_in", "wrong_password"),
            ("sign_in", "wrong_password"),
        ],
        "newest first, without the help desk's look-ups: {events:?}"
    );
    assert!(
        events.iter().all(|(event, _)| *event != "help_desk_lookup"),
        "look-ups would crowd out what happened to the account"
    );

    let (_, card) = d.find(&d.kim, "maria").await;
    assert_eq!(
        card["office_managers"],
        json!([]),
        "nobody is their own office manager"
    );
    let (_, card) = d.find(&d.kim, "sam").await;
    assert_eq!(
        card["office_managers"],
        json!([]),
        "provider staff have no dealership"
    );

    d.verified(&d.kim, "pat", "not the answer", false).await;
    d.verified(&d.kim, "pat", "not the answer", false).await;
    let (_, card) = d.find(&d.kim, "pat").await;
    assert_eq!(card["verify_tries_left"], 0, "paused after three misses");
}

dealer_testkit::on_both_backends!(
    desk, multi_thread;
    the_help_desk_finds_callers_by_name_user_id_email_or_pdn,
    only_the_help_desk_may_search_for_callers,
    the_callers_card_names_the_office_manager_and_what_happened,
    a_lost_phone_is_reset_after_a_fresh_verification_by_the_same_person,
    resetting_provider_staff_needs_a_second_admin_for_that_reset,
    help_desk_finds_a_caller_with_the_text_of_their_secret_question,
    verify_matches_the_secret_answer_after_normalization,
    verify_says_no_match_for_a_wrong_answer_or_another_questions_answer,
    an_answer_too_short_to_be_one_is_refused_and_not_counted,
    three_misses_in_a_row_lock_end_sessions_and_email_the_owner_once,
    after_the_limit_no_answer_is_checked_until_a_day_after_the_last_miss,
    concurrent_misses_lock_once_and_email_once,
    three_misses_on_an_account_locked_already_keep_its_lock_and_warn_the_owner,
    a_match_resets_the_streak_of_misses,
    unlock_is_refused_without_a_matched_verification,
    unlock_is_refused_when_the_verification_is_older_than_15_minutes,
    unlock_is_refused_when_another_help_desk_person_verified,
    one_verification_allows_one_unlock,
    two_concurrent_unlocks_cannot_share_one_verification,
    unlock_gives_a_temporary_password_that_must_be_changed_before_anything_else,
    a_temporary_password_works_for_one_sign_in_within_24_hours,
    unlocking_provider_staff_needs_a_second_provider_admin,
    unlock_ends_sessions_and_resets_every_count,
    the_help_desk_never_sees_an_answer_or_a_hash,
    only_the_help_desk_may_use_the_console,
    nobody_verifies_or_unlocks_their_own_account,
    a_deactivated_account_is_not_unlocked,
    verifications_are_rate_limited_per_help_desk_person,
);
