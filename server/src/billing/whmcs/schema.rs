//! What the WHMCS backend uses of the WHMCS database, checked at start-up against
//! `information_schema`: a missing table or column stops the portal with its name,
//! instead of failing later on the first request that needs it. WHMCS's schema has only
//! grown from 8.4 to 8.13, so the check holds across those versions.

use sqlx::MySqlPool;

use crate::billing::{BillingError, BillingResult};

/// Every table the backend reads or writes, with the columns it names.
pub const USED: &[(&str, &[&str])] = &[
    ("tblconfiguration", &["setting", "value"]),
    (
        "tblclients",
        &[
            "id",
            "firstname",
            "lastname",
            "companyname",
            "email",
            "address1",
            "address2",
            "city",
            "state",
            "postcode",
            "country",
            "phonenumber",
            "tax_id",
            "notes",
            "status",
            "language",
            "lastlogin",
            "ip",
            "host",
            "datecreated",
            "emailoptout",
            "marketing_emails_opt_in",
            "email_preferences",
            "cardnum",
            "cardlastfour",
            "bankname",
            "bankcode",
            "bankacct",
            "gatewayid",
            "securityqans",
            "authdata",
            "updated_at",
            "groupid",
        ],
    ),
    ("tblclientgroups", &["id", "groupname"]),
    (
        "tblusers",
        &[
            "id",
            "first_name",
            "last_name",
            "email",
            "password",
            "language",
            "second_factor",
            "second_factor_config",
            "remember_token",
            "reset_token",
            "security_question_answer",
            "last_ip",
            "last_hostname",
            "last_login",
            "email_verified_at",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "tblauthn_account_links",
        &["user_id", "client_id", "contact_id"],
    ),
    ("tbluser_invites", &["email", "client_id"]),
    (
        "tblusers_clients",
        &[
            "auth_user_id",
            "client_id",
            "owner",
            "permissions",
            "last_login",
        ],
    ),
    (
        "tblcontacts",
        &[
            "id",
            "userid",
            "firstname",
            "lastname",
            "companyname",
            "email",
            "address1",
            "address2",
            "city",
            "state",
            "postcode",
            "country",
            "phonenumber",
            "tax_id",
            "updated_at",
        ],
    ),
    (
        "tbladmins",
        &["id", "roleid", "firstname", "lastname", "disabled"],
    ),
    ("mod_privacyportal_settings", &["id", "setting", "value"]),
    ("tblproducts", &["id", "name"]),
    (
        "tblhosting",
        &[
            "id",
            "userid",
            "packageid",
            "regdate",
            "domain",
            "billingcycle",
            "amount",
            "nextduedate",
            "termination_date",
            "domainstatus",
            "username",
            "dedicatedip",
            "notes",
        ],
    ),
    ("tbladdons", &["id", "name"]),
    ("tblhostingconfigoptions", &["id", "relid"]),
    (
        "tblhostingaddons",
        &[
            "id",
            "hostingid",
            "addonid",
            "userid",
            "name",
            "status",
            "regdate",
            "nextduedate",
            "termination_date",
        ],
    ),
    (
        "tbldomains",
        &[
            "id",
            "userid",
            "type",
            "domain",
            "registrar",
            "registrationdate",
            "expirydate",
            "status",
            "idprotection",
            "donotrenew",
        ],
    ),
    (
        "tbldomainsadditionalfields",
        &["id", "domainid", "name", "value"],
    ),
    (
        "tblinvoices",
        &[
            "id",
            "userid",
            "invoicenum",
            "date",
            "duedate",
            "datepaid",
            "total",
            "status",
            "paymentmethod",
        ],
    ),
    (
        "tblinvoiceitems",
        &["id", "invoiceid", "type", "description", "amount"],
    ),
    (
        "mod_invoicedata",
        &["id", "invoiceid", "clientsdetails", "customfields"],
    ),
    (
        "tblaccounts",
        &[
            "id",
            "userid",
            "gateway",
            "date",
            "description",
            "amountin",
            "amountout",
            "fees",
            "transid",
            "invoiceid",
        ],
    ),
    (
        "tbltickets",
        &[
            "id",
            "tid",
            "userid",
            "contactid",
            "requestor_id",
            "name",
            "email",
            "cc",
            "ipaddress",
            "date",
            "title",
            "message",
            "status",
        ],
    ),
    (
        "tblticketreplies",
        &[
            "id",
            "tid",
            "userid",
            "contactid",
            "name",
            "email",
            "date",
            "message",
            "admin",
        ],
    ),
    (
        "tblemails",
        &[
            "id", "userid", "subject", "message", "date", "to", "cc", "bcc",
        ],
    ),
    (
        "tblnotes",
        &[
            "id", "userid", "adminid", "created", "modified", "note", "sticky",
        ],
    ),
    (
        "tblcustomfields",
        &["id", "type", "fieldname", "fieldtype", "fieldoptions"],
    ),
    ("tblcustomfieldsvalues", &["fieldid", "relid", "value"]),
    (
        "tblmarketing_consent",
        &[
            "id",
            "userid",
            "opt_in",
            "admin",
            "ip_address",
            "created_at",
            "updated_at",
        ],
    ),
    (
        "tblactivitylog",
        &[
            "id",
            "date",
            "description",
            "user",
            "userid",
            "user_id",
            "admin_id",
            "ipaddr",
        ],
    ),
    (
        "tblorders",
        &[
            "id",
            "ordernum",
            "userid",
            "date",
            "amount",
            "status",
            "ipaddress",
            "nameservers",
            "fraudmodule",
            "fraudoutput",
            "notes",
        ],
    ),
    (
        "tblquotes",
        &[
            "id",
            "userid",
            "subject",
            "stage",
            "datecreated",
            "total",
            "firstname",
            "lastname",
            "companyname",
            "email",
            "address1",
            "address2",
            "city",
            "state",
            "postcode",
            "country",
            "phonenumber",
            "tax_id",
        ],
    ),
    (
        "mod_privacyportal_logins",
        &["id", "user_id", "client_id", "at", "ip", "user_agent"],
    ),
    (
        "mod_privacyportal_commands",
        &["command_id", "kind", "applied_at"],
    ),
];

/// The `table.column`s of `USED` the database lacks.
pub async fn missing(pool: &MySqlPool) -> BillingResult<Vec<String>> {
    let present: Vec<(String, String)> = sqlx::query_as(
        "SELECT CAST(table_name AS CHAR), CAST(column_name AS CHAR) FROM information_schema.columns \
         WHERE table_schema = DATABASE()",
    )
    .fetch_all(pool)
    .await?;
    let mut missing = Vec::new();
    // What the backend reads, and every column an erasure anonymises, deletes or keeps
    // (`personal_data`), with the tables its deletes reach.
    let erased = super::personal_data::PERSONAL_DATA
        .iter()
        .map(|(table, columns, _)| (*table, *columns));
    let children: [(&str, &[&str]); 6] = [
        (
            "tblcustomfields",
            &["type", "fieldname", "showinvoice", "sortorder"],
        ),
        ("tblpaymethods", &["id", "userid"]),
        ("tblcreditcards", &["pay_method_id"]),
        ("tblbankaccts", &["pay_method_id"]),
        ("tblticketnotes", &["ticketid"]),
        ("tblclients", &["billingcid", "currency", "language"]),
    ];
    for (table, columns) in USED.iter().copied().chain(erased).chain(children) {
        for column in columns {
            if missing.contains(&format!("{table}.{column}")) {
                continue;
            }
            if !present
                .iter()
                .any(|(t, c)| t.eq_ignore_ascii_case(table) && c.eq_ignore_ascii_case(column))
            {
                missing.push(format!("{table}.{column}"));
            }
        }
    }
    Ok(missing)
}

/// Refuses a database that lacks anything the backend uses.
pub async fn check(pool: &MySqlPool) -> BillingResult<()> {
    let missing = missing(pool).await?;
    if missing.is_empty() {
        return Ok(());
    }
    let addon = missing.iter().any(|m| m.starts_with("mod_privacyportal_"));
    Err(BillingError::Data(format!(
        "the WHMCS database lacks {}{}",
        missing.join(", "),
        if addon {
            " (activate the privacyportal addon module in WHMCS: it creates the mod_privacyportal_* tables)"
        } else {
            ""
        }
    )))
}
