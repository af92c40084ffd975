//! The billing port's contract, one suite for every backend: the built-in store (on the
//! portal's database of the run, SQLite or Postgres) and WHMCS (on MariaDB). Each backend
//! brings a fixture naming the same kinds of people in its own data; the checks are the
//! same.

use portal_domain::api::{AccountKind, Actor, ContactDetails, DataCategory, Role};
use portal_server::billing::export::ExportWriter;
use portal_server::billing::{
    Account, Applied, Billing, Command, CommandAction, Holdings, Page, Person, RecordGroup,
    RecordKind, RecordRef, RecordState, Revision,
};
use portal_tests::TestApp;
use portal_tests::whmcs::WhmcsDb;

/// The same roles, in a backend's own data.
struct Fixture {
    private_account: &'static str,
    private_person: &'static str,
    company_account: &'static str,
    company_admin: &'static str,
    employee: &'static str,
    /// A person of another company.
    stranger_account: &'static str,
    stranger: &'static str,
    staff: &'static str,
    not_staff: &'static str,
    /// A part of the private person's e-mail address, in another case.
    email_part: &'static str,
    /// The private person's invoice past every retention period, and one still held.
    old_invoice: &'static str,
    held_invoice: &'static str,
    /// A user invited to the private person's account (not its owner), with a ticket
    /// of their own filed there.
    invited: &'static str,
    /// What the private account holds that only its holder may see: the street, the
    /// subject of the holder's ticket.
    holder_street: &'static str,
    holder_ticket: &'static str,
    invited_ticket: &'static str,
    /// A person who owns a private account and is invited to the company account, with
    /// a ticket filed on the company account.
    two_accounts: &'static str,
    own_account: &'static str,
}

const BUILTIN: Fixture = Fixture {
    private_account: "A100",
    private_person: "1001",
    company_account: "A200",
    company_admin: "2001",
    employee: "2002",
    stranger_account: "A400",
    stranger: "4002",
    staff: "S1",
    not_staff: "1001",
    email_part: "NORDMANN@EXAMPLE",
    old_invoice: "I102",
    held_invoice: "I100",
    invited: "1002",
    holder_street: "Storgata 1",
    holder_ticket: "Flytting av domene",
    invited_ticket: "Faktura-PDF for regnskapet",
    two_accounts: "3001",
    own_account: "A300",
};

const WHMCS: Fixture = Fixture {
    private_account: "1",
    private_person: "1",
    company_account: "2",
    company_admin: "2",
    employee: "3",
    stranger_account: "4",
    stranger: "7",
    staff: "admin-1",
    not_staff: "admin-2",
    email_part: "NORDMANN@EXAMPLE",
    old_invoice: "1",
    held_invoice: "3",
    invited: "8",
    holder_street: "Storgata 1",
    holder_ticket: "Spørsmål om faktura",
    invited_ticket: "Faktura-PDF for regnskapet",
    two_accounts: "5",
    own_account: "3",
};

fn actor(person: &str) -> Actor {
    Actor {
        person_id: person.into(),
        role: Role::Customer,
    }
}

fn command(action: CommandAction) -> Command {
    Command {
        id: uuid::Uuid::new_v4().to_string(),
        created_at: 1_800_000_000,
        action,
    }
}

fn correction(f: &Fixture, expected: Revision, details: &ContactDetails) -> Command {
    command(CommandAction::UpdateContact {
        account_id: f.private_account.into(),
        person_id: f.private_person.into(),
        expected,
        details: details.clone(),
        fields: vec!["city".into()],
        actor: actor(f.private_person),
    })
}

/// The whole export of `person` of `account`, as one JSON text.
async fn export_text(b: &dyn Billing, person: &Person, account: &Account) -> String {
    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    let mut w = ExportWriter::new(tx);
    let mut source = b.export(person, account).await.unwrap();
    w.begin_document();
    for c in DataCategory::ALL {
        w.begin_object(c.key());
        source.write(c, &mut w).await.unwrap();
        w.end().await.unwrap();
    }
    w.end().await.unwrap();
    w.flush().await.unwrap();
    drop(w);
    drop(source);
    let mut body = Vec::new();
    while let Some(chunk) = rx.recv().await {
        body.extend_from_slice(&chunk.unwrap());
    }
    String::from_utf8(body).unwrap()
}

/// Every page of every category the person may read, as one text.
async fn records_text(b: &dyn Billing, person: &Person, account: &Account) -> String {
    let mut all = Vec::new();
    for c in DataCategory::ALL {
        let page = Page {
            section: None,
            offset: 0,
            limit: 500,
        };
        for section in b.records(person, account, c, &page).await.unwrap() {
            all.push(format!("{} {:?}", section.key, section.rows));
        }
    }
    all.join("\n")
}

/// A user invited to someone's private account holds their own login and what they filed
/// there, never the holder's records; their erasure never touches the holder's.
async fn invited_user_on_a_private_account(b: &dyn Billing, f: &Fixture) {
    let private = b.account(f.private_account).await.unwrap().unwrap();
    let holder = b
        .person(f.private_account, f.private_person)
        .await
        .unwrap()
        .unwrap();
    let invited = b
        .person(f.private_account, f.invited)
        .await
        .unwrap()
        .expect("the invited user");
    assert!(!invited.is_admin && !invited.holds(&private));
    assert!(holder.holds(&private));

    let h = b.holdings(&invited, &private).await.unwrap();
    assert!(h.services.is_empty() && h.invoices.is_empty() && h.domains.is_empty());
    for group in [
        RecordGroup::Emails,
        RecordGroup::StaffNotes,
        RecordGroup::Orders,
        RecordGroup::Quotes,
        RecordGroup::MarketingConsents,
    ] {
        assert_eq!(h.count(group), 0, "{group:?}");
    }
    assert_eq!(h.count(RecordGroup::Tickets), 1);
    assert_eq!(b.marketing_opt_in(&invited, &private).await.unwrap(), None);

    let export = export_text(b, &invited, &private).await;
    let records = records_text(b, &invited, &private).await;
    for (what, text) in [("export", &export), ("records", &records)] {
        for secret in [f.holder_street, holder.email(), f.holder_ticket, "+47"] {
            assert!(!text.contains(secret), "{what} holds {secret}: {text}");
        }
        assert!(text.contains(f.invited_ticket), "{what}: {text}");
    }
    // The holder's view has the holder's ticket, not the invited user's.
    let records = records_text(b, &holder, &private).await;
    assert!(records.contains(f.holder_ticket), "{records}");
    assert!(!records.contains(f.invited_ticket), "{records}");
    let held_tickets = b
        .holdings(&holder, &private)
        .await
        .unwrap()
        .count(RecordGroup::Tickets);

    // The invited user's erasure, filed on the private account, leaves the holder whole.
    let erase = command(CommandAction::ErasePerson {
        account_id: f.private_account.into(),
        person_id: f.invited.into(),
        anonymise_account: false,
        remove: vec![],
        keep: vec![],
        erased_email: format!("erased-{}@erased.invalid", f.invited),
        actor: actor("S1"),
    });
    assert_eq!(b.apply(&erase).await.unwrap(), Applied::Done);
    let after = b
        .person(f.private_account, f.private_person)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.details, holder.details);
    assert_eq!(
        b.account(f.private_account).await.unwrap(),
        Some(private.clone())
    );
    let h = b.holdings(&after, &private).await.unwrap();
    assert_eq!(h.count(RecordGroup::Tickets), held_tickets);
    let records = records_text(b, &after, &private).await;
    assert!(records.contains(f.holder_ticket), "{records}");
}

/// The subject of the ticket the person with two accounts filed on the company account.
const COMPANY_TICKET: &str = "Tilgang til Nordlys sitt webhotell";

/// One person, two accounts: each account sees only what is its own, and an erasure
/// filed on the one she is invited to leaves her own account and her login whole.
async fn one_person_on_two_accounts(b: &dyn Billing, f: &Fixture) {
    let own = b.account(f.own_account).await.unwrap().unwrap();
    let company = b.account(f.company_account).await.unwrap().unwrap();
    let owner = b
        .person(f.own_account, f.two_accounts)
        .await
        .unwrap()
        .expect("on her own account");
    let invited = b
        .person(f.company_account, f.two_accounts)
        .await
        .unwrap()
        .expect("on the company account");
    assert!(owner.holds(&own) && !invited.holds(&company));
    // The read every request starts with finds her on either account, as herself there.
    for (account, person) in [(&own, &owner), (&company, &invited)] {
        let found = b
            .person_with_account(&account.id, f.two_accounts)
            .await
            .unwrap();
        assert_eq!(found, Some((person.clone(), account.clone())));
    }
    assert_eq!(invited.account_id, f.company_account);
    let people = b.people_of_account(f.company_account).await.unwrap();
    assert!(
        people
            .iter()
            .any(|p| p.id == f.two_accounts && !p.is_admin && p.account_id == f.company_account),
        "{people:?}"
    );
    assert_eq!(people.iter().filter(|p| p.is_admin).count(), 1);

    let on_company = records_text(b, &invited, &company).await;
    let on_own = records_text(b, &owner, &own).await;
    assert!(on_company.contains(COMPANY_TICKET), "{on_company}");
    assert!(!on_own.contains(COMPANY_TICKET), "{on_own}");
    assert!(!export_text(b, &owner, &own).await.contains(COMPANY_TICKET));
    assert_eq!(
        b.holdings(&invited, &company)
            .await
            .unwrap()
            .count(RecordGroup::Tickets),
        1
    );
    let own_holdings = b.holdings(&owner, &own).await.unwrap();
    // Each account knows the login is used elsewhere, and nothing of where.
    assert_eq!(own_holdings.other_accounts, 1);
    assert_eq!(
        b.holdings(&invited, &company).await.unwrap().other_accounts,
        1
    );

    // Erased on the company account: she leaves it; her own account and login stay.
    let erase = command(CommandAction::ErasePerson {
        account_id: f.company_account.into(),
        person_id: f.two_accounts.into(),
        anonymise_account: false,
        remove: vec![],
        keep: vec![],
        erased_email: format!("erased-{}@erased.invalid", f.two_accounts),
        actor: actor("S1"),
    });
    assert_eq!(b.apply(&erase).await.unwrap(), Applied::Done);
    assert_eq!(
        b.person(f.company_account, f.two_accounts).await.unwrap(),
        None
    );
    let after = b
        .person(f.own_account, f.two_accounts)
        .await
        .unwrap()
        .expect("still on her own account");
    assert_eq!(after.details, owner.details);
    assert!(after.holds(&own));
    let after_holdings = b.holdings(&after, &own).await.unwrap();
    assert_eq!(after_holdings.other_accounts, 0);
    assert_eq!(
        Holdings {
            other_accounts: 1,
            ..after_holdings
        },
        own_holdings
    );
    assert!(
        !b.people_of_account(f.company_account)
            .await
            .unwrap()
            .iter()
            .any(|p| p.id == f.two_accounts)
    );
}

async fn contract(b: &dyn Billing, f: &Fixture) {
    // Who is who.
    let kari = b
        .person(f.private_account, f.private_person)
        .await
        .unwrap()
        .expect("the private customer");
    assert!(
        kari.email()
            .to_lowercase()
            .contains(&f.email_part.to_lowercase())
    );
    assert!(
        b.person(f.company_account, f.private_person)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        b.person(f.private_account, "999999")
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        b.person(f.private_account, "not an id")
            .await
            .unwrap()
            .is_none()
    );
    let private = b.account(f.private_account).await.unwrap().unwrap();
    let company = b.account(f.company_account).await.unwrap().unwrap();
    assert_eq!(private.kind, AccountKind::Private);
    assert_eq!(company.kind, AccountKind::Company);
    assert!(kari.holds(&private));
    let admin = b
        .person(f.company_account, f.company_admin)
        .await
        .unwrap()
        .unwrap();
    let employee = b
        .person(f.company_account, f.employee)
        .await
        .unwrap()
        .unwrap();
    assert!(admin.is_admin && !employee.is_admin);
    assert!(
        b.person(f.company_account, f.stranger)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        b.person(f.stranger_account, f.stranger)
            .await
            .unwrap()
            .is_some()
    );

    // Invoices and services are the account holder's, never an employee's.
    let h = b.holdings(&employee, &company).await.unwrap();
    assert!(h.invoices.is_empty() && h.services.is_empty());
    let h = b.holdings(&admin, &company).await.unwrap();
    assert!(!h.invoices.is_empty());
    let h = b.holdings(&kari, &private).await.unwrap();
    assert!(h.invoices.iter().any(|i| i.id == f.old_invoice));
    assert!(h.invoices.iter().any(|i| i.id == f.held_invoice));
    assert!(h.invoices.iter().all(|i| i.issued_on.is_some()));

    // Lists and lookups.
    let people = b.people_of_account(f.company_account).await.unwrap();
    assert!(people.iter().any(|p| p.id == f.company_admin && p.is_admin));
    assert!(people.iter().any(|p| p.id == f.employee && !p.is_admin));
    assert_eq!(people.iter().filter(|p| p.is_admin).count(), 1);
    assert!(!people.iter().any(|p| p.id == f.stranger));
    let briefs = b
        .persons_by_id(&[f.private_person.into(), f.employee.into(), "nobody".into()])
        .await
        .unwrap();
    assert_eq!(briefs.len(), 2);
    assert!(
        briefs
            .iter()
            .any(|p| p.id == f.private_person && p.name == kari.name())
    );
    let names = b
        .account_names(&[f.company_account.into(), "nobody".into()])
        .await
        .unwrap();
    assert_eq!(
        names,
        [(f.company_account.to_string(), company.name.clone())]
    );
    let found = b.search_persons(f.email_part, 50).await.unwrap();
    assert!(found.contains(&f.private_person.to_string()), "{found:?}");
    assert!(
        b.search_persons("zz%_no such", 50)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(b.staff(f.staff).await.unwrap().is_some());
    assert!(b.staff(f.not_staff).await.unwrap().is_none());

    // The export: every category's records, as members of a JSON object.
    let body = export_text(b, &kari, &private).await;
    let doc: serde_json::Value = serde_json::from_str(&body).expect("the export is JSON");
    assert!(doc["customer_relationship"]["invoices"].is_array());

    // A correction: applied once, however often it is tried.
    let mut details = kari.details.clone();
    details.name = "Kari Hamar".into();
    let fix = correction(f, kari.revision, &details);
    assert_eq!(b.apply(&fix).await.unwrap(), Applied::Done);
    let after = b
        .person(f.private_account, f.private_person)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(after.details.name, "Kari Hamar");
    assert_ne!(after.revision, kari.revision);
    assert_eq!(b.apply(&fix).await.unwrap(), Applied::Done);
    let again = b
        .person(f.private_account, f.private_person)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.revision, after.revision);
    // A stale revision changes nothing.
    details.name = "Kari Gjøvik".into();
    let stale = correction(f, kari.revision, &details);
    assert_eq!(b.apply(&stale).await.unwrap(), Applied::StaleRevision);
    let unchanged = b
        .person(f.private_account, f.private_person)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(unchanged.details.name, "Kari Hamar");
    // An abandoned command is never applied; an applied one cannot be abandoned.
    let late = correction(f, after.revision, &details);
    assert!(!b.abandon(&late).await.unwrap());
    assert_eq!(b.apply(&late).await.unwrap(), Applied::Abandoned);
    assert!(b.abandon(&fix).await.unwrap());
    let unchanged = b
        .person(f.private_account, f.private_person)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(unchanged.details.name, "Kari Hamar");

    // The account's own details are apart from the login: correcting them (phone, second
    // address line, state) leaves the login's name and e-mail as they were, and the
    // account's name and billing e-mail as they were too.
    let login = unchanged;
    let (account, revision) = b
        .account_details(f.private_account)
        .await
        .unwrap()
        .expect("the account's details");
    assert_eq!(account.street, f.holder_street);
    assert!(b.account_details("999999").await.unwrap().is_none());
    let mut moved = account.clone();
    moved.phone = "+4799887766".into();
    moved.address2 = "Leilighet H0301".into();
    moved.state = "Innlandet".into();
    let fix = command(CommandAction::UpdateAccount {
        account_id: f.private_account.into(),
        person_id: f.private_person.into(),
        expected: revision,
        details: moved.clone(),
        fields: vec!["phone".into(), "address2".into(), "state".into()],
        actor: actor(f.private_person),
    });
    assert_eq!(b.apply(&fix).await.unwrap(), Applied::Done);
    assert_eq!(b.apply(&fix).await.unwrap(), Applied::Done);
    let (now, revised) = b.account_details(f.private_account).await.unwrap().unwrap();
    assert_eq!(now, moved);
    assert_eq!(
        (now.name.as_str(), now.email.as_str()),
        (account.name.as_str(), account.email.as_str())
    );
    assert_ne!(revised, revision);
    let same_login = b
        .person(f.private_account, f.private_person)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (same_login.name(), same_login.email()),
        (login.name(), login.email())
    );
    // The login's correction left the account's name alone, and the other way round.
    assert_ne!(now.name, "Kari Hamar");
    let stale = command(CommandAction::UpdateAccount {
        account_id: f.private_account.into(),
        person_id: f.private_person.into(),
        expected: revision,
        details: account.clone(),
        fields: vec!["phone".into()],
        actor: actor(f.private_person),
    });
    assert_eq!(b.apply(&stale).await.unwrap(), Applied::StaleRevision);
    assert_eq!(
        b.account_details(f.private_account)
            .await
            .unwrap()
            .unwrap()
            .0,
        moved
    );

    // An erasure: the person is anonymised, the old invoice goes, the held one stays.
    let remove = vec![RecordRef {
        kind: RecordKind::Invoice,
        id: f.old_invoice.into(),
    }];
    let keep = vec![RecordRef {
        kind: RecordKind::Invoice,
        id: f.held_invoice.into(),
    }];
    let erase = command(CommandAction::ErasePerson {
        account_id: f.private_account.into(),
        person_id: f.private_person.into(),
        anonymise_account: true,
        remove: remove.clone(),
        keep: keep.clone(),
        erased_email: format!("erased-{}@erased.invalid", f.private_person),
        actor: actor("S1"),
    });
    assert_eq!(b.apply(&erase).await.unwrap(), Applied::Done);
    assert_eq!(b.apply(&erase).await.unwrap(), Applied::Done);
    let erased = b
        .person(f.private_account, f.private_person)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(erased.name(), "Erased person");
    assert!(erased.email().ends_with("@erased.invalid"));
    assert!(erased.details.phone.is_empty() && erased.details.street.is_empty());
    // The account was the person's own: its details go too.
    let (gone, _) = b.account_details(f.private_account).await.unwrap().unwrap();
    assert!(
        gone.phone.is_empty()
            && gone.street.is_empty()
            && gone.address2.is_empty()
            && gone.state.is_empty(),
        "{gone:?}"
    );
    assert!(!gone.name.contains("Nordmann"), "{gone:?}");
    assert_eq!(b.record(&remove[0]).await.unwrap(), RecordState::Gone);
    assert!(matches!(
        b.record(&keep[0]).await.unwrap(),
        RecordState::Invoice(_)
    ));
    assert_eq!(
        b.record(&RecordRef {
            kind: RecordKind::Domain,
            id: "999999".into()
        })
        .await
        .unwrap(),
        RecordState::Gone
    );
}

#[tokio::test]
async fn the_builtin_store_keeps_the_billing_contract() {
    let app = TestApp::spawn().await;
    for sql in [
        "INSERT INTO billing_person_accounts (person_id, account_id, is_owner, created_at) \
         VALUES ('3001', 'A200', 0, 0)",
        "INSERT INTO billing_tickets (id, person_id, account_id, opened_at, subject, body, status) \
         VALUES ('T301', '3001', 'A200', 0, 'Tilgang til Nordlys sitt webhotell', 'Hej! Anna', 'open')",
        "INSERT INTO billing_persons (id, account_id, is_account_admin, name, email, language, created_at) \
         VALUES ('1002', 'A100', 0, 'Eva Lund', 'eva.lund@example.no', 'nb', 0)",
        "INSERT INTO billing_tickets (id, person_id, opened_at, subject, body, status) \
         VALUES ('T102', '1002', 0, 'Faktura-PDF for regnskapet', 'Kan jeg få fakturaene som PDF? Eva', 'open')",
    ] {
        sqlx::query(sql).execute(&app.db).await.unwrap();
    }
    invited_user_on_a_private_account(app.state.billing.as_ref(), &BUILTIN).await;
    one_person_on_two_accounts(app.state.billing.as_ref(), &BUILTIN).await;
    contract(app.state.billing.as_ref(), &BUILTIN).await;
}

#[tokio::test]
async fn the_whmcs_backend_keeps_the_billing_contract() {
    let whmcs = WhmcsDb::create().await;
    whmcs.keep_invoice_snapshots().await;
    // Eva (user 8), invited to Kari's private client 1, files a ticket there, and her
    // user does something on client 1 and on client 4, where she is invited too.
    whmcs
        .exec(
            "INSERT INTO tbltickets (id, tid, did, userid, contactid, requestor_id, name, email, cc, c, ipaddress, \
             date, title, message, status, urgency, admin, attachment, lastreply, flag, clientunread, adminunread, \
             replyingadmin, replyingtime, service, merged_ticket_id, editor, updated_at) VALUES \
             (3, '551234', 1, 1, 0, 8, '', '', '', 'Ev81aaaa', '192.0.2.80', NOW(), 'Faktura-PDF for regnskapet', \
             'Kan jeg få fakturaene som PDF? Eva', 'Open', 'Low', '', '', NOW(), 0, 0, '', 0, \
             '0000-00-00 00:00:00', '', 0, 'markdown', NOW())",
        )
        .await;
    whmcs
        .exec(
            "INSERT INTO tblactivitylog (id, date, description, user, userid, user_id, admin_id, ipaddr) VALUES \
             (8, NOW(), 'Viewed Invoice - Invoice ID: 3', 'Eva Lund', 1, 8, 0, '192.0.2.80'), \
             (9, NOW(), 'Viewed Invoice - Invoice ID: 7', 'Eva Lund', 4, 8, 0, '192.0.2.81')",
        )
        .await;
    // Anna (user 5), owner of client 3, invited to Nordlys (client 2), files a ticket there.
    whmcs
        .exec(
            "INSERT INTO tblusers_clients (id, auth_user_id, client_id, invite_id, owner, permissions, \
             last_login, created_at, updated_at) VALUES (10, 5, 2, 0, 0, 'profile,tickets', NULL, NOW(), NOW())",
        )
        .await;
    whmcs
        .exec(
            "INSERT INTO tbltickets (id, tid, did, userid, contactid, requestor_id, name, email, cc, c, ipaddress, \
             date, title, message, status, urgency, admin, attachment, lastreply, flag, clientunread, adminunread, \
             replyingadmin, replyingtime, service, merged_ticket_id, editor, updated_at) VALUES \
             (4, '551235', 1, 2, 0, 5, '', '', '', 'An81aaaa', '192.0.2.50', NOW(), 'Tilgang til Nordlys sitt webhotell', \
             'Hej! Anna', 'Open', 'Low', '', '', NOW(), 0, 0, '', 0, '0000-00-00 00:00:00', '', 0, 'markdown', NOW())",
        )
        .await;
    let app = TestApp::spawn_whmcs(&whmcs).await;
    invited_user_on_a_private_account(app.state.billing.as_ref(), &WHMCS).await;
    one_person_on_two_accounts(app.state.billing.as_ref(), &WHMCS).await;
    // Eva's link to client 1 went; her login stays, since client 4 still links it, and
    // what her user did there is untouched.
    let links = whmcs
        .value("SELECT GROUP_CONCAT(client_id ORDER BY client_id) FROM tblusers_clients WHERE auth_user_id = 8")
        .await;
    assert_eq!(links, "4");
    assert_eq!(
        whmcs.value("SELECT email FROM tblusers WHERE id = 8").await,
        "eva.lund@example.no"
    );
    assert_eq!(
        whmcs
            .value("SELECT ipaddr FROM tblactivitylog WHERE id = 9")
            .await,
        "192.0.2.81"
    );
    assert_eq!(
        whmcs
            .value("SELECT ipaddr FROM tblactivitylog WHERE id = 8")
            .await,
        ""
    );
    contract(app.state.billing.as_ref(), &WHMCS).await;
    whmcs.drop_database().await;
}
