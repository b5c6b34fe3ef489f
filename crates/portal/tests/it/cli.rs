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

#[tokio::test]
async fn a_script_imports_dealerships_from_a_csv_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("portal.sqlite").display());
    let file = dir.path().join("dealerships.csv");
    std::fs::write(
        &file,
        "PDN,Name,manager_first_name,manager_last_name,manager_email,manager_user_id\n\
         40404,Riverside Motors,Rita,Alvarez,rita@riverside.example,rita.alvarez\n\
         4040,Too Short,Sam,Lee,sam@example.com,sam.lee\n\
         50505,Lakeside Auto,Lee,Park,lee@lakeside.example,lee.park\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();

    let out = run(&url, &["dealership", "import", file]);
    let said = text(&out);
    assert!(
        !out.status.success(),
        "a row that was not imported fails the script, after the report: {said}"
    );
    assert!(
        said.contains("row 2\t40404\trita.alvarez\tcreated, manager invited"),
        "rows are numbered as a spreadsheet shows them: {said}"
    );
    assert!(
        said.contains("row 3\t4040\tsam.lee\tnot imported: pdn:"),
        "{said}"
    );
    assert!(
        said.contains("2 created, 0 there already, 1 not imported."),
        "{said}"
    );

    let again = run(&url, &["dealership", "import", file]);
    assert!(
        text(&again).contains("0 created, 2 there already, 1 not imported."),
        "importing the same file again makes nothing twice: {}",
        text(&again)
    );
    let store = Store::connect(&url).await.unwrap();
    assert_eq!(
        store
            .outbox_to("rita@riverside.example")
            .await
            .unwrap()
            .len(),
        1,
        "the office manager is mailed once"
    );
    let said = text(&out) + &text(&again);
    let mails = store.outbox_to("lee@lakeside.example").await.unwrap();
    let code = mails[0]
        .body
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 19 && l.matches('-').count() == 3)
        .expect("the invitation holds the code");
    assert!(
        !said.contains(code),
        "the code goes by mail only, never to the terminal"
    );

    let fixed = dir.path().join("fixed.csv");
    std::fs::write(
        &fixed,
        "pdn,name,manager_first_name,manager_last_name,manager_email,manager_user_id\n\
         40405,Too Short,Sam,Lee,sam@example.com,sam.lee\n",
    )
    .unwrap();
    let mut child = Command::new(BIN)
        .args(["dealership", "import", "-"])
        .env("DATABASE_URL", &url)
        .env("DEALER_LOG", "warn")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(
        child.stdin.as_mut().unwrap(),
        &std::fs::read(&fixed).unwrap(),
    )
    .unwrap();
    drop(child.stdin.take());
    let piped = child.wait_with_output().unwrap();
    assert!(piped.status.success(), "{}", text(&piped));
    assert!(text(&piped).contains("1 created"), "{}", text(&piped));

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "pdn,dealer\n40406,X\n").unwrap();
    let refused = run(&url, &["dealership", "import", bad.to_str().unwrap()]);
    assert!(
        !refused.status.success() && text(&refused).contains("Unknown column \"dealer\""),
        "a header that does not name the columns is refused before anything: {}",
        text(&refused)
    );
}
