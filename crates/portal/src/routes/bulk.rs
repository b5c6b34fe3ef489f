//! Bulk work for an office manager: new-user requests from a CSV file, one row a person,
//! with a report for every row; and the dealership's roster as CSV.
//!
//! Valid rows are filed even when others fail; a row filed before (the same content,
//! fingerprinted) is reported as a duplicate, so uploading a file twice creates nothing
//! twice. A malformed row is reported by its number, never a 500. Roster cells that a
//! spreadsheet would run as a formula are escaped.

use crate::routes::router::{ApiRouter, routes};
use crate::store::UserKey;
use std::collections::HashMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::header;
use axum::response::IntoResponse;
use dealer_api::{ErrorBody, ImportOutcome, ImportReport, ImportRow, RequestForm};
use dealer_core::access::AccountState;
use dealer_core::forms::PersonInput;
use dealer_core::inactivity::InactivityStatus;
use sha2::{Digest, Sha256};

use super::responses::Internal;
use crate::AppState;
use crate::csv_upload::{
    CsvUpload, IMPORT_MAX_BYTES, cell, read_csv, row_error, tally, unreadable,
};
use crate::error::ApiError;
use crate::extract::{ClientInfo, OwnDealership};
use crate::workflow::{self, RequestDraft};

/// The columns of an import file, in any order; `role_other` may be left out.
pub const IMPORT_COLUMNS: [&str; 8] = [
    "first_name",
    "last_name",
    "email",
    "business_phone",
    "role",
    "role_other",
    "user_id",
    "applications",
];

pub fn router() -> ApiRouter {
    ApiRouter::new()
        .routes(routes!(import))
        .layer(DefaultBodyLimit::max(IMPORT_MAX_BYTES))
        .merge(ApiRouter::new().routes(routes!(roster)))
}

/// The new-user form a row describes.
fn form_of(record: &csv::StringRecord, at: &HashMap<&'static str, usize>) -> RequestForm {
    let cell = |name: &str| cell(record, at, name);
    let role_other = Some(cell("role_other")).filter(|r| !r.is_empty());
    RequestForm::NewUser {
        person: PersonInput {
            first_name: cell("first_name"),
            last_name: cell("last_name"),
            email: cell("email"),
            business_phone: cell("business_phone"),
            role: cell("role").to_lowercase(),
            role_other,
        },
        user_id: cell("user_id"),
        applications: cell("applications")
            .split([';', ','])
            .map(|a| a.trim().to_lowercase())
            .filter(|a| !a.is_empty())
            .collect(),
    }
}

/// The fingerprint of a row: its cells, trimmed, case-folded where case does not matter.
fn fingerprint(form: &RequestForm) -> String {
    let RequestForm::NewUser {
        person,
        user_id,
        applications,
    } = form
    else {
        return String::new();
    };
    let mut apps = applications.clone();
    apps.sort();
    let parts = [
        user_id.to_lowercase(),
        person.first_name.clone(),
        person.last_name.clone(),
        person.email.to_lowercase(),
        person.business_phone.clone(),
        person.role.clone(),
        person.role_other.clone().unwrap_or_default(),
        apps.join(";"),
    ];
    hex::encode(Sha256::digest(parts.join("\u{1f}").as_bytes()))
}

/// `POST /api/v1/dealers/{pdn}/requests/import`: new-user requests from a CSV file
/// (`text/csv`, UTF-8): a header row naming the columns (first_name, last_name, email,
/// business_phone, role, role_other, user_id, applications separated by `;`), then one row
/// a person.
#[utoipa::path(
    post,
    path = "/dealers/{pdn}/requests/import",
    operation_id = "import_requests",
    tag = "requests",
    params(("pdn" = String, Path, description = "The manager's own PDN; any other answers 404")),
    request_body(content = String, content_type = "text/csv"),
    security(("bearer" = ["office_manager"])),
    responses(
        (status = 200, description = "What became of every row", body = ImportReport),
        (status = 400, description = "`bad_request`: not UTF-8 text, or the header row does \
            not name the columns", body = ErrorBody),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not an office manager", body = ErrorBody),
        (status = 404, description = "`not_found`: not the manager's own PDN", body = ErrorBody),
        (status = 413, description = "`payload_too_large`: over 2 MiB or 5,000 rows",
            body = ErrorBody),
        Internal,
    )
)]
async fn import(
    State(state): State<AppState>,
    OwnDealership(manager): OwnDealership,
    client: ClientInfo,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ImportReport>, ApiError> {
    let CsvUpload { width, at, records } = read_csv(body, &IMPORT_COLUMNS, &["role_other"])?;

    let mut rows = Vec::with_capacity(records.len());
    for (n, record) in (1u32..).zip(records) {
        let mut row = ImportRow {
            row: n,
            user_id: None,
            outcome: ImportOutcome::Error,
            request_id: None,
            errors: Vec::new(),
        };
        match unreadable(record, width) {
            Err(errors) => row.errors = errors,
            Ok(record) => {
                let form = form_of(&record, &at);
                let key = fingerprint(&form);
                if let RequestForm::NewUser { user_id, .. } = &form {
                    row.user_id = Some(user_id.to_lowercase()).filter(|u| !u.is_empty());
                }
                if state.store().imported_before(&manager.pdn, &key).await? {
                    row.outcome = ImportOutcome::Duplicate;
                } else {
                    let draft = RequestDraft {
                        form: &form,
                        import_key: Some(key),
                        self_filed: None,
                    };
                    match workflow::file(&state, &manager.auth.user, &manager.pdn, draft, &client)
                        .await
                    {
                        Ok(filed) => {
                            row.outcome = ImportOutcome::Created;
                            row.request_id = Some(filed.id);
                        }
                        Err(ApiError::InvalidForm(errors)) => row.errors = errors.0,
                        Err(ApiError::UserIdTaken {
                            message,
                            suggestions,
                        }) => {
                            let hint = if suggestions.is_empty() {
                                String::new()
                            } else {
                                format!(" Free: {}.", suggestions.join(", "))
                            };
                            row.errors = row_error("user_id", format!("{message}{hint}"));
                        }
                        Err(ApiError::Conflict(_)) => row.outcome = ImportOutcome::Duplicate,
                        Err(e @ (ApiError::Internal(_) | ApiError::Busy(_))) => return Err(e),
                        Err(other) => row.errors = row_error("row", other),
                    }
                }
            }
        }
        rows.push(row);
    }
    let (created, duplicates, errors) = tally(rows.iter().map(|r| r.outcome));
    Ok(Json(ImportReport {
        created,
        duplicates,
        errors,
        rows,
    }))
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage
/// return before one) gets a leading `'`, so it shows as text.
pub fn spreadsheet_safe(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

/// A time as the CSV files show it ("2026-12-05 15:00 UTC"); empty for none.
pub(super) fn csv_time(at: Option<chrono::DateTime<chrono::Utc>>) -> String {
    at.map(|at| at.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

/// A CSV file to save as `filename`: `header`, then `rows` (as wide as it), every cell
/// made [`spreadsheet_safe`].
pub(super) fn csv_download<const N: usize>(
    filename: &str,
    header: [&str; N],
    rows: impl IntoIterator<Item = [String; N]>,
) -> Result<axum::response::Response, ApiError> {
    let csv_error = |e: csv::Error| ApiError::internal(e);
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(header).map_err(csv_error)?;
    for cells in rows {
        out.write_record(cells.iter().map(|c| spreadsheet_safe(c)))
            .map_err(csv_error)?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| ApiError::internal(anyhow::anyhow!("{e}")))?;
    Ok(attachment("text/csv; charset=utf-8", filename, bytes))
}

/// `body` as a file to save as `filename` (a name of ours: no quotes in it).
pub(super) fn attachment(
    content_type: &'static str,
    filename: &str,
    body: Vec<u8>,
) -> axum::response::Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// `GET /api/v1/dealers/{pdn}/roster.csv`: the dealership's users with status,
/// applications, last sign-in and the date the inactivity rule would deactivate them.
#[utoipa::path(
    get,
    path = "/dealers/{pdn}/roster.csv",
    operation_id = "roster_csv",
    tag = "dealers",
    params(("pdn" = String, Path, description = "The manager's own PDN; any other answers 404")),
    security(("bearer" = ["office_manager"])),
    responses(
        (status = 200, description = "The roster, one row a user, by user ID",
            content_type = "text/csv", body = String),
        (status = 401, description = "`unauthenticated`", body = ErrorBody),
        (status = 403, description = "`forbidden`: not an office manager", body = ErrorBody),
        (status = 404, description = "`not_found`: not the manager's own PDN", body = ErrorBody),
        Internal,
    )
)]
async fn roster(
    State(state): State<AppState>,
    OwnDealership(manager): OwnDealership,
) -> Result<impl IntoResponse, ApiError> {
    let now = state.now();
    let policy = state.settings().inactivity;
    let store = manager.store(&state);
    let users = store.users_of_dealer(&manager.pdn).await?;
    let mut applications: HashMap<UserKey, Vec<String>> = HashMap::new();
    for (pk, app) in store.applications_of_dealer(&manager.pdn).await? {
        applications.entry(pk).or_default().push(app);
    }
    let header = [
        "user_id",
        "first_name",
        "last_name",
        "email",
        "access_role",
        "job_role",
        "status",
        "locked_since",
        "applications",
        "last_sign_in",
        "inactive_on",
    ];
    let rows = users.iter().map(|user| {
        let status = user.status(&policy, now);
        let inactive_on = match status {
            AccountState::Active | AccountState::Locked => {
                Some(policy.deactivates_at(user.activity_since))
            }
            AccountState::Inactive => match policy.status(user.activity_since, now) {
                InactivityStatus::Inactive { since } => Some(since),
                _ => None,
            },
            AccountState::Pending | AccountState::Deactivated => None,
        };
        let apps = applications
            .get(&user.pk)
            .map(|a| a.join(";"))
            .unwrap_or_default();
        [
            user.user_id.to_string(),
            user.first_name.clone(),
            user.last_name.clone(),
            user.email.clone(),
            user.role.as_str().to_owned(),
            user.job_role.clone().unwrap_or_default(),
            status.as_str().to_owned(),
            csv_time(user.locked_at),
            apps,
            csv_time(user.last_sign_in_at),
            csv_time(inactive_on),
        ]
    });
    csv_download("roster.csv", header, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_escaped_and_others_left_alone() {
        for cell in ["=SUM(A1)", "+1", "-2", "@cmd", "\t=1", "\r=1"] {
            assert!(
                spreadsheet_safe(cell).starts_with('\''),
                "{cell:?} would run as a formula"
            );
        }
        for cell in ["Maria", "maria@example.com", "", "1-800", "a=b"] {
            assert_eq!(spreadsheet_safe(cell), cell, "{cell:?} is plain text");
        }
    }
}
