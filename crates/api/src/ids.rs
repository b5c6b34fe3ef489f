//! Typed ids of the rows that cross the wire, so two integers cannot be swapped: a request
//! id where a user's key is wanted does not compile. Each is its integer on the wire, in the
//! database (`sqlx` feature, the portal's) and in TypeScript.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A User ID Request's number, as people see it (`#42`) and as its row is keyed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "sqlx", derive(sqlx::Type), sqlx(transparent))]
#[derive(ts_rs::TS)]
#[ts(export)]
pub struct RequestId(pub i64);

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::str::FromStr for RequestId {
    type Err = std::num::ParseIntError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse().map(RequestId)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_id_is_its_number_on_the_wire() {
        assert_eq!(serde_json::to_string(&RequestId(42)).unwrap(), "42");
        assert_eq!(
            serde_json::from_str::<RequestId>("42").unwrap(),
            RequestId(42)
        );
        assert_eq!(RequestId(42).to_string(), "42", "shown as people see it");
        assert!(
            serde_json::from_str::<RequestId>("\"42\"").is_err(),
            "a number, not text"
        );
    }
}
