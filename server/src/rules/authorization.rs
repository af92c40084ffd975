//! Who may act for whom. Deny by default: a rule not written here does not exist.

use portal_domain::api::Role;

/// Whether a caller in `role`, who is `caller_person` of `caller_account`, may see and
/// change the personal data of `person` of `account`.
///
/// A customer reaches only themself. A company admin reaches the persons registered under
/// their company account, themself included: the company is the controller of its
/// employees' data (seed 003, section 11). Support reaches no one through the self-service
/// routes: their console has its own.
pub fn may_act_for(
    role: Role,
    caller_person: &str,
    caller_account: &str,
    person: &str,
    account: &str,
) -> bool {
    match role {
        Role::Customer => person == caller_person && account == caller_account,
        Role::CompanyAdmin => account == caller_account,
        Role::Support => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_reaches_exactly_its_own() {
        assert!(may_act_for(Role::Customer, "1", "A", "1", "A"));
        assert!(!may_act_for(Role::Customer, "1", "A", "2", "A"));
        assert!(!may_act_for(Role::Customer, "1", "A", "1", "B"));
        assert!(may_act_for(Role::CompanyAdmin, "1", "A", "2", "A"));
        assert!(!may_act_for(Role::CompanyAdmin, "1", "A", "2", "B"));
        assert!(!may_act_for(Role::Support, "1", "A", "1", "A"));
    }
}
