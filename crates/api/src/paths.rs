//! The route paths of `/api/v1`, written once.
//!
//! Each constant is a template as axum and the OpenAPI document write it (`{name}` for a
//! path parameter), relative to [`PREFIX`]. The portal serves its handlers at these paths
//! and a test holds its OpenAPI document to [`ALL`]; the client fills the same templates
//! with [`fill`], one percent-encoded segment per parameter.

/// Where the versioned API lives.
pub const PREFIX: &str = "/api/v1";

pub const HEALTH: &str = "/health";
pub const APP_UPDATE: &str = "/app/updates/{target}/{arch}/{current_version}";
pub const APP_UPDATE_FILE: &str = "/app/updates/files/{name}";
pub const READY: &str = "/ready";
pub const OPENAPI: &str = "/openapi.json";
pub const HELP_DESK_INFO: &str = "/help-desk/info";
pub const APPLICATIONS: &str = "/applications";
pub const QUESTION_CATALOGUE: &str = "/questions/catalogue";
pub const PASSWORD_RULES: &str = "/password-rules";

pub const SESSIONS: &str = "/sessions";
pub const SESSION_CURRENT: &str = "/sessions/current";
pub const SESSION_TWO_STEP: &str = "/sessions/two-step";
pub const SESSION: &str = "/sessions/{id}";
pub const ME: &str = "/me";
pub const ME_PASSWORD: &str = "/me/password";
pub const ME_QUESTIONS: &str = "/me/questions";
pub const ME_EMAIL: &str = "/me/email";
pub const ME_EMAIL_CONFIRM: &str = "/me/email/confirm";
pub const ME_PHONE: &str = "/me/phone";
pub const ME_TWO_STEP: &str = "/me/two-step";
pub const ME_TWO_STEP_CONFIRM: &str = "/me/two-step/confirm";
pub const ME_DEVICES: &str = "/me/devices";
pub const ME_DEVICE: &str = "/me/devices/{id}";

pub const REACTIVATIONS: &str = "/reactivations";
pub const PASSWORD_RESETS: &str = "/password-resets";
pub const PASSWORD_RESET_ANSWERS: &str = "/password-resets/answers";
pub const PASSWORD_RESET_COMPLETE: &str = "/password-resets/complete";

pub const HELP_DESK_USERS: &str = "/help-desk/users";
pub const HELP_DESK_USER: &str = "/help-desk/users/{user_id}";
pub const HELP_DESK_USER_VERIFY: &str = "/help-desk/users/{user_id}/verify";
pub const HELP_DESK_USER_UNLOCK: &str = "/help-desk/users/{user_id}/unlock";
pub const HELP_DESK_USER_TWO_STEP_RESET: &str = "/help-desk/users/{user_id}/two-step/reset";

pub const DEALER_NAME: &str = "/dealers/{pdn}/name";
pub const DEALER_USERS: &str = "/dealers/{pdn}/users";
pub const DEALER_AUDIT: &str = "/dealers/{pdn}/audit";
pub const DEALER_REQUESTS: &str = "/dealers/{pdn}/requests";
pub const DEALER_REQUESTS_IMPORT: &str = "/dealers/{pdn}/requests/import";
pub const DEALER_ROSTER: &str = "/dealers/{pdn}/roster.csv";
pub const DEALER_ACCESS_REVIEWS: &str = "/dealers/{pdn}/access-reviews";
pub const DEALER_ACCESS_REVIEW: &str = "/dealers/{pdn}/access-reviews/{id}";
pub const DEALER_ACCESS_REVIEW_PERSON: &str = "/dealers/{pdn}/access-reviews/{id}/people/{user_id}";
pub const DEALER_ACCESS_REVIEW_FINISH: &str = "/dealers/{pdn}/access-reviews/{id}/finish";
pub const DEALER_ACCESS_REVIEW_REPORT: &str = "/dealers/{pdn}/access-reviews/{id}/report.csv";
pub const DEALER_ACCESS_REVIEW_REPORT_PDF: &str = "/dealers/{pdn}/access-reviews/{id}/report.pdf";
pub const OUTBOX: &str = "/outbox";

pub const REGISTRATIONS: &str = "/registrations";
pub const REGISTRATION: &str = "/registrations/{id}";
pub const REGISTRATION_ANSWER: &str = "/registrations/{id}/answer";
pub const REGISTRATION_CANCEL: &str = "/registrations/{id}/cancel";
pub const REGISTRATION_EMAIL_CODES: &str = "/registrations/email-codes";
pub const REGISTRATION_EMAIL_CONFIRM: &str = "/registrations/email-codes/confirm";
pub const REGISTRATION_USER_ID_CHECK: &str = "/registrations/user-ids/check";

pub const REQUESTS: &str = "/requests";
pub const REQUEST: &str = "/requests/{id}";
pub const REQUEST_ANSWER: &str = "/requests/{id}/answer";
pub const REQUEST_CANCEL: &str = "/requests/{id}/cancel";
pub const REQUEST_DECISION: &str = "/requests/{id}/decision";
pub const REVIEW_QUEUE: &str = "/review/queue";
pub const ENROLLMENTS: &str = "/enrollments";

pub const ADMIN_DEALERSHIPS: &str = "/admin/dealerships";
pub const ADMIN_DEALERSHIPS_IMPORT: &str = "/admin/dealerships/import";
pub const ADMIN_DEALERSHIP: &str = "/admin/dealerships/{pdn}";
pub const ADMIN_DEALERSHIP_CLOSE: &str = "/admin/dealerships/{pdn}/close";
pub const ADMIN_DEALERSHIP_REOPEN: &str = "/admin/dealerships/{pdn}/reopen";
pub const ADMIN_DEALERSHIP_PEOPLE: &str = "/admin/dealerships/{pdn}/people";
pub const ADMIN_OFFICE_MANAGERS: &str = "/admin/dealerships/{pdn}/office-managers";
pub const ADMIN_USER_ROLE: &str = "/admin/users/{user_id}/role";
pub const ADMIN_ACCESS_REVIEWS: &str = "/admin/access-reviews";
pub const ADMIN_STAFF: &str = "/admin/staff";
pub const ADMIN_STAFF_DEACTIVATE: &str = "/admin/staff/{user_id}/deactivate";
pub const ADMIN_STAFF_REACTIVATE: &str = "/admin/staff/{user_id}/reactivate";
pub const ADMIN_UNLOCK_APPROVALS: &str = "/admin/unlock-approvals";
pub const ADMIN_UNLOCK_APPROVE: &str = "/admin/unlock-approvals/{id}/approve";

/// Every path the portal serves under [`PREFIX`] (`/metrics` is for the scraper and lives
/// outside the API).
pub const ALL: &[&str] = &[
    HEALTH,
    READY,
    APP_UPDATE,
    APP_UPDATE_FILE,
    OPENAPI,
    HELP_DESK_INFO,
    APPLICATIONS,
    QUESTION_CATALOGUE,
    PASSWORD_RULES,
    SESSIONS,
    SESSION_CURRENT,
    SESSION_TWO_STEP,
    SESSION,
    ME,
    ME_PASSWORD,
    ME_QUESTIONS,
    ME_EMAIL,
    ME_EMAIL_CONFIRM,
    ME_PHONE,
    ME_TWO_STEP,
    ME_TWO_STEP_CONFIRM,
    ME_DEVICES,
    ME_DEVICE,
    REACTIVATIONS,
    PASSWORD_RESETS,
    PASSWORD_RESET_ANSWERS,
    PASSWORD_RESET_COMPLETE,
    HELP_DESK_USERS,
    HELP_DESK_USER,
    HELP_DESK_USER_VERIFY,
    HELP_DESK_USER_UNLOCK,
    HELP_DESK_USER_TWO_STEP_RESET,
    DEALER_NAME,
    DEALER_USERS,
    DEALER_AUDIT,
    DEALER_REQUESTS,
    DEALER_REQUESTS_IMPORT,
    DEALER_ROSTER,
    DEALER_ACCESS_REVIEWS,
    DEALER_ACCESS_REVIEW,
    DEALER_ACCESS_REVIEW_PERSON,
    DEALER_ACCESS_REVIEW_FINISH,
    DEALER_ACCESS_REVIEW_REPORT,
    DEALER_ACCESS_REVIEW_REPORT_PDF,
    OUTBOX,
    REGISTRATIONS,
    REGISTRATION,
    REGISTRATION_ANSWER,
    REGISTRATION_CANCEL,
    REGISTRATION_EMAIL_CODES,
    REGISTRATION_EMAIL_CONFIRM,
    REGISTRATION_USER_ID_CHECK,
    REQUESTS,
    REQUEST,
    REQUEST_ANSWER,
    REQUEST_CANCEL,
    REQUEST_DECISION,
    REVIEW_QUEUE,
    ENROLLMENTS,
    ADMIN_DEALERSHIPS,
    ADMIN_DEALERSHIPS_IMPORT,
    ADMIN_DEALERSHIP,
    ADMIN_DEALERSHIP_CLOSE,
    ADMIN_DEALERSHIP_REOPEN,
    ADMIN_DEALERSHIP_PEOPLE,
    ADMIN_OFFICE_MANAGERS,
    ADMIN_USER_ROLE,
    ADMIN_ACCESS_REVIEWS,
    ADMIN_STAFF,
    ADMIN_STAFF_DEACTIVATE,
    ADMIN_STAFF_REACTIVATE,
    ADMIN_UNLOCK_APPROVALS,
    ADMIN_UNLOCK_APPROVE,
];

/// A template filled with the wrong number of values: a bug in the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterCount {
    pub template: &'static str,
    pub given: usize,
}

impl std::fmt::Display for ParameterCount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the path {} was given {} values for its parameters",
            self.template, self.given
        )
    }
}

impl std::error::Error for ParameterCount {}

/// The segments of `PREFIX + template`, each `{name}` replaced by the next of `values`.
/// A value is one segment whatever it holds (a `/` or `..` in a typed user ID included):
/// the caller percent-encodes each segment, so a value can only name a resource.
pub fn fill<'a>(
    template: &'static str,
    values: &[&'a str],
) -> Result<Vec<&'a str>, ParameterCount> {
    let wrong = || ParameterCount {
        template,
        given: values.len(),
    };
    let mut values = values.iter();
    let mut segments = Vec::new();
    for segment in PREFIX.split('/').chain(template.split('/')) {
        if segment.is_empty() {
            continue;
        }
        if segment.starts_with('{') && segment.ends_with('}') {
            segments.push(*values.next().ok_or_else(wrong)?);
        } else {
            segments.push(segment);
        }
    }
    if values.next().is_some() {
        return Err(wrong());
    }
    Ok(segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_is_absolute_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for path in ALL {
            assert!(
                path.starts_with('/'),
                "{path} is relative to PREFIX, with a /"
            );
            assert!(seen.insert(path), "{path} is listed twice");
            for segment in path.split('/').skip(1) {
                let parameter = segment.starts_with('{') || segment.ends_with('}');
                let well_formed = segment.starts_with('{')
                    && segment.ends_with('}')
                    && segment[1..segment.len() - 1]
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '_');
                assert!(
                    !parameter || well_formed,
                    "{path}: a parameter is a whole segment like {{user_id}}"
                );
            }
        }
    }

    #[test]
    fn fill_puts_each_value_in_its_own_segment() {
        assert_eq!(
            fill(HELP_DESK_USER_VERIFY, &["../x"]).unwrap(),
            ["api", "v1", "help-desk", "users", "../x", "verify"]
        );
        assert_eq!(fill(ME, &[]).unwrap(), ["api", "v1", "me"]);
    }

    #[test]
    fn fill_refuses_too_few_or_too_many_values() {
        assert!(fill(DEALER_USERS, &[]).is_err());
        assert!(fill(DEALER_USERS, &["01234", "extra"]).is_err());
        assert!(fill(ME, &["x"]).is_err());
    }
}
