//! The onboarding commands of `dealer-portal`, run as an operator's script runs them: each
//! does what the provider admin's screen does, refuses what it refuses, is idempotent with
//! `--if-missing`, and never prints an enrollment code.

use std::process::{Command, Output};

use dealer_portal::store::Store;

use crate::support::process::BIN;

fn run(database_url: &str, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("DEALER_LOG", "warn")
        .output()
        .expect("dealer-portal runs")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[tokio::test]
async fn an_operator_script_brings_a_dealership_and_its_people_on() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("portal.sqlite").display());
    let create = [
        "dealership",
        "create",
        "--pdn",
        "40404",
        "--name",
        "Riverside Motors",
        "--phone",
        "(555) 404-0404",
    ];
    let out = run(&url, &create);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("Created Riverside Motors (PDN 40404)"));

    let again = run(&url, &create);
    assert!(
        !again.status.success() && text(&again).contains("exists already"),
        "without --if-missing a second create is an error: {}",
        text(&again)
    );
    let mut idempotent = create.to_vec();
    idempotent.push("--if-missing");
    let out = run(&url, &idempotent);
    assert!(
        out.status.success() && text(&out).contains("nothing changed"),
        "{}",
        text(&out)
    );
    let bad = run(
        &url,
        &["dealership", "create", "--pdn", "4040", "--name", " "],
    );
    assert!(
        !bad.status.success() && text(&bad).contains("pdn") && text(&bad).contains("name"),
        "every problem is named: {}",
        text(&bad)
    );

    let invite = [
        "invite-office-manager",
        "--pdn",
        "40404",
        "--user-id",
        "rvance",
        "--first-name",
        "Rita",
        "--last-name",
        "Vance",
        "--email",
        "rita@riverside.example",
    ];
    let out = run(&url, &invite);
    assert!(out.status.success(), "{}", text(&out));
    let store = Store::connect(&url).await.unwrap();
    let mails = store.outbox_to("rita@riverside.example").await.unwrap();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].kind, "invitation");
    let code = mails[0]
        .body
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 19 && l.matches('-').count() == 3)
        .expect("the mail holds the code");
    assert!(
        !text(&out).contains(code),
        "the code goes by mail only, never to a terminal or a log"
    );
    let mut idempotent = invite.to_vec();
    idempotent.push("--if-missing");
    let out = run(&url, &idempotent);
    assert!(out.status.success() && text(&out).contains("nothing changed"));
    assert_eq!(
        store
            .outbox_to("rita@riverside.example")
            .await
            .unwrap()
            .len(),
        1,
        "re-running the script sends nothing twice"
    );

    let out = run(
        &url,
        &[
            "create-staff-user",
            "--role",
            "provider_admin",
            "--user-id",
            "ada.admin",
            "--first-name",
            "Ada",
            "--last-name",
            "Byron",
            "--email",
            "ada@provider.example",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        store.outbox_to("ada@provider.example").await.unwrap()[0].kind,
        "invitation"
    );
    let refused = run(
        &url,
        &[
            "create-staff-user",
            "--role",
            "office_manager",
            "--user-id",
            "om2",
            "--first-name",
            "O",
            "--last-name",
            "M",
            "--email",
            "om2@example.com",
        ],
    );
    assert!(!refused.status.success() && text(&refused).contains("invite-office-manager"));

    let out = run(&url, &["dealership", "close", "--pdn", "40404"]);
    assert!(text(&out).contains("is closed"), "{}", text(&out));
    let listed = run(&url, &["dealership", "list"]);
    assert_eq!(
        String::from_utf8_lossy(&listed.stdout).trim(),
        "40404\tRiverside Motors\t1\t1\tclosed"
    );
    let audit: Vec<String> = sqlx::query_scalar("SELECT event FROM audit_log ORDER BY id")
        .fetch_all(store.pool())
        .await
        .unwrap();
    assert_eq!(
        audit,
        [
            "dealership_created",
            "invitation",
            "invitation",
            "dealership_closed"
        ],
        "every change the scripts made is in the audit log, once"
    );
}
