//! Which recipients receive a person's data (GDPR art. 13–15, 19): a recipient applies to
//! a person only when its condition in the operator's configuration holds for them (a
//! purpose active, a domain under its top-level domains, a service of its kind). The
//! overview, the "passed on" list and the recipients' tasks all ask here.

use crate::config::operator::{OperatorConfig, RecipientCondition};

/// What the conditions look at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonFacts {
    /// Keys of the purposes active for the person.
    pub active_purposes: Vec<String>,
    /// Their domains (`kari-nordmann.no`).
    pub domains: Vec<String>,
    /// The product names of their services.
    pub products: Vec<String>,
}

fn tld(domain: &str) -> String {
    domain
        .trim()
        .trim_end_matches('.')
        .rsplit('.')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn under(tlds: &[String], domain: &str) -> bool {
    let t = tld(domain);
    tlds.iter()
        .any(|x| x.trim_start_matches('.').eq_ignore_ascii_case(&t))
}

/// Whether a recipient with condition `when` receives the data of a person with `facts`.
pub fn applies(when: Option<&RecipientCondition>, facts: &PersonFacts) -> bool {
    let Some(w) = when else { return true };
    if let Some(p) = &w.purpose
        && !facts.active_purposes.contains(p)
    {
        return false;
    }
    if !w.domains_under.is_empty() && !facts.domains.iter().any(|d| under(&w.domains_under, d)) {
        return false;
    }
    if !w.domains_not_under.is_empty()
        && !facts
            .domains
            .iter()
            .any(|d| !under(&w.domains_not_under, d))
    {
        return false;
    }
    if !w.products.is_empty()
        && !facts.products.iter().any(|p| {
            let p = p.to_lowercase();
            w.products.iter().any(|x| p.contains(&x.to_lowercase()))
        })
    {
        return false;
    }
    true
}

/// The keys of the recipients that apply to a person with `facts`.
pub fn applicable(operator: &OperatorConfig, facts: &PersonFacts) -> Vec<String> {
    operator
        .recipients
        .iter()
        .filter(|r| applies(r.when.as_ref(), facts))
        .map(|r| r.key.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> PersonFacts {
        PersonFacts {
            active_purposes: vec!["usage_analysis".into()],
            domains: vec!["kari-nordmann.no".into()],
            products: vec!["Webhotell Medium".into()],
        }
    }

    fn cond(f: impl FnOnce(&mut RecipientCondition)) -> RecipientCondition {
        let mut c = RecipientCondition::default();
        f(&mut c);
        c
    }

    #[test]
    fn no_condition_always_applies() {
        assert!(applies(None, &PersonFacts::default()));
    }

    #[test]
    fn a_purpose_condition_needs_the_purpose_active() {
        assert!(applies(
            Some(&cond(|c| c.purpose = Some("usage_analysis".into()))),
            &facts()
        ));
        assert!(!applies(
            Some(&cond(|c| c.purpose = Some("profile_pictures".into()))),
            &facts()
        ));
    }

    #[test]
    fn registries_apply_by_the_person_s_domains() {
        let norid = cond(|c| c.domains_under = vec!["no".into()]);
        let others = cond(|c| c.domains_not_under = vec!["no".into()]);
        assert!(applies(Some(&norid), &facts()));
        assert!(!applies(Some(&others), &facts()));
        let mut both = facts();
        both.domains.push("anna.SE".into());
        assert!(applies(Some(&others), &both));
        assert!(!applies(Some(&norid), &PersonFacts::default()));
        assert!(!applies(Some(&others), &PersonFacts::default()));
    }

    #[test]
    fn a_product_condition_matches_part_of_the_name() {
        assert!(applies(
            Some(&cond(|c| c.products = vec!["webhotell".into()])),
            &facts()
        ));
        assert!(!applies(
            Some(&cond(|c| c.products = vec!["VPS".into()])),
            &facts()
        ));
    }
}
