//! Who may do what: the portal's access roles and the account states a user moves through.

crate::text_enum! {
    /// A portal access role. `staff` and `office_manager` belong to one dealership (PDN);
    /// `reviewer` and `help_desk` are the provider's own people and belong to none.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[derive(ts_rs::TS)]
    #[ts(export)]
    pub enum AccessRole {
        Staff = "staff",
        OfficeManager = "office_manager",
        Reviewer = "reviewer",
        HelpDesk = "help_desk",
        /// The provider's administrators: bring dealerships on, invite their office
        /// managers, change roles, manage the provider's own people.
        ProviderAdmin = "provider_admin",
    }
}

impl AccessRole {
    /// Dealership roles carry a PDN; provider roles never do.
    pub fn belongs_to_dealership(self) -> bool {
        matches!(self, AccessRole::Staff | AccessRole::OfficeManager)
    }
}

crate::text_enum! {
    /// The state of a user ID, as far as signing in is concerned.
    ///
    /// `Locked` and `Inactive` are separate on purpose: a lock is lifted by the help desk, an
    /// inactive ID only by a reactivation request, and a deactivated one never by either.
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[derive(ts_rs::TS)]
    #[ts(export)]
    pub enum AccountState {
        /// Registered or requested, awaiting review: cannot sign in yet.
        Pending = "pending",
        Active = "active",
        /// Too many failed attempts; only the help desk unlocks.
        Locked = "locked",
        /// No successful sign-in for the inactivity period; only a reactivation request helps.
        Inactive = "inactive",
        /// The person left or access was ended.
        Deactivated = "deactivated",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_roles_round_trip_through_their_wire_names() {
        for role in AccessRole::ALL {
            assert_eq!(role.as_str().parse::<AccessRole>(), Ok(role));
            let json = serde_json::to_string(&role).unwrap();
            assert_eq!(
                json,
                format!("\"{}\"", role.as_str()),
                "serde and as_str agree"
            );
        }
        assert!(
            "admin".parse::<AccessRole>().is_err(),
            "no role exists beyond the five"
        );
    }

    #[test]
    fn only_staff_and_office_managers_belong_to_a_dealership() {
        assert!(AccessRole::Staff.belongs_to_dealership());
        assert!(AccessRole::OfficeManager.belongs_to_dealership());
        assert!(!AccessRole::Reviewer.belongs_to_dealership());
        assert!(!AccessRole::HelpDesk.belongs_to_dealership());
        assert!(!AccessRole::ProviderAdmin.belongs_to_dealership());
    }
}
