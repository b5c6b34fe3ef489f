//! Bulk work: new-user requests from CSV with a per-row report, and the roster as CSV.
//! Issue #4 ("Bulk work", "Bad input") is the spec.

use crate::support::app::TestApp;
use crate::support::requests::{PASSWORD, dealerships};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use serde_json::Value;

const HEADER: &str = "first_name,last_name,email,business_phone,role,user_id,applications";

async fn import(app: &TestApp, token: &str, pdn: &str, csv: String) -> (StatusCode, Value) {
    let req = Request::builder()
        .method(Method::POST)
        .uri(format!("/api/v1/dealers/{pdn}/requests/import"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "text/csv")
        .body(Body::from(csv))
        .unwrap();
    app.raw(req).await
}

fn outcomes(report: &Value) -> Vec<(u64, String)> {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["row"].as_u64().unwrap(),
                r["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn valid_rows_are_filed_errors_reported_by_row_and_a_reupload_creates_nothing(app: TestApp) {
    let maria = app.token("maria", PASSWORD).await;
    let csv = format!(
        "{HEADER}\n\
         Lee,Park,lpark@lakeside.example,(555) 234-9999,title_clerk,lpark,smartcash\n\
         Ann,Bell,not-an-email,(555) 234-9998,salesperson,abell,smartcash;intellirater\n\
         Cy,Dunn,cdunn@lakeside.example,(555) 234-9997,owner,cdunn\n\
         Eve,Ford,eford@lakeside.example,(555) 234-9996,accounting,zed,smartcash\n\
         Gus,Hale,ghale@lakeside.example,(555) 234-9995,accounting,ghale,SmartCash; IntelliRater\n"
    );
    let (status, report) = import(&app, &maria, "01234", csv.clone()).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(
        outcomes(&report),
        [
            (1, "created".into()),
            (2, "error".into()),
            (3, "error".into()),
            (4, "error".into()),
            (5, "created".into()),
        ],
        "{report}"
    );
    assert_eq!(
        report["rows"][1]["errors"][0]["field"], "email",
        "the field and reason"
    );
    assert_eq!(
        report["rows"][2]["errors"][0]["field"], "row",
        "a row with a missing cell is reported, never a 500"
    );
    assert_eq!(
        report["rows"][3]["errors"][0]["field"], "user_id",
        "zed is taken"
    );
    assert_eq!(
        (report["created"].as_u64(), report["errors"].as_u64()),
        (Some(2), Some(3))
    );

    let (status, again) = import(&app, &maria, "01234", csv).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        again["created"], 0,
        "a re-upload creates nothing twice: {again}"
    );
    assert_eq!(again["duplicates"], 2);
    let (_, page) = app
        .call(
            Method::GET,
            "/api/v1/dealers/01234/requests",
            Some(&maria),
            None,
        )
        .await;
    assert_eq!(
        page["total"], 2,
        "exactly the two valid rows became requests"
    );
}

async fn the_header_must_name_the_columns(app: TestApp) {
    let maria = app.token("maria", PASSWORD).await;
    for csv in ["name,email\nx,y\n", "", "first_name,last_name\nA,B\n"] {
        let (status, body) = import(&app, &maria, "01234", csv.to_owned()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{csv:?}: {body}");
        assert!(
            body["message"].as_str().unwrap().contains("column"),
            "{body}"
        );
    }
}

async fn oversized_files_are_413_with_the_limit(app: TestApp) {
    let maria = app.token("maria", PASSWORD).await;
    let mut csv = format!("{HEADER}\n");
    for n in 0..5001 {
        csv.push_str(&format!(
            "A,B,a{n}@x.example,(555) 234-0000,owner,u{n},smartcash\n"
        ));
    }
    let (status, body) = import(&app, &maria, "01234", csv).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert!(body["message"].as_str().unwrap().contains("5000"), "{body}");
    let big = format!("{HEADER}\n{}", "x".repeat(2 * 1024 * 1024 + 1));
    let (status, body) = import(&app, &maria, "01234", big).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("2 MiB"),
        "{body}"
    );
    let (_, page) = app
        .call(
            Method::GET,
            "/api/v1/dealers/01234/requests",
            Some(&maria),
            None,
        )
        .await;
    assert_eq!(page["total"], 0, "nothing of a refused file is filed");
}

async fn another_dealership_cannot_import_or_export(app: TestApp) {
    let dana = app.token("dana", PASSWORD).await;
    let (status, _) = import(&app, &dana, "01234", format!("{HEADER}\n")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .call(
            Method::GET,
            "/api/v1/dealers/01234/roster.csv",
            Some(&dana),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn the_roster_lists_status_and_escapes_formulas(app: TestApp) {
    sqlx::query("UPDATE users SET first_name = '=HYPERLINK(\"http://x\")' WHERE user_id = 'amy'")
        .execute(app.store.pool())
        .await
        .unwrap();
    let maria = app.token("maria", PASSWORD).await;
    let req = Request::get("/api/v1/dealers/01234/roster.csv")
        .header(header::AUTHORIZATION, format!("Bearer {maria}"))
        .body(Body::empty())
        .unwrap();
    let response = app.response(req).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(
        ids,
        ["amy", "maria", "zed"],
        "only this dealership, by user ID"
    );
    assert!(
        rows[0][1].starts_with("'="),
        "a formula is escaped: {:?}",
        &rows[0][1]
    );
    assert_eq!(&rows[2][6], "active");
    assert!(!rows[2][10].is_empty(), "the inactivity date is given");
}

dealer_testkit::on_both_backends!(
    dealerships;
    valid_rows_are_filed_errors_reported_by_row_and_a_reupload_creates_nothing,
    the_header_must_name_the_columns,
    oversized_files_are_413_with_the_limit,
    another_dealership_cannot_import_or_export,
    the_roster_lists_status_and_escapes_formulas,
);
