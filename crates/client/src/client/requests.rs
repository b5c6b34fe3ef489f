//! Registrations, User ID Requests, their review, enrollment and bulk work.

use url::Url;

use super::{Client, ClientError, with_query};
use dealer_api::{
    ApplicationInfo, DealerName, Decision, EmailCodeInput, EmailCodeIssued, EmailCodeRequest,
    EmailConfirmed, Enroll, ImportReport, RegistrationInput, RegistrationReceipt,
    RegistrationStatus, RequestDetail, RequestFilter, RequestForm, RequestNote, RequestPage,
    UserIdAvailability, UserIdCheck,
};
use dealer_api::{RequestId, paths};

/// The header that carries a registrant's status token.
const STATUS_TOKEN: &str = "x-status-token";
/// The header that carries a registrant's email code token, later their proof of email.
const EMAIL_PROOF: &str = "x-email-proof";

/// Every field of `filter` as a query pair; `None` leaves one out.
fn filter_pairs(filter: &RequestFilter) -> [(&'static str, Option<String>); 10] {
    [
        ("state", filter.state.map(|s| s.as_str().to_owned())),
        ("kind", filter.kind.map(|k| k.as_str().to_owned())),
        ("overdue", filter.overdue.map(|o| o.to_string())),
        ("q", filter.q.clone()),
        ("user_id", filter.user_id.clone()),
        ("pdn", filter.pdn.clone()),
        (
            "waiting_on",
            filter.waiting_on.map(|w| w.as_str().to_owned()),
        ),
        ("sort", filter.sort.map(|s| s.as_str().to_owned())),
        ("limit", filter.limit.map(|l| l.to_string())),
        ("after", filter.after.clone()),
    ]
}

/// The pairs of `filter` without those named in `unused` (which that list does not take).
fn pairs_without(filter: &RequestFilter, unused: &[&str]) -> [(&'static str, Option<String>); 10] {
    let mut pairs = filter_pairs(filter);
    for (name, value) in &mut pairs {
        if unused.contains(name) {
            *value = None;
        }
    }
    pairs
}

impl Client {
    fn request_url(&self, template: &'static str, id: RequestId) -> Result<Url, ClientError> {
        self.endpoint(template, &[&id.to_string()])
    }

    /// `GET /api/v1/dealers/{pdn}/name`: the dealership to confirm while registering.
    /// Public. `unknown_pdn` for an unknown or inactive PDN.
    pub async fn dealer_name(&self, pdn: &str) -> Result<DealerName, ClientError> {
        let url = self.endpoint(paths::DEALER_NAME, &[pdn])?;
        self.send(self.http.get(url)).await
    }

    /// `GET /api/v1/applications`: the applications a user can be given. Public.
    pub async fn applications(&self) -> Result<Vec<ApplicationInfo>, ClientError> {
        self.get(paths::APPLICATIONS).await
    }

    /// `POST /api/v1/registrations/email-codes`: mail a code to the email a registrant
    /// registers with. Errors: `unknown_pdn`, `invalid_form`, `rate_limited`,
    /// `mail_unavailable` (the portal sends no mail).
    pub async fn send_email_code(
        &self,
        request: &EmailCodeRequest,
    ) -> Result<EmailCodeIssued, ClientError> {
        let url = self.endpoint(paths::REGISTRATION_EMAIL_CODES, &[])?;
        self.send(self.http.post(url).json(request)).await
    }

    /// `POST /api/v1/registrations/email-codes/confirm`: the code from the mail, with the
    /// token it was sent with; that token is then the proof. `wrong_code` for anything
    /// but a right, live code.
    pub async fn confirm_email_code(
        &self,
        token: &str,
        code: &str,
    ) -> Result<EmailConfirmed, ClientError> {
        let url = self.endpoint(paths::REGISTRATION_EMAIL_CONFIRM, &[])?;
        let body = EmailCodeInput {
            code: code.to_owned(),
        };
        self.send(self.http.post(url).header(EMAIL_PROOF, token).json(&body))
            .await
    }

    /// `POST /api/v1/registrations/user-ids/check` with a proof: is this user ID free?
    pub async fn check_user_id(
        &self,
        proof: &str,
        check: &UserIdCheck,
    ) -> Result<UserIdAvailability, ClientError> {
        let url = self.endpoint(paths::REGISTRATION_USER_ID_CHECK, &[])?;
        self.send(self.http.post(url).header(EMAIL_PROOF, proof).json(check))
            .await
    }

    /// `POST /api/v1/registrations` with a proof of the form's email: "Not registered?".
    /// Errors: `invalid_form` (every problem in `fields`), `user_id_taken` (free ones in
    /// `suggestions`), `email_not_confirmed`.
    pub async fn register(
        &self,
        proof: &str,
        form: &RegistrationInput,
    ) -> Result<RegistrationReceipt, ClientError> {
        let request = self
            .http
            .post(self.endpoint(paths::REGISTRATIONS, &[])?)
            .header(EMAIL_PROOF, proof)
            .json(form);
        self.send(request).await
    }

    /// `GET /api/v1/registrations/{id}` with the status token from the receipt.
    pub async fn registration_status(
        &self,
        id: RequestId,
        status_token: &str,
    ) -> Result<RegistrationStatus, ClientError> {
        let url = self.endpoint(paths::REGISTRATION, &[&id.to_string()])?;
        self.send(self.http.get(url).header(STATUS_TOKEN, status_token))
            .await
    }

    /// `POST /api/v1/registrations/{id}/answer`: answer the reviewer's question.
    pub async fn answer_registration(
        &self,
        id: RequestId,
        status_token: &str,
        note: &str,
    ) -> Result<RegistrationStatus, ClientError> {
        let url = self.endpoint(paths::REGISTRATION_ANSWER, &[&id.to_string()])?;
        let body = RequestNote {
            note: Some(note.to_owned()),
        };
        self.send(
            self.http
                .post(url)
                .header(STATUS_TOKEN, status_token)
                .json(&body),
        )
        .await
    }

    /// `POST /api/v1/registrations/{id}/cancel`: withdraw a registration.
    pub async fn cancel_registration(
        &self,
        id: RequestId,
        status_token: &str,
    ) -> Result<RegistrationStatus, ClientError> {
        let url = self.endpoint(paths::REGISTRATION_CANCEL, &[&id.to_string()])?;
        let body = RequestNote { note: None };
        self.send(
            self.http
                .post(url)
                .header(STATUS_TOKEN, status_token)
                .json(&body),
        )
        .await
    }

    /// `POST /api/v1/requests`: file a User ID Request for my dealership (office
    /// managers). Errors: `invalid_form`, `not_eligible`, `user_id_taken`, `not_found`.
    pub async fn submit_request(
        &self,
        token: &str,
        form: &RequestForm,
    ) -> Result<RequestDetail, ClientError> {
        let request = self
            .authed(reqwest::Method::POST, paths::REQUESTS, token)?
            .json(form);
        self.send(request).await
    }

    /// `GET /api/v1/requests/{id}`: a request with its history.
    pub async fn request(&self, token: &str, id: RequestId) -> Result<RequestDetail, ClientError> {
        let url = self.request_url(paths::REQUEST, id)?;
        self.send(self.authed_at(reqwest::Method::GET, url, token))
            .await
    }

    /// `POST /api/v1/requests/{id}/decision` (reviewers). Errors: `wrong_state`,
    /// `note_required`.
    pub async fn decide(
        &self,
        token: &str,
        id: RequestId,
        decision: &Decision,
    ) -> Result<RequestDetail, ClientError> {
        let url = self.request_url(paths::REQUEST_DECISION, id)?;
        self.send(
            self.authed_at(reqwest::Method::POST, url, token)
                .json(decision),
        )
        .await
    }

    /// `POST /api/v1/requests/{id}/answer`: answer a request that needs information.
    pub async fn answer_request(
        &self,
        token: &str,
        id: RequestId,
        note: &str,
    ) -> Result<RequestDetail, ClientError> {
        let url = self.request_url(paths::REQUEST_ANSWER, id)?;
        let body = RequestNote {
            note: Some(note.to_owned()),
        };
        self.send(
            self.authed_at(reqwest::Method::POST, url, token)
                .json(&body),
        )
        .await
    }

    /// `POST /api/v1/requests/{id}/cancel`: call my request off.
    pub async fn cancel_request(
        &self,
        token: &str,
        id: RequestId,
        note: Option<&str>,
    ) -> Result<RequestDetail, ClientError> {
        let url = self.request_url(paths::REQUEST_CANCEL, id)?;
        let body = RequestNote {
            note: note.map(str::to_owned),
        };
        self.send(
            self.authed_at(reqwest::Method::POST, url, token)
                .json(&body),
        )
        .await
    }

    /// `GET /api/v1/dealers/{pdn}/requests`: my dealership's requests, newest first.
    pub async fn dealer_requests(
        &self,
        token: &str,
        pdn: &str,
        filter: &RequestFilter,
    ) -> Result<RequestPage, ClientError> {
        let mut url = self.endpoint(paths::DEALER_REQUESTS, &[pdn])?;
        // The PDN is in the path; whose turn and the order belong to the queue.
        let pairs = pairs_without(filter, &["pdn", "waiting_on", "sort"]);
        with_query(&mut url, &pairs);
        self.send(self.authed_at(reqwest::Method::GET, url, token))
            .await
    }

    /// `GET /api/v1/review/queue`: the reviewers' queue, oldest due first.
    pub async fn review_queue(
        &self,
        token: &str,
        filter: &RequestFilter,
    ) -> Result<RequestPage, ClientError> {
        let mut url = self.endpoint(paths::REVIEW_QUEUE, &[])?;
        with_query(&mut url, &pairs_without(filter, &["user_id"]));
        self.send(self.authed_at(reqwest::Method::GET, url, token))
            .await
    }

    /// `POST /api/v1/enrollments`: set my password and questions with the code from my
    /// email. Errors: `invalid_enrollment`, `weak_password`, `duplicate_questions`.
    pub async fn enroll(&self, body: &Enroll) -> Result<(), ClientError> {
        let request = self
            .http
            .post(self.endpoint(paths::ENROLLMENTS, &[])?)
            .json(body);
        self.send_raw(request).await.map(drop)
    }

    /// `POST /api/v1/dealers/{pdn}/requests/import`: new-user requests from CSV, one row a
    /// person; the report says what became of each row.
    pub async fn import_requests(
        &self,
        token: &str,
        pdn: &str,
        csv: &str,
    ) -> Result<ImportReport, ClientError> {
        let url = self.endpoint(paths::DEALER_REQUESTS_IMPORT, &[pdn])?;
        let request = self
            .authed_at(reqwest::Method::POST, url, token)
            .header(reqwest::header::CONTENT_TYPE, "text/csv")
            .body(csv.to_owned());
        self.send(request).await
    }

    /// `GET /api/v1/dealers/{pdn}/roster.csv`: my dealership's users as CSV.
    pub async fn roster_csv(&self, token: &str, pdn: &str) -> Result<String, ClientError> {
        let url = self.endpoint(paths::DEALER_ROSTER, &[pdn])?;
        let bytes = self
            .send_raw(self.authed_at(reqwest::Method::GET, url, token))
            .await?;
        String::from_utf8(bytes).map_err(|e| ClientError::Protocol(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dealer_api::{QueueSort, WaitingOn};

    fn query(pairs: &[(&'static str, Option<String>)]) -> String {
        let mut url = Url::parse("https://portal.example.com/").unwrap();
        with_query(&mut url, pairs);
        url.query().unwrap_or_default().to_owned()
    }

    #[test]
    fn each_list_sends_every_filter_it_takes_and_none_it_refuses() {
        let filter = RequestFilter {
            q: Some("chen".into()),
            user_id: Some("achen".into()),
            pdn: Some("01234".into()),
            waiting_on: Some(WaitingOn::Dealership),
            sort: Some(QueueSort::Waiting),
            limit: Some(20),
            ..RequestFilter::default()
        };
        assert_eq!(
            query(&pairs_without(&filter, &["user_id"])),
            "q=chen&pdn=01234&waiting_on=dealership&sort=waiting&limit=20",
            "the queue's whose turn and order reach the portal (they once did not)"
        );
        assert_eq!(
            query(&pairs_without(&filter, &["pdn", "waiting_on", "sort"])),
            "q=chen&user_id=achen&limit=20",
            "the manager's list takes one person, never a PDN (it is in the path) nor the \
             queue's filters, which it would refuse"
        );
    }
}
