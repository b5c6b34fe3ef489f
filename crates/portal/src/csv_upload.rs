//! Reading an uploaded CSV file for the imports (an office manager's new users, a provider
//! admin's dealerships): the size and row limits, the header naming the columns in any
//! order, and per-row problems reported on the row rather than failing the file.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use dealer_api::ImportOutcome;
use dealer_core::forms::FieldError;

use crate::error::ApiError;

/// The largest CSV file accepted.
pub const IMPORT_MAX_BYTES: usize = 2 * 1024 * 1024;
/// The most data rows one file may hold.
pub const IMPORT_MAX_ROWS: usize = 5_000;

pub fn too_big() -> ApiError {
    ApiError::TooLarge(format!(
        "The file is larger than {} MiB. Split it into smaller files of at most {IMPORT_MAX_ROWS} \
         rows each.",
        IMPORT_MAX_BYTES / 1024 / 1024
    ))
}

/// Column positions by name, from the header row: every one of `names` but the
/// `optional` ones must be there, and nothing else.
fn columns(
    header: &csv::StringRecord,
    names: &[&'static str],
    optional: &[&str],
) -> Result<HashMap<&'static str, usize>, ApiError> {
    let mut found = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        let name = name.trim().trim_start_matches('\u{feff}').to_lowercase();
        match names.iter().find(|c| **c == name) {
            Some(column) => {
                found.insert(*column, i);
            }
            None => {
                return Err(ApiError::BadRequest(format!(
                    "Unknown column {name:?}. The first row must name the columns: {}.",
                    names.join(", ")
                )));
            }
        }
    }
    let missing: Vec<&str> = names
        .iter()
        .copied()
        .filter(|c| !optional.contains(c) && !found.contains_key(c))
        .collect();
    if !missing.is_empty() {
        return Err(ApiError::BadRequest(format!(
            "The first row must name the columns; missing: {}.",
            missing.join(", ")
        )));
    }
    Ok(found)
}

/// A CSV upload read: the width of its header, where each named column is, and its data
/// rows (each may still fail to parse). Refuses a body over the size limit, text that is
/// not UTF-8, a header that does not name the columns, and more rows than the limit.
#[derive(Debug)]
pub struct CsvUpload {
    pub width: usize,
    pub at: HashMap<&'static str, usize>,
    pub records: Vec<Result<csv::StringRecord, csv::Error>>,
}

pub fn read_csv(
    body: Result<Bytes, BytesRejection>,
    names: &[&'static str],
    optional: &[&str],
) -> Result<CsvUpload, ApiError> {
    let body = body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_big()
        } else {
            ApiError::BadRequest(e.body_text())
        }
    })?;
    parse(&body, names, optional)
}

/// [`read_csv`] for a file already in hand (the command line's import).
pub fn parse(
    bytes: &[u8],
    names: &[&'static str],
    optional: &[&str],
) -> Result<CsvUpload, ApiError> {
    if bytes.len() > IMPORT_MAX_BYTES {
        return Err(too_big());
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| ApiError::BadRequest("The file must be UTF-8 text (CSV).".into()))?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::None)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| ApiError::BadRequest(format!("The header row cannot be read: {e}")))?
        .clone();
    let at = columns(&header, names, optional)?;
    let records: Vec<Result<csv::StringRecord, csv::Error>> = reader.records().collect();
    if records.len() > IMPORT_MAX_ROWS {
        return Err(ApiError::TooLarge(format!(
            "The file has {} rows; at most {IMPORT_MAX_ROWS} are accepted at once. Split it.",
            records.len()
        )));
    }
    Ok(CsvUpload {
        width: header.len(),
        at,
        records,
    })
}

/// A row that cannot be read, or does not have as many cells as the header names.
pub fn unreadable(
    record: Result<csv::StringRecord, csv::Error>,
    width: usize,
) -> Result<csv::StringRecord, Vec<FieldError>> {
    match record {
        Err(e) => Err(row_error("row", format!("This row cannot be read: {e}"))),
        Ok(record) if record.len() != width => Err(row_error(
            "row",
            format!(
                "This row has {} cells; the header names {width}.",
                record.len()
            ),
        )),
        Ok(record) => Ok(record),
    }
}

/// A trimmed cell of `record` by column name; empty when the column is not there.
pub fn cell(record: &csv::StringRecord, at: &HashMap<&'static str, usize>, name: &str) -> String {
    at.get(name)
        .and_then(|&i| record.get(i))
        .unwrap_or_default()
        .trim()
        .to_owned()
}

pub fn row_error(field: &str, message: impl ToString) -> Vec<FieldError> {
    vec![FieldError {
        field: field.to_owned(),
        message: message.to_string(),
    }]
}

/// A report's counts (created, duplicates, errors) from its rows' outcomes.
pub fn tally(outcomes: impl IntoIterator<Item = ImportOutcome>) -> (u32, u32, u32) {
    outcomes
        .into_iter()
        .fold((0, 0, 0), |(c, d, e), outcome| match outcome {
            ImportOutcome::Created => (c + 1, d, e),
            ImportOutcome::Duplicate => (c, d + 1, e),
            ImportOutcome::Error => (c, d, e + 1),
        })
}
