//! Every WHMCS table the portal knows, and what an erasure does with each column that can
//! hold a customer's personal data: anonymised, deleted with its row, or kept under a
//! named rule. A test reads the project's WHMCS schema and fails on any table nobody
//! decided about, and on any personal-looking column of a listed table that is not here;
//! another erases a customer and checks every anonymised or deleted column for their
//! values, a query per column.

/// What an erasure does with a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handling {
    /// Overwritten with a placeholder or blanked.
    Anonymised,
    /// Its row is deleted.
    Deleted,
    /// Kept, under this rule (and purged by the retention sweep when it ends).
    Kept(&'static str),
}

use Handling::*;

/// Flags, preferences and dates that say nothing about who someone is.
const FLAGS: &str = "flags, preferences and dates that name no one";

/// (table, columns, what an erasure does with them). A table may have several rows.
pub const PERSONAL_DATA: &[(&str, &[&str], Handling)] = &[
    (
        "tblclients",
        &[
            "firstname",
            "lastname",
            "companyname",
            "email",
            "address1",
            "address2",
            "city",
            "state",
            "postcode",
            "phonenumber",
            "tax_id",
            "notes",
            "ip",
            "host",
            "lastlogin",
            "password",
            "authdata",
            "securityqans",
            "pwresetkey",
            "cardtype",
            "cardlastfour",
            "cardnum",
            "startdate",
            "expdate",
            "issuenumber",
            "bankname",
            "banktype",
            "bankcode",
            "bankacct",
            "gatewayid",
        ],
        Anonymised,
    ),
    (
        "tblclients",
        &["country"],
        Kept("the country alone names no one; tax records need it"),
    ),
    (
        "tblclients",
        &[
            "emailoptout",
            "marketing_emails_opt_in",
            "email_verified",
            "email_preferences",
            "pwresetexpiry",
        ],
        Kept(FLAGS),
    ),
    (
        "tblusers",
        &[
            "email_verification_token_expiry",
            "email_verified_at",
            "reset_token_expiry",
        ],
        Kept(FLAGS),
    ),
    (
        "tblusers",
        &[
            "first_name",
            "last_name",
            "email",
            "password",
            "second_factor",
            "second_factor_config",
            "remember_token",
            "reset_token",
            "security_question_answer",
            "last_ip",
            "last_hostname",
            "email_verification_token",
        ],
        Anonymised,
    ),
    ("tblusers_clients", &["permissions"], Deleted),
    (
        "tblauthn_account_links",
        &["remote_user_id", "metadata"],
        Deleted,
    ),
    (
        "tbluser_invites",
        &["email", "token", "permissions"],
        Deleted,
    ),
    (
        "tblcontacts",
        &[
            "firstname",
            "lastname",
            "companyname",
            "email",
            "address1",
            "address2",
            "city",
            "state",
            "postcode",
            "phonenumber",
            "tax_id",
            "password",
            "pwresetkey",
        ],
        Anonymised,
    ),
    (
        "tblcontacts",
        &["country"],
        Kept("the country alone names no one"),
    ),
    (
        "tblcontacts",
        &[
            "permissions",
            "domainemails",
            "generalemails",
            "invoiceemails",
            "productemails",
            "supportemails",
            "affiliateemails",
            "pwresetexpiry",
        ],
        Kept(FLAGS),
    ),
    (
        "tblhosting",
        &[
            "domain",
            "username",
            "password",
            "notes",
            "dedicatedip",
            "assignedips",
            "domainstatus",
        ],
        Kept("the contract while the service runs; deleted with it after"),
    ),
    (
        "tblhostingaddons",
        &["notes", "name", "hostingid"],
        Kept("the contract while its service runs; deleted with it after"),
    ),
    (
        "tbldomains",
        &["domain", "additionalnotes", "expirydate", "emailforwarding"],
        Kept("registrant data while the domain is registered; deleted after"),
    ),
    (
        "tbldomainsadditionalfields",
        &["value", "name", "domainid"],
        Kept("registrant data while the domain is registered; deleted after"),
    ),
    (
        "tblinvoices",
        &["notes"],
        Kept("bookkeeping law: the accounting year plus five years"),
    ),
    (
        "tblinvoiceitems",
        &["description", "notes"],
        Kept("bookkeeping law: the accounting year plus five years"),
    ),
    (
        "mod_invoicedata",
        &["clientsdetails", "customfields"],
        Kept("bookkeeping law: what the invoice prints, nothing more"),
    ),
    (
        "tblaccounts",
        &["description", "transid"],
        Kept("bookkeeping law: the accounting year plus five years"),
    ),
    (
        "tbltickets",
        &[
            "name",
            "email",
            "cc",
            "ipaddress",
            "title",
            "message",
            "attachment",
        ],
        Anonymised,
    ),
    (
        "tblticketreplies",
        &["name", "email", "message", "attachment"],
        Anonymised,
    ),
    ("tbltickets", &["attachments_removed"], Kept(FLAGS)),
    ("tblticketreplies", &["attachments_removed"], Kept(FLAGS)),
    (
        "tblticketnotes",
        &["message", "attachments", "attachments_removed"],
        Deleted,
    ),
    (
        "tblemails",
        &[
            "subject",
            "message",
            "to",
            "cc",
            "bcc",
            "attachments",
            "message_data",
        ],
        Deleted,
    ),
    ("tblnotes", &["note"], Deleted),
    ("tblcustomfieldsvalues", &["value"], Anonymised),
    ("tblmarketing_consent", &["ip_address"], Anonymised),
    (
        "tblmarketing_consent",
        &["opt_in"],
        Kept("proof of what was agreed, without the IP address"),
    ),
    (
        "tblactivitylog",
        &["description", "user", "ipaddr"],
        Anonymised,
    ),
    (
        "tblorders",
        &[
            "ipaddress",
            "fraudoutput",
            "notes",
            "transfersecret",
            "orderdata",
        ],
        Anonymised,
    ),
    (
        "tblorders",
        &["nameservers", "promovalue", "fraudmodule"],
        Kept("the order is a bookkeeping record; these name no one"),
    ),
    (
        "tblquotes",
        &[
            "firstname",
            "lastname",
            "companyname",
            "email",
            "address1",
            "address2",
            "city",
            "state",
            "postcode",
            "phonenumber",
            "tax_id",
            "proposal",
            "customernotes",
            "adminnotes",
        ],
        Anonymised,
    ),
    (
        "tblquotes",
        &["country", "subject"],
        Kept("the country and the quote's product name no one"),
    ),
    ("tblpaymethods", &["description", "gateway_name"], Deleted),
    (
        "tblcreditcards",
        &["card_type", "last_four", "expiry_date", "card_data"],
        Deleted,
    ),
    (
        "tblbankaccts",
        &["bank_name", "acct_type", "bank_data"],
        Deleted,
    ),
    (
        "mod_privacyportal_logins",
        &["ip", "user_agent"],
        Anonymised,
    ),
];

/// Tables that hold no customer's personal data, and why.
pub const NOT_CUSTOMERS: &[(&str, &str)] = &[
    ("tblconfiguration", "the installation's settings"),
    ("tblclientgroups", "the host's customer groups"),
    ("tbladmins", "staff accounts, not customers'"),
    ("tbladminroles", "staff roles"),
    ("tblproducts", "the host's products"),
    ("tbladdons", "the host's product addons"),
    (
        "tblcustomfields",
        "the fields' definitions; their values are listed",
    ),
    ("tbladdonmodules", "addon settings"),
    ("tbldeviceauth", "API credentials of staff"),
    ("tblapi_roles", "API roles"),
    (
        "tblhostingconfigoptions",
        "a service's option choices, deleted with it",
    ),
    (
        "tblbannedips",
        "addresses banned for a few minutes after failed logins, expiring by themselves",
    ),
    (
        "mod_privacyportal_commands",
        "the ids of the portal's commands",
    ),
    (
        "mod_privacyportal_settings",
        "a view of the addon's settings",
    ),
];

/// Whether a column's name says it may hold personal data.
pub fn looks_personal(column: &str) -> bool {
    const WORDS: &[&str] = &[
        "name",
        "email",
        "address",
        "city",
        "state",
        "postcode",
        "phone",
        "tax_id",
        "ip",
        "host",
        "note",
        "message",
        "title",
        "subject",
        "cc",
        "bcc",
        "to",
        "password",
        "token",
        "secret",
        "card",
        "bank",
        "acct",
        "data",
        "value",
        "remote_user",
        "last_four",
        "expiry",
        "expdate",
        "startdate",
        "issuenumber",
        "signature",
        "details",
        "customfields",
        "answer",
        "qans",
        "description",
        "domain",
        "transid",
        "user_agent",
        "fraud",
        "proposal",
        "attachment",
        "lastlogin",
        "country",
        "permissions",
        "factor",
        "ipaddr",
        "gatewayid",
    ];
    let c = column.to_ascii_lowercase();
    // Whole words of a snake_case name, or a word inside a WHMCS run-together name.
    c.split('_').any(|part| WORDS.contains(&part))
        || WORDS.iter().filter(|w| w.len() > 3).any(|w| c.contains(w))
        || c == "ip"
        || c.ends_with("ip")
        || c.ends_with("ips")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The project's WHMCS 8 fixture schema and the addon's own tables: (table, columns).
    fn schema() -> Vec<(String, Vec<String>)> {
        let sql = [
            include_str!("../../../../tests/whmcs/schema.sql"),
            include_str!("../../../../integrations/whmcs/modules/addons/privacyportal/schema.sql"),
        ]
        .join("\n");
        let mut tables = Vec::new();
        let mut current: Option<(String, Vec<String>)> = None;
        for line in sql.lines() {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("CREATE TABLE ") {
                let rest = rest.trim_start_matches("IF NOT EXISTS ");
                let name = rest.trim_matches(|c| c == '`' || c == '(' || c == ' ');
                let name = name.split(['`', ' ', '(']).next().unwrap_or_default();
                current = Some((name.to_string(), Vec::new()));
            } else if line.starts_with(')') {
                tables.extend(current.take());
            } else if let Some((_, cols)) = current.as_mut() {
                let word = line.trim_start_matches('`');
                let name = word.split(['`', ' ']).next().unwrap_or_default();
                let keyword = [
                    "PRIMARY",
                    "KEY",
                    "UNIQUE",
                    "CONSTRAINT",
                    "INDEX",
                    "FULLTEXT",
                ]
                .contains(&name);
                if !name.is_empty() && !keyword && !name.starts_with("--") {
                    cols.push(name.to_string());
                }
            }
        }
        tables
    }

    #[test]
    fn every_table_and_personal_column_of_the_schema_has_a_decision() {
        let schema = schema();
        assert!(schema.len() > 30, "schema read: {}", schema.len());
        let mut undecided = Vec::new();
        for (table, columns) in &schema {
            let listed = PERSONAL_DATA.iter().any(|(t, _, _)| t == table);
            if NOT_CUSTOMERS.iter().any(|(t, _)| t == table) {
                assert!(!listed, "{table} is both listed and not customers'");
                continue;
            }
            if !listed {
                undecided.push(format!("table {table}"));
                continue;
            }
            for column in columns.iter().filter(|c| looks_personal(c)) {
                if !PERSONAL_DATA
                    .iter()
                    .any(|(t, cols, _)| t == table && cols.contains(&column.as_str()))
                {
                    undecided.push(format!("{table}.{column}"));
                }
            }
        }
        assert!(
            undecided.is_empty(),
            "personal data nobody decided about: {undecided:?}"
        );
        // And nothing listed that the schema does not have.
        for (table, columns, _) in PERSONAL_DATA {
            let (_, have) = schema
                .iter()
                .find(|(t, _)| t == table)
                .unwrap_or_else(|| panic!("{table} is not in the schema"));
            for c in *columns {
                assert!(
                    have.iter().any(|h| h == c),
                    "{table}.{c} is not in the schema"
                );
            }
        }
    }

    #[test]
    fn personal_looking_names_are_caught() {
        for c in [
            "firstname",
            "last_ip",
            "ipaddress",
            "ipaddr",
            "cardlastfour",
            "bankacct",
            "remote_user_id",
            "dedicatedip",
        ] {
            assert!(looks_personal(c), "{c}");
        }
        for c in ["id", "userid", "created_at", "status", "amount", "currency"] {
            assert!(!looks_personal(c), "{c}");
        }
    }
}
