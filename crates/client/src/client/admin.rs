//! The provider admin's work: dealerships, invitations, roles and the provider's people.

use dealer_api::paths;
use dealer_api::{
    AccessRole, DealershipInput, DealershipPage, DealershipSummary, InvitationInput, Invited,
    OnboardingReport, PersonSummary, RoleChangeInput, StaffInvitationInput, UnlockApproval,
};
use reqwest::Method;

use super::{Client, ClientError, with_query};

impl Client {
    /// `GET /api/v1/admin/dealerships[?q=&limit=&offset=]`: dealerships by name.
    pub async fn admin_dealerships(
        &self,
        token: &str,
        q: Option<&str>,
        limit: Option<u32>,
        offset: Option<u32>,
    ) -> Result<DealershipPage, ClientError> {
        let mut url = self.endpoint(paths::ADMIN_DEALERSHIPS, &[])?;
        let pairs = [
            ("q", q.map(str::to_owned)),
            ("limit", limit.map(|l| l.to_string())),
            ("offset", offset.map(|o| o.to_string())),
        ];
        with_query(&mut url, &pairs);
        self.send(self.authed_at(Method::GET, url, token)).await
    }

    /// `POST /api/v1/admin/dealerships`: `conflict` for a PDN that exists.
    pub async fn admin_create_dealership(
        &self,
        token: &str,
        input: &DealershipInput,
    ) -> Result<DealershipSummary, ClientError> {
        let url = self.endpoint(paths::ADMIN_DEALERSHIPS, &[])?;
        self.send(self.authed_at(Method::POST, url, token).json(input))
            .await
    }

    /// `GET /api/v1/admin/dealerships/{pdn}`.
    pub async fn admin_dealership(
        &self,
        token: &str,
        pdn: &str,
    ) -> Result<DealershipSummary, ClientError> {
        let url = self.endpoint(paths::ADMIN_DEALERSHIP, &[pdn])?;
        self.send(self.authed_at(Method::GET, url, token)).await
    }

    /// `PUT /api/v1/admin/dealerships/{pdn}`: name, address, phone.
    pub async fn admin_change_dealership(
        &self,
        token: &str,
        pdn: &str,
        input: &DealershipInput,
    ) -> Result<DealershipSummary, ClientError> {
        let url = self.endpoint(paths::ADMIN_DEALERSHIP, &[pdn])?;
        self.send(self.authed_at(Method::PUT, url, token).json(input))
            .await
    }

    /// `POST /api/v1/admin/dealerships/{pdn}/close` (`open` false) or `/reopen`.
    pub async fn admin_set_dealership_open(
        &self,
        token: &str,
        pdn: &str,
        open: bool,
    ) -> Result<DealershipSummary, ClientError> {
        let template = if open {
            paths::ADMIN_DEALERSHIP_REOPEN
        } else {
            paths::ADMIN_DEALERSHIP_CLOSE
        };
        let url = self.endpoint(template, &[pdn])?;
        self.send(self.authed_at(Method::POST, url, token)).await
    }

    /// `GET /api/v1/admin/dealerships/{pdn}/people`.
    pub async fn admin_dealership_people(
        &self,
        token: &str,
        pdn: &str,
    ) -> Result<Vec<PersonSummary>, ClientError> {
        let url = self.endpoint(paths::ADMIN_DEALERSHIP_PEOPLE, &[pdn])?;
        self.send(self.authed_at(Method::GET, url, token)).await
    }

    /// `POST /api/v1/admin/dealerships/{pdn}/office-managers`: the code goes by mail.
    pub async fn admin_invite_office_manager(
        &self,
        token: &str,
        pdn: &str,
        input: &InvitationInput,
    ) -> Result<Invited, ClientError> {
        let url = self.endpoint(paths::ADMIN_OFFICE_MANAGERS, &[pdn])?;
        self.send(self.authed_at(Method::POST, url, token).json(input))
            .await
    }

    /// `PUT /api/v1/admin/users/{user_id}/role`: `last_office_manager` when refused.
    pub async fn admin_change_role(
        &self,
        token: &str,
        user_id: &str,
        role: AccessRole,
    ) -> Result<PersonSummary, ClientError> {
        let url = self.endpoint(paths::ADMIN_USER_ROLE, &[user_id])?;
        self.send(
            self.authed_at(Method::PUT, url, token)
                .json(&RoleChangeInput { role }),
        )
        .await
    }

    /// `GET /api/v1/admin/staff`: the provider's own people.
    pub async fn admin_staff(&self, token: &str) -> Result<Vec<PersonSummary>, ClientError> {
        let url = self.endpoint(paths::ADMIN_STAFF, &[])?;
        self.send(self.authed_at(Method::GET, url, token)).await
    }

    /// `POST /api/v1/admin/staff`: invite a reviewer, help-desk agent or provider admin.
    pub async fn admin_invite_staff(
        &self,
        token: &str,
        input: &StaffInvitationInput,
    ) -> Result<Invited, ClientError> {
        let url = self.endpoint(paths::ADMIN_STAFF, &[])?;
        self.send(self.authed_at(Method::POST, url, token).json(input))
            .await
    }

    /// `POST /api/v1/admin/staff/{user_id}/deactivate` (`active` false) or `/reactivate`.
    pub async fn admin_set_staff_active(
        &self,
        token: &str,
        user_id: &str,
        active: bool,
    ) -> Result<PersonSummary, ClientError> {
        let template = if active {
            paths::ADMIN_STAFF_REACTIVATE
        } else {
            paths::ADMIN_STAFF_DEACTIVATE
        };
        let url = self.endpoint(template, &[user_id])?;
        self.send(self.authed_at(Method::POST, url, token)).await
    }

    /// `POST /api/v1/admin/dealerships/import`: dealerships and their office managers from a
    /// CSV file's text; the report says what became of each row.
    pub async fn admin_import_dealerships(
        &self,
        token: &str,
        csv: &str,
    ) -> Result<OnboardingReport, ClientError> {
        let url = self.endpoint(paths::ADMIN_DEALERSHIPS_IMPORT, &[])?;
        let request = self
            .authed_at(Method::POST, url, token)
            .header(reqwest::header::CONTENT_TYPE, "text/csv")
            .body(csv.to_owned());
        self.send(request).await
    }

    /// `GET /api/v1/admin/unlock-approvals`: the help desk's unlocks of provider staff
    /// waiting for a second provider admin.
    pub async fn admin_unlock_approvals(
        &self,
        token: &str,
    ) -> Result<Vec<UnlockApproval>, ClientError> {
        let url = self.endpoint(paths::ADMIN_UNLOCK_APPROVALS, &[])?;
        self.send(self.authed_at(Method::GET, url, token)).await
    }

    /// `POST /api/v1/admin/unlock-approvals/{id}/approve`: never my own request or account.
    pub async fn admin_approve_unlock(&self, token: &str, id: i64) -> Result<(), ClientError> {
        let url = self.endpoint(paths::ADMIN_UNLOCK_APPROVE, &[&id.to_string()])?;
        self.send_raw(self.authed_at(Method::POST, url, token))
            .await
            .map(drop)
    }
}
