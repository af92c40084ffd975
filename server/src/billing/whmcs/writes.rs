//! Writes to WHMCS, each applied once however often it is tried: its id is recorded in
//! `mod_privacyportal_commands`.
//!
//! - A correction of a login, contact or account and a newsletter change go through
//!   WHMCS's API (`UpdateUser`, `UpdateContact`, `UpdateClient`), so WHMCS's own checks
//!   run and its hooks fire (`ClientEdit` tells the mailing-list addon of an opt-out).
//!   The API is not transactional, so the command is recorded after the call, and a retry
//!   first reads whether the record already holds what the command sets: then it only
//!   records it, without calling again.
//! - The rest (erasure, restriction notes, purges) is direct SQL in one transaction that
//!   also records the id: WHMCS has no API for most of it (see the README).
//!
//! Every write leaves a `tblactivitylog` entry for WHMCS staff saying who asked for it in
//! the portal (WHMCS's own entry names only the API credential's admin).

use portal_domain::api::{AccountDetails, Actor, ContactDetails, Role};
use sqlx::MySqlConnection;

use super::Whmcs;
use super::api::{CallError, flag};
use super::people::{self, PersonKey, language_of, phone_to_whmcs, positive, split_name};
use crate::billing::builtin::ERASED_TEXT;
use crate::billing::{
    Applied, BillingError, BillingResult, Command, CommandAction, RecordKind, RecordRef,
};

/// How an erased person's first and last names are written.
const ERASED_FIRST: &str = "Erased";
const ERASED_LAST: &str = "person";

/// The `user` column of the portal's activity log entries.
const LOG_USER: &str = "Privacy portal";

fn unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

pub async fn apply(whmcs: &Whmcs, command: &Command) -> BillingResult<Applied> {
    if let Some(call) = api_change(&command.action) {
        return through_api(whmcs, command, call).await;
    }
    let mut tx = whmcs.pool.begin().await?;
    set_now(whmcs, &mut tx).await?;
    // Kept invoices print their buyer from the snapshot only while WHMCS keeps them:
    // until it does, the erasure waits (the worker tries again; `/readyz` warns).
    if let CommandAction::ErasePerson {
        anonymise_account: true,
        keep,
        ..
    } = &command.action
        && keep.iter().any(|r| r.kind == RecordKind::Invoice)
        && !super::snapshot::snapshots_on(&mut tx).await?
    {
        return Err(BillingError::Data(super::snapshot::OFF_MESSAGE.into()));
    }
    let before: Option<String> = sqlx::query_scalar(
        "SELECT kind FROM mod_privacyportal_commands WHERE command_id = ? FOR UPDATE",
    )
    .bind(&command.id)
    .fetch_optional(&mut *tx)
    .await?;
    match before.as_deref() {
        Some("abandoned") => return Ok(Applied::Abandoned),
        Some(_) => return Ok(Applied::Done),
        None => {}
    }
    if !apply_action(&mut tx, command).await? {
        return Ok(Applied::StaleRevision);
    }
    let recorded = sqlx::query(
        "INSERT INTO mod_privacyportal_commands (command_id, kind, applied_at) VALUES (?, ?, @portal_now)",
    )
    .bind(&command.id)
    .bind(command.action.kind())
    .execute(&mut *tx)
    .await;
    match recorded {
        // Abandoned (or applied) meanwhile by someone else: this attempt changes nothing.
        Err(e) if unique_violation(&e) => {
            tx.rollback().await?;
            return Box::pin(apply(whmcs, command)).await;
        }
        other => other?,
    };
    tx.commit().await?;
    Ok(Applied::Done)
}

/// Sets `@portal_now`, the time every write of this connection stamps: WHMCS's local
/// time (it writes its date-times in PHP's time zone, not in UTC).
async fn set_now(whmcs: &Whmcs, conn: &mut MySqlConnection) -> BillingResult<()> {
    sqlx::query("SET @portal_now = ?")
        .bind(whmcs.local_now())
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn abandon(whmcs: &Whmcs, command: &Command) -> BillingResult<bool> {
    let command_id = command.id.as_str();
    let pool = &whmcs.pool;
    let mut conn = pool.acquire().await?;
    set_now(whmcs, &mut conn).await?;
    // A call that reached WHMCS before the portal lost track of it: the record holds
    // what the command set, so it was applied and is recorded so.
    if let Some(call) = api_change(&command.action) {
        match plan(whmcs, &mut conn, call).await? {
            Plan::AlreadyThere => {
                record_api_change(whmcs, command, call, true).await?;
                return Ok(true);
            }
            Plan::NotKept => {
                record_api_change(whmcs, command, call, false).await?;
                return Ok(true);
            }
            Plan::Stale | Plan::Call(..) => {}
        }
    }
    let inserted = sqlx::query(
        "INSERT INTO mod_privacyportal_commands (command_id, kind, applied_at) VALUES (?, 'abandoned', @portal_now)",
    )
    .bind(command_id)
    .execute(&mut *conn)
    .await;
    match inserted {
        Ok(_) => Ok(false),
        Err(e) if unique_violation(&e) => {
            let kind: String = sqlx::query_scalar(
                "SELECT kind FROM mod_privacyportal_commands WHERE command_id = ?",
            )
            .bind(command_id)
            .fetch_one(pool)
            .await?;
            Ok(kind != "abandoned")
        }
        Err(e) => Err(e.into()),
    }
}

/// A change WHMCS has an API action for.
#[derive(Clone, Copy)]
enum ApiChange<'a> {
    /// A login's or a contact's own details (`UpdateUser` / `UpdateContact`).
    Person {
        account_id: &'a str,
        person_id: &'a str,
        expected: crate::billing::Revision,
        details: &'a ContactDetails,
    },
    /// The account's details (`UpdateClient`).
    Account {
        account_id: &'a str,
        expected: crate::billing::Revision,
        details: &'a AccountDetails,
    },
    /// The account's marketing consent (`UpdateClient` with `marketingoptin`).
    Marketing {
        account_id: &'a str,
        person_id: &'a str,
        opted_in: bool,
    },
}

fn api_change(action: &CommandAction) -> Option<ApiChange<'_>> {
    match action {
        CommandAction::UpdateContact {
            account_id,
            person_id,
            expected,
            details,
            ..
        } => Some(ApiChange::Person {
            account_id,
            person_id,
            expected: *expected,
            details,
        }),
        CommandAction::UpdateAccount {
            account_id,
            expected,
            details,
            ..
        } => Some(ApiChange::Account {
            account_id,
            expected: *expected,
            details,
        }),
        CommandAction::SetMarketingConsent {
            account_id,
            person_id,
            opted_in,
            ..
        } => Some(ApiChange::Marketing {
            account_id,
            person_id,
            opted_in: *opted_in,
        }),
        _ => None,
    }
}

/// What a change comes to against the record as it is now.
enum Plan {
    /// The record holds what the change sets (applied before, or nothing to change).
    AlreadyThere,
    /// WHMCS keeps nothing this change sets (the newsletter choice of someone who does not
    /// hold the account): only the command is recorded.
    NotKept,
    /// The record changed since the portal read it.
    Stale,
    /// Call this action with these parameters.
    Call(&'static str, Vec<(&'static str, String)>),
}

async fn plan(
    whmcs: &Whmcs,
    conn: &mut MySqlConnection,
    change: ApiChange<'_>,
) -> BillingResult<Plan> {
    match change {
        ApiChange::Person {
            account_id,
            person_id,
            expected,
            details: d,
        } => {
            let (client, key) = key(account_id, person_id)?;
            let Some(current) = people::read(
                conn,
                client,
                key,
                whmcs.default_locale,
                &whmcs.settings.personnummer_fields,
            )
            .await?
            else {
                return Ok(Plan::Stale);
            };
            let (first, last) = split_name(&d.name);
            let c = &current.details;
            let (action, params, there) = match key {
                PersonKey::User(user) => (
                    // https://developers.whmcs.com/api-reference/updateuser/
                    "UpdateUser",
                    vec![
                        ("user_id", user.to_string()),
                        ("firstname", first),
                        ("lastname", last),
                        ("email", d.email.clone()),
                        ("language", language_of(d.language).to_string()),
                    ],
                    c.name == d.name.trim() && c.email == d.email && c.language == d.language,
                ),
                PersonKey::Contact(contact) => (
                    // https://developers.whmcs.com/api-reference/updatecontact/
                    "UpdateContact",
                    vec![
                        ("contactid", contact.to_string()),
                        ("firstname", first),
                        ("lastname", last),
                        ("companyname", d.company.clone()),
                        ("email", d.email.clone()),
                        ("address1", d.street.clone()),
                        ("postcode", d.postal_code.clone()),
                        ("city", d.city.clone()),
                        ("country", d.country.clone()),
                        ("phonenumber", phone_to_whmcs(&d.phone)),
                    ],
                    c.name == d.name.trim()
                        && c.email == d.email
                        && c.company == d.company
                        && c.street == d.street
                        && c.postal_code == d.postal_code
                        && c.city == d.city
                        && c.country == d.country
                        && c.phone == d.phone,
                ),
            };
            Ok(if there {
                Plan::AlreadyThere
            } else if current.revision == expected {
                Plan::Call(action, params)
            } else {
                Plan::Stale
            })
        }
        ApiChange::Account {
            account_id,
            expected,
            details: d,
        } => {
            let client = positive(account_id).ok_or_else(|| no_record(account_id, ""))?;
            let current: Option<people::ClientDetailsRow> = sqlx::query_as(sqlx::AssertSqlSafe(
                format!("{} WHERE id = ?", people::CLIENT_DETAILS_SELECT),
            ))
            .bind(client)
            .fetch_optional(&mut *conn)
            .await?;
            let Some(current) = current else {
                return Ok(Plan::Stale);
            };
            let revision = current.revision();
            if current.into_details() == account_target(d) {
                return Ok(Plan::AlreadyThere);
            }
            if revision != expected {
                return Ok(Plan::Stale);
            }
            let (first, last) = split_name(&d.name);
            // https://developers.whmcs.com/api-reference/updateclient/
            Ok(Plan::Call(
                "UpdateClient",
                vec![
                    ("clientid", client.to_string()),
                    ("firstname", first),
                    ("lastname", last),
                    ("companyname", d.company.clone()),
                    ("email", d.email.clone()),
                    ("phonenumber", phone_to_whmcs(&d.phone)),
                    ("address1", d.street.clone()),
                    ("address2", d.address2.clone()),
                    ("postcode", d.postal_code.clone()),
                    ("city", d.city.clone()),
                    ("state", d.state.clone()),
                    ("country", d.country.clone()),
                ],
            ))
        }
        ApiChange::Marketing {
            account_id,
            person_id,
            opted_in,
        } => {
            let (client, key) = key(account_id, person_id)?;
            // WHMCS keeps marketing consent per client: it is the account holder's, and
            // anyone else's newsletter choice is the portal's alone.
            let owner: Option<i64> = match key {
                PersonKey::User(u) => sqlx::query_scalar(
                    "SELECT CAST(owner AS SIGNED) FROM tblusers_clients WHERE auth_user_id = ? AND client_id = ?",
                )
                .bind(u)
                .bind(client)
                .fetch_optional(&mut *conn)
                .await?,
                PersonKey::Contact(_) => None,
            };
            if owner.unwrap_or(0) == 0 {
                return Ok(Plan::NotKept);
            }
            if whmcs.marketing_opt_in_of(conn, client).await? == Some(opted_in) {
                return Ok(Plan::AlreadyThere);
            }
            // https://developers.whmcs.com/api-reference/updateclient/ (`marketingoptin`
            // records the consent row and fires ClientEdit, which mailing-list addons
            // listen to).
            Ok(Plan::Call(
                "UpdateClient",
                vec![
                    ("clientid", client.to_string()),
                    ("marketingoptin", flag(opted_in)),
                ],
            ))
        }
    }
}

fn no_record(account_id: &str, person_id: &str) -> BillingError {
    BillingError::Data(format!(
        "no WHMCS record for person {person_id} of account {account_id}"
    ))
}

/// Account details as the portal reads them back once WHMCS has stored `d`.
fn account_target(d: &AccountDetails) -> AccountDetails {
    let mut t = d.clone();
    t.name = d.name.trim().to_string();
    t.phone = people::phone_from_whmcs(&phone_to_whmcs(&d.phone));
    t
}

/// Applies a change WHMCS has an API action for: reads the record, calls the action if
/// it is needed, then records the command.
async fn through_api(
    whmcs: &Whmcs,
    command: &Command,
    change: ApiChange<'_>,
) -> BillingResult<Applied> {
    let mut conn = whmcs.pool.acquire().await?;
    let before: Option<String> =
        sqlx::query_scalar("SELECT kind FROM mod_privacyportal_commands WHERE command_id = ?")
            .bind(&command.id)
            .fetch_optional(&mut *conn)
            .await?;
    match before.as_deref() {
        Some("abandoned") => return Ok(Applied::Abandoned),
        Some(_) => return Ok(Applied::Done),
        None => {}
    }
    let mut logged = true;
    match plan(whmcs, &mut conn, change).await? {
        Plan::Stale => return Ok(Applied::StaleRevision),
        Plan::AlreadyThere => {}
        Plan::NotKept => logged = false,
        Plan::Call(action, params) => {
            let api = whmcs.api()?;
            match api.call(action, &params).await {
                Ok(_) => {}
                Err(CallError::Refused(refusal)) => {
                    tracing::info!(command = %command.id, action, code = %refusal.code, "WHMCS refused the change");
                    return Ok(Applied::Refused(refusal));
                }
                Err(CallError::Failed(e)) => return Err(e),
            }
        }
    }
    drop(conn);
    record_api_change(whmcs, command, change, logged).await
}

/// Records an API change as applied, with the portal's line in the activity log, once.
async fn record_api_change(
    whmcs: &Whmcs,
    command: &Command,
    change: ApiChange<'_>,
    logged: bool,
) -> BillingResult<Applied> {
    let mut tx = whmcs.pool.begin().await?;
    set_now(whmcs, &mut tx).await?;
    let inserted = sqlx::query(
        "INSERT INTO mod_privacyportal_commands (command_id, kind, applied_at) VALUES (?, ?, @portal_now)",
    )
    .bind(&command.id)
    .bind(command.action.kind())
    .execute(&mut *tx)
    .await;
    match inserted {
        // Recorded meanwhile (applied by another attempt, or abandoned).
        Err(e) if unique_violation(&e) => {
            tx.rollback().await?;
            return Box::pin(apply(whmcs, command)).await;
        }
        other => other?,
    };
    let (account_id, person_id) = match change {
        ApiChange::Person {
            account_id,
            person_id,
            ..
        }
        | ApiChange::Marketing {
            account_id,
            person_id,
            ..
        } => (account_id, person_id),
        ApiChange::Account { account_id, .. } => (account_id, ""),
    };
    let client = positive(account_id).ok_or_else(|| no_record(account_id, person_id))?;
    let user = PersonKey::parse(person_id).map(user_of).unwrap_or(0);
    let line = match &command.action {
        CommandAction::UpdateContact { fields, actor, .. }
        | CommandAction::UpdateAccount { fields, actor, .. } => {
            let subject = match &command.action {
                CommandAction::UpdateAccount { person_id, .. } => person_id.as_str(),
                _ => person_id,
            };
            format!(
                "Client Profile Modified in the privacy portal - {} - {} - User ID: {client}",
                fields.join(", "),
                by(actor, subject)
            )
        }
        CommandAction::SetMarketingConsent {
            opted_in, actor, ..
        } => format!(
            "{} in the privacy portal - {} - User ID: {client}",
            if *opted_in {
                "Opted In to Marketing Emails"
            } else {
                "Opted Out from Marketing Emails"
            },
            by(actor, person_id)
        ),
        _ => String::new(),
    };
    if logged {
        log(&mut tx, &line, client, user).await?;
    }
    tx.commit().await?;
    Ok(Applied::Done)
}

fn key(account_id: &str, person_id: &str) -> BillingResult<(i64, PersonKey)> {
    match (positive(account_id), PersonKey::parse(person_id)) {
        (Some(c), Some(k)) => Ok((c, k)),
        _ => Err(no_record(account_id, person_id)),
    }
}

/// Who acted, as WHMCS staff read it in the activity log.
fn by(actor: &Actor, subject: &str) -> String {
    match actor.role {
        _ if actor.person_id == subject => "by the person themself".to_string(),
        Role::CompanyAdmin => format!("by their company admin (user {})", actor.person_id),
        Role::Customer => format!("by user {}", actor.person_id),
        Role::Support => format!("by support ({})", actor.person_id),
    }
}

async fn log(
    conn: &mut MySqlConnection,
    description: &str,
    client: i64,
    user: i64,
) -> BillingResult<()> {
    sqlx::query(
        "INSERT INTO tblactivitylog (date, description, user, userid, user_id, admin_id, ipaddr) \
         VALUES (@portal_now, ?, ?, ?, ?, 0, '')",
    )
    .bind(description)
    .bind(LOG_USER)
    .bind(client)
    .bind(user)
    .execute(conn)
    .await?;
    Ok(())
}

fn user_of(key: PersonKey) -> i64 {
    match key {
        PersonKey::User(u) => u,
        PersonKey::Contact(_) => 0,
    }
}

/// `false`: the record changed since the portal read it; nothing was written.
async fn apply_action(conn: &mut MySqlConnection, command: &Command) -> BillingResult<bool> {
    match &command.action {
        // Through WHMCS's API (`through_api`).
        CommandAction::UpdateContact { .. }
        | CommandAction::UpdateAccount { .. }
        | CommandAction::SetMarketingConsent { .. } => {
            return Err(BillingError::Data(format!(
                "command {} goes through WHMCS's API",
                command.id
            )));
        }
        CommandAction::ErasePerson {
            account_id,
            person_id,
            anonymise_account,
            remove,
            keep,
            erased_email,
            actor,
        } => {
            let (client, key) = key(account_id, person_id)?;
            erase(
                conn,
                client,
                key,
                *anonymise_account,
                remove,
                keep,
                erased_email,
            )
            .await?;
            log(
                conn,
                &format!(
                    "Personal data erased in the privacy portal (person {person_id}; records kept under a legal hold: {}) - {} - User ID: {client}",
                    keep.len(),
                    by(actor, person_id)
                ),
                client,
                0,
            )
            .await?;
        }
        CommandAction::MarkRestricted {
            account_id,
            person_id,
            restricted,
            request_id,
        } => {
            let (client, _) = key(account_id, person_id)?;
            let marker = format!("privacy portal request {request_id}");
            if *restricted {
                sqlx::query(
                    "INSERT INTO tblnotes (userid, adminid, created, modified, note, sticky) \
                     VALUES (?, 0, @portal_now, @portal_now, ?, 1)",
                )
                .bind(client)
                .bind(format!(
                    "Processing of the data of person {person_id} is RESTRICTED (GDPR art. 18, {marker}). \
                     Store it, nothing more: do not change their contact details, do not send them marketing, \
                     do not pass their data on. Services are not suspended by this; decide that separately."
                ))
                .execute(&mut *conn)
                .await?;
            } else {
                sqlx::query(
                    "UPDATE tblnotes SET sticky = 0, modified = @portal_now WHERE userid = ? AND note LIKE ?",
                )
                .bind(client)
                .bind(format!("%{marker})%"))
                .execute(&mut *conn)
                .await?;
                sqlx::query(
                    "INSERT INTO tblnotes (userid, adminid, created, modified, note, sticky) \
                     VALUES (?, 0, @portal_now, @portal_now, ?, 0)",
                )
                .bind(client)
                .bind(format!(
                    "The restriction of processing of person {person_id}'s data ({marker}) is lifted."
                ))
                .execute(&mut *conn)
                .await?;
            }
            log(
                conn,
                &format!(
                    "Restriction of processing {} in the privacy portal - {marker} - User ID: {client}",
                    if *restricted { "granted" } else { "lifted" }
                ),
                client,
                0,
            )
            .await?;
        }
        CommandAction::Purge { record } => delete_record(conn, record, None).await?,
        // WHMCS keeps no leads.
        CommandAction::AnonymiseLead { .. } => {}
    }
    Ok(true)
}

/// The erasure of a person, in one WHMCS transaction.
async fn erase(
    conn: &mut MySqlConnection,
    client: i64,
    key: PersonKey,
    anonymise_account: bool,
    remove: &[RecordRef],
    keep: &[RecordRef],
    erased_email: &str,
) -> BillingResult<()> {
    // Names and addresses to strike from free text (activity log descriptions).
    let mut strike: Vec<String> = Vec::new();
    match key {
        PersonKey::User(user) => {
            let row: Option<(String, String, String)> = sqlx::query_as(
                "SELECT first_name, last_name, email FROM tblusers WHERE id = ? FOR UPDATE",
            )
            .bind(user)
            .fetch_optional(&mut *conn)
            .await?;
            if let Some((first, last, email)) = row {
                // An invitation to this client in their name is theirs, and a way in.
                sqlx::query("DELETE FROM tbluser_invites WHERE client_id = ? AND email = ?")
                    .bind(client)
                    .bind(&email)
                    .execute(&mut *conn)
                    .await?;
                strike.push(email);
                strike.push(people::join_name(&first, &last));
            }
            // The erasure is the one filed on this client. An invited user leaves it: the
            // link goes (the owner's stays, a client has one). The login itself is one
            // person's across all their accounts: it is anonymised only when no other
            // client links it, so erasing someone's place on one account never locks
            // them out of another.
            sqlx::query(
                "DELETE FROM tblusers_clients WHERE auth_user_id = ? AND client_id = ? AND owner = 0",
            )
            .bind(user)
            .bind(client)
            .execute(&mut *conn)
            .await?;
            let elsewhere: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM tblusers_clients WHERE auth_user_id = ? AND client_id <> ?",
            )
            .bind(user)
            .bind(client)
            .fetch_one(&mut *conn)
            .await?;
            if elsewhere == 0 {
                sqlx::query(
                    "UPDATE tblusers SET first_name = ?, last_name = ?, email = ?, password = '', second_factor = '', \
                     second_factor_config = NULL, remember_token = '', reset_token = '', security_question_answer = '', \
                     email_verification_token = '', last_ip = '', last_hostname = '', updated_at = @portal_now WHERE id = ?",
                )
                .bind(ERASED_FIRST)
                .bind(ERASED_LAST)
                .bind(erased_email)
                .bind(user)
                .execute(&mut *conn)
                .await?;
                sqlx::query(
                    "UPDATE mod_privacyportal_logins SET ip = '', user_agent = '' WHERE user_id = ?",
                )
                .bind(user)
                .execute(&mut *conn)
                .await?;
                // Sign-in through another provider would log the login in without a
                // password: a way back in, and the provider's id of the person.
                sqlx::query("DELETE FROM tblauthn_account_links WHERE user_id = ?")
                    .bind(user)
                    .execute(&mut *conn)
                    .await?;
            } else {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "UPDATE mod_privacyportal_logins SET ip = '', user_agent = '' WHERE {}",
                    people::LOGINS_OF
                )))
                .bind(user)
                .bind(client)
                .execute(&mut *conn)
                .await?;
            }
        }
        PersonKey::Contact(contact) => {
            // A contact's own sign-in link, from before WHMCS 8 made contacts log-in-less.
            sqlx::query("DELETE FROM tblauthn_account_links WHERE contact_id = ?")
                .bind(contact)
                .execute(&mut *conn)
                .await?;
            let row: Option<(String, String, String)> = sqlx::query_as(
                "SELECT firstname, lastname, email FROM tblcontacts WHERE id = ? AND userid = ? FOR UPDATE",
            )
            .bind(contact)
            .bind(client)
            .fetch_optional(&mut *conn)
            .await?;
            if let Some((first, last, email)) = row {
                strike.push(email);
                strike.push(people::join_name(&first, &last));
            }
            sqlx::query(
                "UPDATE tblcontacts SET firstname = ?, lastname = ?, companyname = '', email = ?, address1 = '', password = '', pwresetkey = '', \
                 address2 = '', city = '', state = '', postcode = '', phonenumber = '', tax_id = '', \
                 updated_at = @portal_now WHERE id = ? AND userid = ?",
            )
            .bind(ERASED_FIRST)
            .bind(ERASED_LAST)
            .bind(erased_email)
            .bind(contact)
            .bind(client)
            .execute(&mut *conn)
            .await?;
        }
    }

    // Support tickets that are the person's on this client (`tickets_of`).
    let (requestor, contact) = match key {
        PersonKey::User(u) => (u, 0),
        PersonKey::Contact(c) => (0, c),
    };
    let whole_account = i64::from(anonymise_account);
    let tickets: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT CAST(id AS SIGNED) FROM tbltickets WHERE {} FOR UPDATE",
        people::tickets_of("")
    )))
    .bind(client)
    .bind(whole_account)
    .bind(requestor)
    .bind(requestor)
    .bind(contact)
    .bind(contact)
    .fetch_all(&mut *conn)
    .await?;
    for t in &tickets {
        sqlx::query(
            "UPDATE tbltickets SET name = '', email = '', cc = '', ipaddress = '', attachment = '', title = ?, message = ? WHERE id = ?",
        )
        .bind(ERASED_TEXT)
        .bind(ERASED_TEXT)
        .bind(t)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "UPDATE tblticketreplies SET name = '', email = '', attachment = '', message = ? WHERE tid = ?",
        )
        .bind(ERASED_TEXT)
        .bind(t)
        .execute(&mut *conn)
        .await?;
        // Staff's notes on the ticket are about the person too. (WHMCS's API has
        // DeleteTicketNote; here it is one statement in the erasure's transaction.)
        sqlx::query("DELETE FROM tblticketnotes WHERE ticketid = ?")
            .bind(t)
            .execute(&mut *conn)
            .await?;
    }
    // What the person wrote in this client's other tickets (someone else's).
    if requestor > 0 || contact > 0 {
        sqlx::query(
            "UPDATE tblticketreplies SET name = '', email = '', attachment = '', message = ? \
             WHERE ((requestor_id = ? AND ? > 0) OR (contactid = ? AND ? > 0)) \
             AND tid IN (SELECT id FROM tbltickets WHERE userid = ?)",
        )
        .bind(ERASED_TEXT)
        .bind(requestor)
        .bind(requestor)
        .bind(contact)
        .bind(contact)
        .bind(client)
        .execute(&mut *conn)
        .await?;
    }

    if anonymise_account {
        // The client's own sign-in links (from before WHMCS 8) and its invitations (the
        // invitees' addresses and the tokens that would let them in) go with it.
        sqlx::query("DELETE FROM tblauthn_account_links WHERE client_id = ?")
            .bind(client)
            .execute(&mut *conn)
            .await?;
        sqlx::query("DELETE FROM tbluser_invites WHERE client_id = ?")
            .bind(client)
            .execute(&mut *conn)
            .await?;
        // The account is the person's own: before its name and address go, every invoice
        // a legal hold keeps gets its buyer snapshot in WHMCS's shape (WHMCS prints the
        // live client row otherwise, so kept invoices would change).
        let kept_invoices: Vec<i64> = keep
            .iter()
            .filter(|r| r.kind == RecordKind::Invoice)
            .filter_map(|r| positive(&r.id))
            .collect();
        super::snapshot::ensure(conn, client, &kept_invoices).await?;
        let buyer: Option<(String, String, String)> = sqlx::query_as(
            "SELECT firstname, lastname, email FROM tblclients WHERE id = ? FOR UPDATE",
        )
        .bind(client)
        .fetch_optional(&mut *conn)
        .await?;
        if let Some((first, last, email)) = &buyer {
            strike.push(email.clone());
            strike.push(people::join_name(first, last));
        }
        sqlx::query(
            "UPDATE tblclients SET firstname = ?, lastname = ?, companyname = '', email = ?, address1 = '', address2 = '', \
             city = '', state = '', postcode = '', phonenumber = '', tax_id = '', notes = '', ip = '', host = '', \
             lastlogin = NULL, cardnum = '', cardlastfour = '', startdate = '', expdate = '', issuenumber = '', \
             bankname = '', banktype = '', bankcode = '', bankacct = '', gatewayid = '', securityqans = '', \
             authdata = '', password = '', pwresetkey = '', updated_at = @portal_now WHERE id = ?",
        )
        .bind(ERASED_FIRST)
        .bind(ERASED_LAST)
        .bind(erased_email)
        .bind(client)
        .execute(&mut *conn)
        .await?;
        // E-mails sent and staff notes are about the customer and nothing else needs them.
        sqlx::query("DELETE FROM tblemails WHERE userid = ?")
            .bind(client)
            .execute(&mut *conn)
            .await?;
        // Stored cards and bank accounts: the details and the gateway's tokens. WHMCS's
        // DeletePayMethod only marks them deleted and keeps the encrypted data, so the
        // rows go here.
        for child in ["tblcreditcards", "tblbankaccts"] {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DELETE FROM {child} WHERE pay_method_id IN (SELECT id FROM tblpaymethods WHERE userid = ?)"
            )))
            .bind(client)
            .execute(&mut *conn)
            .await?;
        }
        sqlx::query("DELETE FROM tblpaymethods WHERE userid = ?")
            .bind(client)
            .execute(&mut *conn)
            .await?;
        sqlx::query("DELETE FROM tblnotes WHERE userid = ?")
            .bind(client)
            .execute(&mut *conn)
            .await?;
        sqlx::query(
            "UPDATE tblorders SET ipaddress = '', fraudoutput = '', notes = '', transfersecret = '', orderdata = '' WHERE userid = ?",
        )
        .bind(client)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "UPDATE tblquotes SET firstname = ?, lastname = ?, companyname = '', email = ?, address1 = '', \
             address2 = '', city = '', state = '', postcode = '', phonenumber = '', tax_id = '', proposal = '', \
             customernotes = '', adminnotes = '' WHERE userid = ?",
        )
        .bind(ERASED_FIRST)
        .bind(ERASED_LAST)
        .bind(erased_email)
        .bind(client)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "UPDATE tblcustomfieldsvalues SET value = '' WHERE relid = ? \
             AND fieldid IN (SELECT id FROM tblcustomfields WHERE type = 'client')",
        )
        .bind(client)
        .execute(&mut *conn)
        .await?;
        // The consent history stays as proof of what was agreed, without the IP address.
        sqlx::query("UPDATE tblmarketing_consent SET ip_address = '' WHERE userid = ?")
            .bind(client)
            .execute(&mut *conn)
            .await?;
    }

    // The activity log: IP addresses go, and the person's name and address are struck
    // from the descriptions; what happened stays for WHMCS staff.
    strike.retain(|s| s.trim().len() >= 3);
    // WHMCS logs a profile change with the old and the new values ("Address 1: 'old' to
    // 'new'"): those entries keep what happened, not what was there.
    let mut set = "ipaddr = '', description = CASE \
        WHEN description LIKE 'Client Profile Modified - %' THEN 'Client Profile Modified - [erased]' \
        WHEN description LIKE 'User Account Modified - %' THEN 'User Account Modified - [erased]' \
        WHEN description LIKE 'Deleted Contact - %' THEN 'Deleted Contact - [erased]' \
        ELSE description END"
        .to_string();
    for _ in &strike {
        set = format!(
            "{set}, description = REPLACE(description, ?, '{ERASED_TEXT}'), user = REPLACE(user, ?, '{ERASED_TEXT}')"
        );
    }
    let sql = format!(
        "UPDATE tblactivitylog SET {set} WHERE {}",
        people::ACTIVITY_OF
    );
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for s in &strike {
        q = q.bind(s).bind(s);
    }
    q.bind(client)
        .bind(whole_account)
        .bind(requestor)
        .bind(requestor)
        .execute(&mut *conn)
        .await?;

    for record in remove {
        delete_record(conn, record, Some(client)).await?;
    }
    Ok(())
}

/// Removes a service, domain or invoice with what hangs off it; `client`, when known,
/// keeps the removal to that client's rows.
async fn delete_record(
    conn: &mut MySqlConnection,
    record: &RecordRef,
    client: Option<i64>,
) -> BillingResult<()> {
    let Some(id) = positive(&record.id) else {
        return Ok(());
    };
    let scope = if client.is_some() {
        " AND userid = ?"
    } else {
        ""
    };
    let (children, table): (&[&str], &str) = match record.kind {
        // What hangs off a record goes with it, as WHMCS's own delete takes it: a service's
        // addons, configurable options and product custom field values; an invoice's items,
        // snapshot and payments (bookkeeping records of the same age).
        RecordKind::Service => (
            &[
                "DELETE FROM tblhostingaddons WHERE hostingid = ?",
                "DELETE FROM tblhostingconfigoptions WHERE relid = ?",
                "DELETE FROM tblcustomfieldsvalues WHERE relid = ? \
                 AND fieldid IN (SELECT id FROM tblcustomfields WHERE type = 'product')",
            ],
            "tblhosting",
        ),
        RecordKind::Domain => (
            &["DELETE FROM tbldomainsadditionalfields WHERE domainid = ?"],
            "tbldomains",
        ),
        RecordKind::Invoice => (
            &[
                "DELETE FROM tblinvoiceitems WHERE invoiceid = ?",
                "DELETE FROM mod_invoicedata WHERE invoiceid = ?",
                "DELETE FROM tblaccounts WHERE invoiceid = ?",
            ],
            "tblinvoices",
        ),
    };
    // Only a record of this client (when known) takes its dependants with it.
    let own: Option<i64> = {
        let mut q = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT CAST(id AS SIGNED) FROM {table} WHERE id = ?{scope}"
        )))
        .bind(id);
        if let Some(c) = client {
            q = q.bind(c);
        }
        q.fetch_optional(&mut *conn).await?
    };
    if own.is_none() {
        return Ok(());
    }
    for sql in children {
        sqlx::query(sqlx::AssertSqlSafe(*sql))
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DELETE FROM {table} WHERE id = ?"
    )))
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
