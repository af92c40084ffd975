//! What erasure keeps, under which rule and until when. Erasure is usually partial:
//! personal data nothing else needs is anonymised at once, while records under a legal
//! hold (invoices under the bookkeeping law, registrant data of a registered domain, the
//! contract of an active service) are kept until their date and purged by the retention
//! sweep. This module is pure: the caller brings the records and today's date.

use portal_domain::LocalizedText;
use portal_domain::api::{DataCategory, ErasedItem, ErasurePreview, HeldRecord};
use time::{Date, Month};

use crate::billing::{Holdings, RecordGroup, RecordKind, RecordRef, ServiceStatus};
use crate::config::operator::Retention;

/// Everything the preview needs to know about one person.
pub struct PersonHoldings<'a> {
    /// What the billing system holds (services and invoices only for the account holder).
    pub billing: &'a Holdings,
    pub newsletter: bool,
    pub consent_entries: u64,
    pub has_personnummer: bool,
}

impl PersonHoldings<'_> {
    /// Whether the same login belongs to other accounts, which an erasure here leaves.
    pub fn login_used_elsewhere(&self) -> bool {
        self.billing.other_accounts > 0
    }

    /// Whether a domain of the account is still registered (only its holder sees them).
    pub fn domain_registered(&self) -> bool {
        self.billing.domains.iter().any(|d| d.registered)
    }
}

/// The last day an invoice issued on `issued` is kept: the end of its accounting year
/// (calendar year) plus `years`.
pub fn invoice_kept_until(issued: Date, years: u32) -> Date {
    Date::from_calendar_date(issued.year() + years as i32, Month::December, 31)
        .expect("31 December exists")
}

fn text(nb: &str, sv: &str, en: &str) -> LocalizedText {
    LocalizedText {
        nb: nb.into(),
        sv: sv.into(),
        en: en.into(),
    }
}

/// Why a record is held back from erasure; the retention ledger stores its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldRule {
    /// Bookkeeping law: until the end of the accounting year plus `invoice_years`.
    Invoice,
    /// Registrant data: while the domain is registered.
    Domain,
    /// An active service: while the contract runs.
    Contract,
}

impl HoldRule {
    pub fn key(self) -> &'static str {
        match self {
            HoldRule::Invoice => "invoice",
            HoldRule::Domain => "domain",
            HoldRule::Contract => "contract",
        }
    }
    pub fn parse(key: &str) -> Option<HoldRule> {
        [HoldRule::Invoice, HoldRule::Domain, HoldRule::Contract]
            .into_iter()
            .find(|r| r.key() == key)
    }
}

/// One record a legal hold keeps, as the ledger records it and the person is shown it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalHold {
    pub record: RecordRef,
    pub rule: HoldRule,
    pub shown: HeldRecord,
}

/// What erasing a person does today: the preview they are shown, the records held (one
/// ledger row each) and the records no rule keeps any more, which go at once. The preview
/// and the execution both come from here, so what was promised is what is done.
pub struct ErasurePlan {
    pub preview: ErasurePreview,
    pub holds: Vec<LegalHold>,
    pub remove_now: Vec<RecordRef>,
}

/// What erasure does with one group of the billing system's other records, as the person
/// is told it.
fn group_text(group: RecordGroup) -> LocalizedText {
    match group {
        RecordGroup::Logins => text(
            "Innlogginger: IP-adresser og nettlesere",
            "Inloggningar: IP-adresser och webbläsare",
            "Logins: IP addresses and browsers",
        ),
        RecordGroup::Tickets => text(
            "Innholdet i supportsaker",
            "Innehållet i supportärenden",
            "Contents of support tickets",
        ),
        RecordGroup::Emails => text(
            "E-poster vi har sendt deg",
            "E-post vi har skickat till dig",
            "E-mails we sent you",
        ),
        RecordGroup::ActivityLog => text(
            "Aktivitetslogg: hva som ble gjort og fra hvilken IP-adresse",
            "Aktivitetslogg: vad som gjordes och från vilken IP-adress",
            "Activity log: what was done and from which IP address",
        ),
        RecordGroup::StaffNotes => text(
            "Notater våre ansatte har skrevet om deg",
            "Anteckningar vår personal har skrivit om dig",
            "Notes our staff wrote about you",
        ),
        RecordGroup::Orders => text(
            "Bestillinger: IP-adresser og svindelkontroll",
            "Beställningar: IP-adresser och bedrägerikontroll",
            "Orders: IP addresses and fraud checks",
        ),
        RecordGroup::Quotes => text(
            "Tilbud: navn og adresse",
            "Offerter: namn och adress",
            "Quotes: name and address",
        ),
        RecordGroup::MarketingConsents => text(
            "Samtykkehistorikk for markedsføring: IP-adressene (selve historikken beholdes som bevis)",
            "Samtyckeshistorik för marknadsföring: IP-adresserna (själva historiken behålls som bevis)",
            "Marketing consent history: the IP addresses (the history itself is kept as proof)",
        ),
    }
}

fn record(kind: RecordKind, id: &str) -> RecordRef {
    RecordRef {
        kind,
        id: id.to_string(),
    }
}

pub fn erasure_preview(h: &PersonHoldings<'_>, rules: &Retention, today: Date) -> ErasurePreview {
    erasure_plan(h, rules, today).preview
}

pub fn erasure_plan(h: &PersonHoldings<'_>, rules: &Retention, today: Date) -> ErasurePlan {
    let mut remove_now = Vec::new();
    let mut erase_now = vec![
        ErasedItem {
            category: DataCategory::Identification,
            what: if h.has_personnummer {
                text(
                    "Navn og personnummer (anonymiseres)",
                    "Namn och personnummer (anonymiseras)",
                    "Name and personal identity number (anonymised)",
                )
            } else {
                text(
                    "Navn (anonymiseres)",
                    "Namn (anonymiseras)",
                    "Name (anonymised)",
                )
            },
            records: 1,
        },
        ErasedItem {
            category: DataCategory::Contact,
            what: text(
                "E-post, telefon, adresse og firma (anonymiseres)",
                "E-post, telefon, adress och företag (anonymiseras)",
                "E-mail, phone, address and company (anonymised)",
            ),
            records: 1,
        },
    ];
    let b = h.billing;
    for (group, records) in b
        .records
        .iter()
        .filter(|(g, n)| *n > 0 && *g != RecordGroup::MarketingConsents)
    {
        erase_now.push(ErasedItem {
            category: group.category(),
            what: group_text(*group),
            records: *records,
        });
    }
    if h.newsletter {
        erase_now.push(ErasedItem {
            category: DataCategory::Marketing,
            what: text("Nyhetsbrevabonnementet (en sperre beholdes så du ikke får markedsføring igjen)", "Prenumerationen på nyhetsbrevet (en spärr behålls så att du inte får marknadsföring igen)", "The newsletter subscription (a suppression entry is kept so you get no marketing again)"),
            records: 1,
        });
    }
    if h.consent_entries > 0 {
        erase_now.push(ErasedItem {
            category: DataCategory::Consents,
            what: text(
                "Samtykker og reservasjoner",
                "Samtycken och invändningar",
                "Consents and objections",
            ),
            records: h.consent_entries,
        });
    }
    let consents = b.count(RecordGroup::MarketingConsents);
    if consents > 0 {
        erase_now.push(ErasedItem {
            category: DataCategory::Consents,
            what: group_text(RecordGroup::MarketingConsents),
            records: consents,
        });
    }

    let mut holds = Vec::new();
    let ended = b
        .services
        .iter()
        .filter(|s| s.status == ServiceStatus::Ended)
        .inspect(|s| remove_now.push(record(RecordKind::Service, &s.id)))
        .count() as u64;
    if ended > 0 {
        erase_now.push(ErasedItem {
            category: DataCategory::CustomerRelationship,
            what: text(
                "Avsluttede tjenester",
                "Avslutade tjänster",
                "Ended services",
            ),
            records: ended,
        });
    }
    for s in b
        .services
        .iter()
        .filter(|s| s.status != ServiceStatus::Ended)
    {
        holds.push(LegalHold {
            record: record(RecordKind::Service, &s.id),
            rule: HoldRule::Contract,
            shown: HeldRecord {
            category: DataCategory::CustomerRelationship,
            record: text(&format!("Tjeneste: {}", s.product), &format!("Tjänst: {}", s.product), &format!("Service: {}", s.product)),
            rule: text(
                "Tjenesten er aktiv og fortsetter til avtalen sies opp eller utløper. Kundeforholdet (konto og tjenester) slettes først når avtalen er avsluttet; resten slettes nå.",
                "Tjänsten är aktiv och fortsätter tills avtalet sägs upp eller löper ut. Kundförhållandet (konto och tjänster) raderas först när avtalet har avslutats; resten raderas nu.",
                "The service is active and keeps running until its contract is ended or runs out. The customer relationship (account and services) is erased only once the contract has ended; the rest is erased now.",
            ),
            until: None,
            },
        });
    }
    for d in &b.domains {
        match d.expires_on {
            Some(until) if d.registered && until >= today => holds.push(LegalHold {
                record: record(RecordKind::Domain, &d.id),
                rule: HoldRule::Domain,
                shown: HeldRecord {
                    category: DataCategory::CustomerRelationship,
                    record: text(
                        &format!("Domene {}", d.domain),
                        &format!("Domän {}", d.domain),
                        &format!("Domain {}", d.domain),
                    ),
                    rule: rules.domain_rule.clone(),
                    until: Some(until),
                },
            }),
            _ => {
                remove_now.push(record(RecordKind::Domain, &d.id));
                erase_now.push(ErasedItem {
                    category: DataCategory::CustomerRelationship,
                    what: text(
                        &format!("Utløpt domene {}", d.domain),
                        &format!("Utgången domän {}", d.domain),
                        &format!("Expired domain {}", d.domain),
                    ),
                    records: 1,
                })
            }
        }
    }
    {
        let mut past_retention = 0;
        for inv in &b.invoices {
            let Some(issued) = inv.issued_on else {
                continue;
            };
            let until = invoice_kept_until(issued, rules.invoice_years);
            if until >= today {
                holds.push(LegalHold {
                    record: record(RecordKind::Invoice, &inv.id),
                    rule: HoldRule::Invoice,
                    shown: HeldRecord {
                        category: DataCategory::CustomerRelationship,
                        record: text(
                            &format!("Faktura {}", inv.number),
                            &format!("Faktura {}", inv.number),
                            &format!("Invoice {}", inv.number),
                        ),
                        rule: rules.invoice_rule.clone(),
                        until: Some(until),
                    },
                });
            } else {
                remove_now.push(record(RecordKind::Invoice, &inv.id));
                past_retention += 1;
            }
        }
        if past_retention > 0 {
            erase_now.push(ErasedItem {
                category: DataCategory::CustomerRelationship,
                what: text(
                    "Fakturaer der oppbevaringsplikten er utløpt",
                    "Fakturor där lagringsplikten har löpt ut",
                    "Invoices past their retention period",
                ),
                records: past_retention,
            });
        }
    }
    // Dated holds first, soonest first; open-ended ones (an active contract) last.
    holds.sort_by_key(|k| (k.shown.until.is_none(), k.shown.until));
    ErasurePlan {
        preview: ErasurePreview {
            erase_now,
            // A running contract is no legal hold: it is shown apart, as what it is.
            contracts: holds
                .iter()
                .filter(|h| h.rule == HoldRule::Contract)
                .map(|h| h.shown.clone())
                .collect(),
            keep: holds
                .iter()
                .filter(|h| h.rule != HoldRule::Contract)
                .map(|h| h.shown.clone())
                .collect(),
            erasure_days: rules.erasure_days,
            backup_retention_days: rules.backup_days,
            login_used_elsewhere: h.login_used_elsewhere(),
            account_kept_for_domain: h.domain_registered(),
        },
        holds,
        remove_now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::billing::{Domain, Invoice, Service};
    use portal_domain::parse_iso_date;
    use time::macros::date;

    fn rules(years: u32) -> Retention {
        let t = LocalizedText::same("rule");
        Retention {
            erasure_days: 30,
            backup_days: 180,
            invoice_years: years,
            invoice_rule: t.clone(),
            domain_rule: t.clone(),
            customer_years_after_last_service: 3,
            customer_rule: t,
            lead_months: 6,
        }
    }

    fn invoice(number: &str, issued: &str) -> Invoice {
        Invoice {
            id: number.into(),
            number: number.into(),
            issued_on: parse_iso_date(issued),
            amount_minor: 100,
            currency: "NOK".into(),
            status: "paid".into(),
        }
    }

    #[test]
    fn invoices_are_kept_until_the_end_of_their_accounting_year_plus_the_rule() {
        assert_eq!(
            invoice_kept_until(date!(2026 - 01 - 05), 5),
            date!(2031 - 12 - 31)
        );
        assert_eq!(
            invoice_kept_until(date!(2026 - 12 - 31), 7),
            date!(2033 - 12 - 31)
        );
    }

    #[test]
    fn preview_keeps_what_the_law_holds_and_erases_the_rest() {
        let billing = Holdings {
            invoices: vec![
                invoice("2026-1", "2026-02-01"),
                invoice("2023-1", "2023-02-01"),
                invoice("2019-1", "2019-02-01"),
            ],
            domains: vec![Domain {
                id: "d".into(),
                domain: "kari.no".into(),
                registered_on: parse_iso_date("2020-01-01"),
                expires_on: parse_iso_date("2027-03-01"),
                registered: true,
            }],
            services: vec![Service {
                id: "s".into(),
                product: "Web".into(),
                status: ServiceStatus::Active,
                started_on: parse_iso_date("2020-01-01"),
                ended_on: None,
            }],
            records: vec![(RecordGroup::Logins, 50), (RecordGroup::Tickets, 1)],
            other_accounts: 0,
        };
        let h = PersonHoldings {
            billing: &billing,
            newsletter: true,
            consent_entries: 2,
            has_personnummer: false,
        };
        let p = erasure_preview(&h, &rules(5), date!(2026 - 11 - 21));
        assert!(!p.login_used_elsewhere);
        let until: Vec<_> = p.keep.iter().map(|k| k.until).collect();
        assert_eq!(
            until,
            [
                Some(date!(2027 - 03 - 01)),
                Some(date!(2028 - 12 - 31)),
                Some(date!(2031 - 12 - 31)),
            ]
        );
        // The running service is shown apart from the legal holds, without a date.
        assert_eq!(p.contracts.len(), 1);
        assert_eq!(p.contracts[0].until, None);
        assert!(p.contracts[0].rule.en.contains("keeps running"));
        // The 2019 invoice's five years ended on 31 December 2024: erased now.
        let past = p
            .erase_now
            .iter()
            .find(|e| e.what.en.contains("past their retention"))
            .unwrap();
        assert_eq!(past.records, 1);
        assert!(
            p.erase_now
                .iter()
                .any(|e| e.category == DataCategory::History && e.records == 50)
        );

        // Seven years in Sweden: the 2019 invoice is still held, until 2026-12-31.
        let p = erasure_preview(&h, &rules(7), date!(2026 - 11 - 21));
        assert!(
            p.keep
                .iter()
                .any(|k| k.until == Some(date!(2026 - 12 - 31)))
        );
    }

    #[test]
    fn a_domain_the_registry_no_longer_has_is_not_held() {
        let billing = Holdings {
            domains: vec![Domain {
                id: "d".into(),
                domain: "old.no".into(),
                registered_on: parse_iso_date("2020-01-01"),
                expires_on: parse_iso_date("2030-03-01"),
                registered: false,
            }],
            ..Holdings::default()
        };
        let h = PersonHoldings {
            billing: &billing,
            newsletter: false,
            consent_entries: 0,
            has_personnummer: false,
        };
        let plan = erasure_plan(&h, &rules(5), date!(2026 - 11 - 21));
        assert!(plan.holds.is_empty());
        assert_eq!(
            plan.remove_now,
            [RecordRef {
                kind: RecordKind::Domain,
                id: "d".into()
            }]
        );
    }
}
