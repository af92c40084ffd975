//! The retention sweep: held records are purged once their day has passed, a renewed
//! domain or an ended contract moves its hold, the customer rule erases accounts whose
//! last service ended long ago, and the lead rule anonymises leads marked "not relevant"
//! more than `lead_months` ago. A dry run lists exactly what the real run then does, and a
//! second run changes nothing.

use std::collections::BTreeMap;

use portal_domain::deadline::add_months;
use portal_domain::format_iso_date;
use portal_domain::parse_iso_date;
use portal_server::config::operator::OperatorConfig;
use portal_server::retention::sweep::{SweepReport, run_sweep};
use portal_tests::TestApp;
use time::{Date, Month};

use crate::support_common::{execute, snapshot_all};

async fn sweep(app: &TestApp, dry_run: bool) -> SweepReport {
    run_sweep(&app.state, &app.operator, app.clock.now(), dry_run)
        .await
        .expect("the sweep runs")
}

/// Moves the clock to noon on `day`.
fn advance_to(app: &TestApp, day: Date) {
    let noon = day
        .with_hms(12, 0, 0)
        .unwrap()
        .assume_utc()
        .unix_timestamp();
    app.clock.advance(noon - app.clock.unix());
}

fn actions(report: &SweepReport) -> Vec<(&str, &str, &str)> {
    report
        .actions
        .iter()
        .map(|a| (a.action.as_str(), a.table.as_str(), a.record_id.as_str()))
        .collect()
}

async fn exec(app: &TestApp, sql: &str) {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&app.db)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// Kari's erasure, executed today: her invoices, domain and active service are held.
async fn kari_erased(app: &TestApp) {
    let kari = app.login("1001").await;
    let request = app.file_erasure(&kari).await;
    let support = app.login("S1").await;
    execute(app, &support, &request.id).await;
}

#[tokio::test]
async fn a_dry_run_lists_exactly_what_the_real_run_does_and_a_second_run_does_nothing() {
    let app = TestApp::spawn().await;
    let y = app.clock.today().year();
    // A former customer whose only service ended five years ago: the customer rule
    // (three years after the last service) applies.
    exec(&app, "INSERT INTO billing_accounts (id, kind, name, country, created_at) VALUES ('A900', 'private', 'Tidl Kunde', 'NO', 0)").await;
    exec(&app, "INSERT INTO billing_persons (id, account_id, is_account_admin, name, email, created_at) VALUES ('9001', 'A900', 1, 'Tidl Kunde', 'tidl@example.no', 0)").await;
    exec(&app, &format!("INSERT INTO billing_services (id, account_id, product, status, started_on, ended_on) VALUES ('SV900', 'A900', 'Webhotell Mini', 'terminated', '{}-01-10', '{}-01-10')", y - 10, y - 5)).await;
    exec(&app, &format!("INSERT INTO billing_invoices (id, account_id, number, issued_on, amount_minor, currency, status) VALUES ('I900', 'A900', '900', '{}-03-01', 100, 'NOK', 'paid'), ('I901', 'A900', '901', '{}-03-01', 100, 'NOK', 'paid')", y + 1, y - 10)).await;
    kari_erased(&app).await;
    // Three years on: Kari's three-year-old invoice and her domain (which expired in
    // May 2027) are past their day.
    advance_to(
        &app,
        Date::from_calendar_date(y + 3, Month::January, 2).unwrap(),
    );
    let before = snapshot_all(&app).await;

    let dry = sweep(&app, true).await;

    assert!(dry.dry_run);
    assert_eq!(
        snapshot_all(&app).await,
        before,
        "a dry run changed something"
    );
    let planned = actions(&dry);
    for expected in [
        ("purge", "invoice", "I101"),
        ("purge", "domain", "D100"),
        ("anonymise_account", "account", "A900"),
        ("erase_person", "person", "9001"),
        ("remove", "service", "SV900"),
        ("remove", "invoice", "I901"),
        ("hold", "invoice", "I900"),
        // Three years on, both demo leads marked "not relevant" are past the lead rule.
        ("anonymise_lead", "lead", "L100"),
        ("anonymise_lead", "lead", "L101"),
    ] {
        assert!(
            planned.contains(&expected),
            "{expected:?} not in {planned:?}"
        );
    }
    assert_eq!(planned.len(), 9, "{planned:?}");

    let real = sweep(&app, false).await;

    assert_eq!(
        real.actions, dry.actions,
        "the real run did what the dry run said"
    );
    let after = snapshot_all(&app).await;
    assert_ne!(after, before);
    for gone in [
        "SELECT id FROM billing_invoices WHERE id IN ('I101', 'I901')",
        "SELECT id FROM billing_domains WHERE id = 'D100'",
        "SELECT id FROM billing_services WHERE id = 'SV900'",
    ] {
        assert!(app.rows(gone).await.is_empty(), "{gone}");
    }
    let ledger = app
        .rows("SELECT record_id, status, until_on FROM retention_ledger ORDER BY record_id")
        .await;
    let ledger: Vec<(&str, &str, &str)> = ledger
        .iter()
        .map(|l| {
            (
                l["record_id"].as_str(),
                l["status"].as_str(),
                l["until_on"].as_str(),
            )
        })
        .collect();
    let i900_until = format!("{}-12-31", y + 6);
    let i100_until = format!("{}-12-31", y + 5);
    let i101_until = format!("{}-12-31", y + 2);
    assert_eq!(
        ledger,
        [
            ("D100", "purged", "2027-05-02"),
            ("I100", "held", i100_until.as_str()),
            ("I101", "purged", i101_until.as_str()),
            ("I900", "held", i900_until.as_str()),
            ("SV100", "held", "NULL"),
        ]
    );
    let former = &app
        .rows("SELECT name, email FROM billing_persons WHERE id = '9001'")
        .await[0];
    assert_eq!(former["name"], "Erased person");
    let audited = app
        .rows("SELECT action FROM audit_log WHERE actor_id = 'retention-sweep'")
        .await;
    assert_eq!(audited.len(), 6, "{audited:?}");

    let second = sweep(&app, false).await;

    assert!(second.actions.is_empty(), "{:?}", second.actions);
    assert_eq!(
        snapshot_all(&app).await,
        after,
        "a second run changed something"
    );
    assert!(sweep(&app, true).await.actions.is_empty());
}

#[tokio::test]
async fn a_renewed_domain_and_an_ended_contract_move_their_holds() {
    let app = TestApp::spawn().await;
    let y = app.clock.today().year();
    kari_erased(&app).await;
    // After the erasure the domain was renewed and the web hosting ended.
    exec(
        &app,
        &format!(
            "UPDATE billing_domains SET expires_on = '{}-05-02' WHERE id = 'D100'",
            y + 4
        ),
    )
    .await;
    exec(&app, &format!("UPDATE billing_services SET status = 'terminated', ended_on = '{}-06-01' WHERE id = 'SV100'", y + 2)).await;
    advance_to(
        &app,
        Date::from_calendar_date(y + 3, Month::January, 2).unwrap(),
    );

    let first = sweep(&app, false).await;

    let domain_until = format!("{}-05-02", y + 4);
    let contract_until = format!("{}-06-01", y + 5);
    let got: Vec<(&str, &str, Option<&str>)> = first
        .actions
        .iter()
        .map(|a| (a.action.as_str(), a.record_id.as_str(), a.until.as_deref()))
        .collect();
    assert!(
        got.contains(&("extend_hold", "D100", Some(domain_until.as_str()))),
        "{got:?}"
    );
    assert!(
        got.contains(&("date_hold", "SV100", Some(contract_until.as_str()))),
        "{got:?}"
    );
    assert!(
        got.iter().any(|a| a.0 == "purge" && a.1 == "I101"),
        "{got:?}"
    );
    for lead in ["L100", "L101"] {
        assert!(
            got.iter().any(|a| a.0 == "anonymise_lead" && a.1 == lead),
            "{got:?}"
        );
    }
    assert_eq!(got.len(), 5, "{got:?}");
    assert!(sweep(&app, false).await.actions.is_empty());
    assert_eq!(
        app.rows("SELECT id FROM billing_services WHERE id = 'SV100'")
            .await
            .len(),
        1
    );

    // Once both days have passed, both go.
    advance_to(
        &app,
        Date::from_calendar_date(y + 5, Month::June, 2).unwrap(),
    );
    let later = sweep(&app, false).await;

    let mut purged: Vec<&str> = later
        .actions
        .iter()
        .filter(|a| a.action == "purge")
        .map(|a| a.record_id.as_str())
        .collect();
    purged.sort();
    assert_eq!(purged, ["D100", "SV100"], "{:?}", later.actions);
    assert!(
        app.rows("SELECT id FROM billing_services WHERE id = 'SV100'")
            .await
            .is_empty()
    );
    assert!(sweep(&app, false).await.actions.is_empty());
}

const LEAD_COLUMNS: &str =
    "id, name, email, phone, company, note, status, status_changed_on, created_at, anonymised_at";

/// Every lead as stored, by id.
async fn leads(app: &TestApp) -> BTreeMap<String, BTreeMap<String, String>> {
    app.rows(&format!("SELECT {LEAD_COLUMNS} FROM billing_leads"))
        .await
        .into_iter()
        .map(|l| (l["id"].clone(), l))
        .collect()
}

/// The day the lead rule keeps a lead until, as the sweep reports it.
fn kept_until(app: &TestApp, lead: &BTreeMap<String, String>) -> Date {
    let changed = parse_iso_date(&lead["status_changed_on"]).expect("a date");
    add_months(changed, app.operator.retention.lead_months as i32)
}

#[tokio::test]
async fn a_lead_not_relevant_for_longer_than_the_configured_months_is_anonymised() {
    let app = TestApp::spawn().await;
    // A converted lead from long ago is a customer now: the lead rule is not for it.
    exec(&app, "INSERT INTO billing_leads (id, name, email, phone, company, note, status, status_changed_on, created_at) VALUES ('L900', 'Eva Dahl', 'eva.dahl@example.no', '+4796789012', 'Dahl Tannlege', 'Ble kunde.', 'converted', '2001-05-01', 0)").await;
    let seeded = leads(&app).await;
    assert_eq!(
        seeded.keys().map(String::as_str).collect::<Vec<_>>(),
        ["L100", "L101", "L102", "L900"]
    );
    assert_eq!(app.operator.retention.lead_months, 6);
    let before = snapshot_all(&app).await;

    let dry = sweep(&app, true).await;

    assert_eq!(
        snapshot_all(&app).await,
        before,
        "a dry run changed something"
    );
    // L100 was marked not relevant 300 days ago; L101 a month ago; L102 is open.
    assert_eq!(
        actions(&dry),
        [("anonymise_lead", "lead", "L100")],
        "{dry:?}"
    );
    let planned = &dry.actions[0];
    assert_eq!(planned.rule, "lead");
    assert_eq!(planned.person_id, "");
    let until = kept_until(&app, &seeded["L100"]);
    assert!(until < app.clock.today());
    assert_eq!(
        planned.until.as_deref(),
        Some(format_iso_date(until).as_str()),
        "the last day the lead was kept"
    );

    let real = sweep(&app, false).await;

    assert_eq!(
        real.actions, dry.actions,
        "the real run did what the dry run said"
    );
    let after = leads(&app).await;
    let old = &after["L100"];
    assert_eq!(old["name"], "Erased person");
    assert_eq!(old["email"], "erased-lead-L100@erased.invalid");
    assert_eq!(old["phone"], "");
    assert_eq!(old["company"], "");
    assert_eq!(old["note"], "[erased]");
    assert_ne!(old["anonymised_at"], "NULL");
    for kept in ["id", "status", "status_changed_on", "created_at"] {
        assert_eq!(old[kept], seeded["L100"][kept], "{kept}");
    }
    for untouched in ["L101", "L102", "L900"] {
        assert_eq!(after[untouched], seeded[untouched], "{untouched} changed");
    }
    // Nothing else changed but the lead and the audit trail.
    let mut changed = snapshot_all(&app).await;
    let mut expected = before.clone();
    for table in ["billing_leads", "audit_log"] {
        changed.remove(table);
        expected.remove(table);
    }
    assert_eq!(changed, expected);

    // The audit trail names the lead and the fields, never what they held.
    let audited = app
        .rows("SELECT action, subject_id, target, fields FROM audit_log WHERE actor_id = 'retention-sweep'")
        .await;
    assert_eq!(audited.len(), 1, "{audited:?}");
    assert_eq!(audited[0]["action"], "retention.lead_anonymised");
    assert_eq!(audited[0]["subject_id"], "");
    assert_eq!(audited[0]["target"], "L100");
    assert_eq!(audited[0]["fields"], "name,email,phone,company,note");
    let trail = app.rows("SELECT * FROM audit_log").await;
    for lead in seeded.values() {
        for column in ["name", "email", "phone", "company", "note"] {
            let value = &lead[column];
            if value.is_empty() {
                continue;
            }
            for entry in &trail {
                assert!(
                    entry.values().all(|v| !v.contains(value.as_str())),
                    "the audit trail holds a lead's {column}: {entry:?}"
                );
            }
        }
    }

    let settled = snapshot_all(&app).await;
    let second = sweep(&app, false).await;

    assert!(second.actions.is_empty(), "{:?}", second.actions);
    assert_eq!(
        snapshot_all(&app).await,
        settled,
        "a second run changed something"
    );
    assert!(sweep(&app, true).await.actions.is_empty());
}

#[tokio::test]
async fn a_lead_is_kept_through_its_last_day_and_the_configured_months_apply() {
    let app = TestApp::spawn().await;
    let seeded = leads(&app).await;
    // With a year instead of six months, even the 300-day-old lead is kept.
    let mut year: OperatorConfig = (*app.operator).clone();
    year.retention.lead_months = 12;
    let report = run_sweep(&app.state, &year, app.clock.now(), false)
        .await
        .expect("the sweep runs");
    assert!(report.actions.is_empty(), "{:?}", report.actions);
    assert_eq!(leads(&app).await, seeded);

    // L101's last day under the six-month rule: still kept that day, anonymised the next.
    let until = kept_until(&app, &seeded["L101"]);
    advance_to(&app, until);
    let on_the_day = sweep(&app, false).await;
    assert_eq!(actions(&on_the_day), [("anonymise_lead", "lead", "L100")]);
    advance_to(&app, until.next_day().unwrap());
    let day_after = sweep(&app, false).await;
    assert_eq!(actions(&day_after), [("anonymise_lead", "lead", "L101")]);

    // An open lead is never anonymised, however long it waits.
    advance_to(&app, add_months(until, 60));
    assert!(sweep(&app, false).await.actions.is_empty());
    assert_eq!(leads(&app).await["L102"], seeded["L102"]);
}

/// The customer rule counts from the end of the relationship, not of the last service: a
/// former customer who still logs in, or writes to support, is not erased until the
/// rule's years have passed since that too.
#[tokio::test]
async fn a_former_customer_who_still_logs_in_or_writes_is_not_erased() {
    let app = TestApp::spawn().await;
    let y = app.clock.today().year();
    let now = app.clock.unix();
    exec(&app, "INSERT INTO billing_accounts (id, kind, name, country, created_at) VALUES ('A900', 'private', 'Tidl Kunde', 'NO', 0)").await;
    exec(&app, "INSERT INTO billing_persons (id, account_id, is_account_admin, name, email, created_at) VALUES ('9001', 'A900', 1, 'Tidl Kunde', 'tidl@example.no', 0)").await;
    exec(&app, &format!("INSERT INTO billing_services (id, account_id, product, status, started_on, ended_on) VALUES ('SV900', 'A900', 'Webhotell Mini', 'terminated', '{}-01-10', '{}-01-10')", y - 10, y - 5)).await;
    let erased = |report: &SweepReport| {
        report
            .actions
            .iter()
            .any(|a| a.action == "erase_person" && a.record_id == "9001")
    };
    // Logged in last month.
    exec(&app, &format!("INSERT INTO billing_login_history (person_id, at, ip, user_agent) VALUES ('9001', {}, '192.0.2.9', 'Firefox')", now - 30 * 86_400)).await;
    let report = sweep(&app, true).await;
    assert!(!erased(&report), "{report}");
    // Wrote to support last month, logins long ago.
    exec(
        &app,
        &format!(
            "UPDATE billing_login_history SET at = {} WHERE person_id = '9001'",
            now - 5 * 365 * 86_400
        ),
    )
    .await;
    exec(&app, &format!("INSERT INTO billing_tickets (id, person_id, opened_at, subject, body, status) VALUES ('T900', '9001', {}, 'Gammel faktura', 'Hei', 'closed')", now - 30 * 86_400)).await;
    let report = sweep(&app, true).await;
    assert!(!erased(&report), "{report}");
    // Nothing for more than the rule's three years: erased.
    exec(
        &app,
        &format!(
            "UPDATE billing_tickets SET opened_at = {} WHERE id = 'T900'",
            now - 4 * 365 * 86_400
        ),
    )
    .await;
    let report = sweep(&app, true).await;
    assert!(erased(&report), "{report}");
}

/// The background loop offers the sweep only where it is on.
#[test]
fn the_worker_runs_the_sweep_only_where_it_is_on() {
    use portal_server::worker::{RETENTION_SWEEP, jobs_for};
    let scratch = portal_tests::Scratch::new();
    let mut settings = portal_tests::test_settings("sqlite://unused".into(), "", scratch.path());
    assert!(
        jobs_for(&settings)
            .iter()
            .any(|j| j.name == RETENTION_SWEEP)
    );
    settings.retention_sweep = false;
    assert!(
        !jobs_for(&settings)
            .iter()
            .any(|j| j.name == RETENTION_SWEEP)
    );
}
