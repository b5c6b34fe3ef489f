//! Access reviews (issue 17): a dealership's review, the office manager's decisions, the
//! finish, its CSV evidence, and the provider's side (open now, completion).

use super::{Client, ClientError, with_query};
use dealer_api::{
    AccessDecision, AccessReview, AccessReviewPerson, AccessReviewSummary, FinishedAccessReview,
    OpenAccessReviews, OpenedAccessReviews, ReviewCompletion, paths,
};

impl Client {
    /// `GET /api/v1/dealers/{pdn}/access-reviews`: the dealership's reviews, newest first.
    pub async fn access_reviews(
        &self,
        token: &str,
        pdn: &str,
    ) -> Result<Vec<AccessReviewSummary>, ClientError> {
        let url = self.endpoint(paths::DEALER_ACCESS_REVIEWS, &[pdn])?;
        self.send(self.authed_at(reqwest::Method::GET, url, token))
            .await
    }

    /// `GET /api/v1/dealers/{pdn}/access-reviews/{id}`: a review with its people.
    pub async fn access_review(
        &self,
        token: &str,
        pdn: &str,
        id: i64,
    ) -> Result<AccessReview, ClientError> {
        let url = self.endpoint(paths::DEALER_ACCESS_REVIEW, &[pdn, &id.to_string()])?;
        self.send(self.authed_at(reqwest::Method::GET, url, token))
            .await
    }

    /// `PUT /api/v1/dealers/{pdn}/access-reviews/{id}/people/{user_id}`: decide on one
    /// person (replacing an earlier decision until the review is finished).
    pub async fn decide_access(
        &self,
        token: &str,
        pdn: &str,
        id: i64,
        user_id: &str,
        decision: &AccessDecision,
    ) -> Result<AccessReviewPerson, ClientError> {
        let url = self.endpoint(
            paths::DEALER_ACCESS_REVIEW_PERSON,
            &[pdn, &id.to_string(), user_id],
        )?;
        let request = self
            .authed_at(reqwest::Method::PUT, url, token)
            .json(decision);
        self.send(request).await
    }

    /// `POST /api/v1/dealers/{pdn}/access-reviews/{id}/finish`: finish, filing the
    /// removals and deactivations decided.
    pub async fn finish_access_review(
        &self,
        token: &str,
        pdn: &str,
        id: i64,
    ) -> Result<FinishedAccessReview, ClientError> {
        let url = self.endpoint(paths::DEALER_ACCESS_REVIEW_FINISH, &[pdn, &id.to_string()])?;
        self.send(self.authed_at(reqwest::Method::POST, url, token))
            .await
    }

    /// `GET /api/v1/dealers/{pdn}/access-reviews/{id}/report.csv`: the review's evidence.
    pub async fn access_review_report_csv(
        &self,
        token: &str,
        pdn: &str,
        id: i64,
    ) -> Result<String, ClientError> {
        let url = self.endpoint(paths::DEALER_ACCESS_REVIEW_REPORT, &[pdn, &id.to_string()])?;
        let bytes = self
            .send_raw(self.authed_at(reqwest::Method::GET, url, token))
            .await?;
        String::from_utf8(bytes).map_err(|e| ClientError::Protocol(e.to_string()))
    }

    /// `GET /api/v1/dealers/{pdn}/access-reviews/{id}/report.pdf`: the review's printable
    /// report.
    pub async fn access_review_report_pdf(
        &self,
        token: &str,
        pdn: &str,
        id: i64,
    ) -> Result<Vec<u8>, ClientError> {
        let url = self.endpoint(
            paths::DEALER_ACCESS_REVIEW_REPORT_PDF,
            &[pdn, &id.to_string()],
        )?;
        self.send_raw(self.authed_at(reqwest::Method::GET, url, token))
            .await
    }

    /// `POST /api/v1/admin/access-reviews`: open a review now for `pdn`, or for every open
    /// dealership (provider admins).
    pub async fn open_access_reviews(
        &self,
        token: &str,
        pdn: Option<&str>,
    ) -> Result<OpenedAccessReviews, ClientError> {
        let body = OpenAccessReviews {
            pdn: pdn.map(str::to_owned),
        };
        let request = self
            .authed(reqwest::Method::POST, paths::ADMIN_ACCESS_REVIEWS, token)?
            .json(&body);
        self.send(request).await
    }

    /// `GET /api/v1/admin/access-reviews[?completion=&pdn=]`: reviews across dealerships
    /// (provider admins and reviewers).
    pub async fn access_reviews_across(
        &self,
        token: &str,
        completion: Option<ReviewCompletion>,
        pdn: Option<&str>,
    ) -> Result<Vec<AccessReviewSummary>, ClientError> {
        let mut url = self.endpoint(paths::ADMIN_ACCESS_REVIEWS, &[])?;
        let completion = completion.map(|c| {
            match c {
                ReviewCompletion::Open => "open",
                ReviewCompletion::Overdue => "overdue",
                ReviewCompletion::Finished => "finished",
            }
            .to_owned()
        });
        with_query(
            &mut url,
            &[("completion", completion), ("pdn", pdn.map(str::to_owned))],
        );
        self.send(self.authed_at(reqwest::Method::GET, url, token))
            .await
    }
}
