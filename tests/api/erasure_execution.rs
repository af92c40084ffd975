//! Executing an erasure: personal data nothing else needs is anonymised at once, what a
//! legal hold keeps gets a retention-ledger row, the subject's sessions end, the result
//! report shows what was kept and until when — and a failure anywhere midway leaves the
//! subject exactly as they were.

use std::collections::BTreeMap;

use portal_domain::ErrorCode;
use portal_domain::api::{ContactView, ErasurePreview, RequestStatus};
use portal_tests::{Backend, TestApp, backend, expect_error, expect_json};
use reqwest::StatusCode;
use serde_json::json;
use time::{Date, Month};

use crate::support_common::{act, audit_actions, execute, my_request, notices, snapshot_all};

fn dec31(year: i32) -> Date {
    Date::from_calendar_date(year, Month::December, 31).unwrap()
}

#[tokio::test]
async fn an_executed_erasure_keeps_what_the_preview_promised_and_erases_the_rest() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let preview: ErasurePreview = app.get_ok("/api/me/erasure-preview", &kari).await;
    // Her domain is still registered: the preview says the account stays with it.
    assert!(preview.account_kept_for_domain);
    let request = app.file_erasure(&kari).await;
    let support = app.login("S1").await;
    let y = app.clock.today().year();

    let done = execute(&app, &support, &request.id).await;

    assert_eq!(done.status, RequestStatus::Completed);
    let result = done.erasure_result.expect("a result report");
    assert_eq!(
        result.kept, preview.keep,
        "the result keeps what the preview said"
    );
    assert_eq!(result.erased, preview.erase_now);
    assert_eq!(result.backup_retention_days, 180);
    let kept: Vec<(&str, Option<Date>)> = result
        .kept
        .iter()
        .map(|k| (k.record.en.as_str(), k.until))
        .collect();
    let invoice_now = format!("Invoice {y}-0042");
    let invoice_old = format!("Invoice {}-0317", y - 3);
    assert!(
        kept.contains(&(invoice_now.as_str(), Some(dec31(y + 5)))),
        "{kept:?}"
    );
    assert!(
        kept.contains(&(invoice_old.as_str(), Some(dec31(y + 2)))),
        "{kept:?}"
    );
    // The running service is no legal hold: it is shown apart, as a contract.
    assert!(
        !kept.iter().any(|(r, _)| r.starts_with("Service")),
        "{kept:?}"
    );

    // The subject's sessions ended, and the erased login opens no new one on that
    // account, even while the billing system still logs them in.
    let resp = app.get("/api/me/contact", &kari).await;
    expect_error(resp, StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated).await;
    let resp = app.exchange(&app.mint("1001", "A100", "customer")).await;
    expect_error(
        resp,
        StatusCode::UNAUTHORIZED,
        ErrorCode::InvalidLaunchToken,
    )
    .await;

    // Anonymised in every table.
    let person = &app
        .rows("SELECT name, email, phone, street, city, company, personnummer FROM billing_persons WHERE id = '1001'")
        .await[0];
    assert_eq!(person["name"], "Erased person");
    assert_eq!(person["email"], "erased-1001@erased.invalid");
    for field in ["phone", "street", "city", "company"] {
        assert_eq!(person[field], "", "{field}");
    }
    assert_eq!(person["personnummer"], "NULL");
    // Her domain is still registered, with her as its registrant: the account's own name
    // stays while it is (the domain rule), as the preview said.
    let account = &app
        .rows("SELECT name FROM billing_accounts WHERE id = 'A100'")
        .await[0];
    assert_eq!(account["name"], "Kari Nordmann");
    let logins = app
        .rows("SELECT ip, user_agent FROM billing_login_history WHERE person_id = '1001'")
        .await;
    assert_eq!(logins.len(), 50);
    assert!(
        logins
            .iter()
            .all(|l| l["ip"].is_empty() && l["user_agent"].is_empty())
    );
    let tickets = app
        .rows("SELECT subject, body FROM billing_tickets WHERE person_id = '1001'")
        .await;
    assert!(
        tickets
            .iter()
            .all(|t| t["subject"] == "[erased]" && t["body"] == "[erased]")
    );
    assert!(
        app.rows("SELECT * FROM newsletter_subscriptions WHERE person_id = '1001'")
            .await
            .is_empty()
    );
    assert!(
        app.rows("SELECT * FROM consent_history WHERE person_id = '1001'")
            .await
            .is_empty()
    );
    let choices = app
        .rows("SELECT purpose_key, active FROM purpose_choices WHERE person_id = '1001'")
        .await;
    assert!(choices.iter().all(|c| c["active"] == "0"), "{choices:?}");
    // The newsletter objection outlives the address: only its hash is kept.
    let hash = portal_server::rights::erasure::email_hash("kari.nordmann@example.no");
    let suppressed = app
        .rows("SELECT email_hash FROM marketing_suppressions")
        .await;
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0]["email_hash"], hash);

    // One ledger row per kept record; past-retention records are gone.
    let ledger = app
        .rows("SELECT record_kind, record_id, rule, until_on, status FROM retention_ledger ORDER BY record_id")
        .await;
    // The running service is held too, while its contract runs (shown apart).
    assert_eq!(
        ledger.len(),
        preview.keep.len() + preview.contracts.len(),
        "{ledger:?}"
    );
    let held: Vec<(&str, &str, &str)> = ledger
        .iter()
        .map(|l| {
            (
                l["record_id"].as_str(),
                l["rule"].as_str(),
                l["until_on"].as_str(),
            )
        })
        .collect();
    let until_now = format!("{}-12-31", y + 5);
    let until_old = format!("{}-12-31", y + 2);
    assert!(
        held.contains(&("I100", "invoice", until_now.as_str())),
        "{held:?}"
    );
    assert!(
        held.contains(&("I101", "invoice", until_old.as_str())),
        "{held:?}"
    );
    assert!(held.contains(&("SV100", "contract", "NULL")), "{held:?}");
    assert!(ledger.iter().all(|l| l["status"] == "held"));
    assert!(
        app.rows("SELECT id FROM billing_invoices WHERE id = 'I102'")
            .await
            .is_empty()
    );
    assert!(
        app.rows("SELECT id FROM billing_services WHERE id = 'SV101'")
            .await
            .is_empty()
    );

    // Told, audited, and passed on to every recipient.
    let completed = notices(&app)
        .await
        .into_iter()
        .find(|n| n.2 == "request_completed")
        .expect("a completion notice");
    assert_eq!(
        completed.1, "kari.nordmann@example.no",
        "sent to the address before erasure"
    );
    let actions = audit_actions(&app, "1001").await;
    for action in ["person.erased", "request.executed"] {
        assert!(actions.contains(&action.to_string()), "{actions:?}");
    }
    let audit_text = format!("{:?}", app.rows("SELECT * FROM audit_log").await);
    assert!(!audit_text.contains("kari.nordmann@example.no"));
    let tasks = app
        .rows("SELECT recipient_key, reason FROM recipient_tasks WHERE person_id = '1001'")
        .await;
    // Only the recipients that get her data: no Gravatar (she never consented), no other
    // registry than Norid (her only domain is a .no).
    let keys: Vec<&str> = tasks.iter().map(|t| t["recipient_key"].as_str()).collect();
    for key in ["norid", "stripe", "paypal", "aws"] {
        assert!(keys.contains(&key), "{keys:?}");
    }
    assert!(
        !keys.contains(&"gravatar") && !keys.contains(&"tld_registries"),
        "{keys:?}"
    );
    assert!(tasks.iter().all(|t| t["reason"] == "erasure"));

    // Executed once only.
    let resp = act(&app, &support, &request.id, "execute", json!({})).await;
    expect_error(resp, StatusCode::CONFLICT, ErrorCode::InvalidState).await;
}

#[tokio::test]
async fn an_employees_erasure_leaves_the_company_and_its_invoices_alone() {
    let app = TestApp::spawn().await;
    let ingrid = app.login("2002").await;
    let request = app.file_erasure(&ingrid).await;
    let support = app.login("S1").await;

    let done = execute(&app, &support, &request.id).await;

    assert!(done.erasure_result.unwrap().kept.is_empty());
    let account = &app
        .rows("SELECT name FROM billing_accounts WHERE id = 'A200'")
        .await[0];
    assert_eq!(account["name"], "Nordlys Webbyrå AS");
    assert_eq!(
        app.rows("SELECT id FROM billing_invoices WHERE account_id = 'A200'")
            .await
            .len(),
        1
    );
    let ola = &app
        .rows("SELECT name FROM billing_persons WHERE id = '2001'")
        .await[0];
    assert_eq!(ola["name"], "Ola Hansen");
    assert!(app.rows("SELECT * FROM retention_ledger").await.is_empty());
}

/// Makes every `event` on `table` fail, by a trigger: the production code has no hook.
async fn inject_failure(app: &TestApp, table: &str, event: &str, when: Option<&str>) {
    let statements = match backend() {
        Backend::Sqlite => vec![format!(
            "CREATE TRIGGER inject_failure BEFORE {event} ON {table} {} \
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
            when.map(|w| format!("WHEN {w}")).unwrap_or_default()
        )],
        Backend::Postgres(_) => vec![
            "CREATE OR REPLACE FUNCTION inject_failure() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$"
                .to_string(),
            format!(
                "CREATE TRIGGER inject_failure BEFORE {event} ON {table} FOR EACH ROW {} \
                 EXECUTE FUNCTION inject_failure()",
                when.map(|w| format!("WHEN ({w})")).unwrap_or_default()
            ),
        ],
    };
    for sql in statements {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&app.db)
            .await
            .unwrap();
    }
}

async fn remove_failure(app: &TestApp, table: &str) {
    let sql = match backend() {
        Backend::Sqlite => "DROP TRIGGER inject_failure".to_string(),
        Backend::Postgres(_) => format!("DROP TRIGGER inject_failure ON {table}"),
    };
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .execute(&app.db)
        .await
        .unwrap();
}

/// Runs the background worker's pass over pending billing commands, as a server whose
/// lease on them has long run out.
async fn carry_through(app: &TestApp) -> portal_server::changes::billing::CommandReport {
    app.clock
        .advance(portal_server::changes::billing::inline_lease_seconds(&app.state) + 3600);
    portal_server::changes::billing::carry_through(&app.state, "worker", 60, 20)
        .await
        .unwrap()
}

async fn billing_rows(app: &TestApp) -> BTreeMap<String, Vec<String>> {
    snapshot_all(app)
        .await
        .into_iter()
        .filter(|(t, _)| t.starts_with("billing_") && t != "billing_commands")
        .collect()
}

/// A failure in the portal's own part of an erasure (here at the first ledger row) leaves
/// everything as it was, in the portal and in the billing system.
#[tokio::test]
async fn a_failure_in_the_portals_part_leaves_everything_untouched() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let request = app.file_erasure(&kari).await;
    let support = app.login("S1").await;
    crate::support_common::assign(&app, &support, &request.id).await;
    let before = snapshot_all(&app).await;
    inject_failure(&app, "retention_ledger", "INSERT", None).await;

    let resp = act(&app, &support, &request.id, "execute", json!({})).await;

    expect_error(resp, StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal).await;
    remove_failure(&app, "retention_ledger").await;
    let after = snapshot_all(&app).await;
    for (t, rows) in &before {
        assert_eq!(rows, &after[t], "table {t} changed");
    }
    // Her session still works and shows her own data; the request is still open and can
    // be executed once the fault is gone.
    let contact: ContactView = app.get_ok("/api/me/contact", &kari).await;
    assert_eq!(contact.details.name, "Kari Nordmann");
    assert_eq!(
        my_request(&app, &kari, &request.id).await.status,
        RequestStatus::InProgress
    );
    let done = execute(&app, &support, &request.id).await;
    assert_eq!(done.status, RequestStatus::Completed);
}

/// A failure inside the billing system's transaction (here midway, after the person and
/// the login history were anonymised) rolls all of the billing part back: the billing data
/// is whole, the request is not completed, nothing else can be decided on it, and the
/// worker carries it through once the fault is gone, erasing the person exactly once.
#[tokio::test]
async fn a_failure_in_the_billing_part_is_carried_through_exactly_once() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let request = app.file_erasure(&kari).await;
    let support = app.login("S1").await;
    let billing_before = billing_rows(&app).await;
    inject_failure(&app, "billing_tickets", "UPDATE", None).await;

    let pending = execute(&app, &support, &request.id).await;

    assert_eq!(pending.status, RequestStatus::InProgress);
    assert_eq!(billing_rows(&app).await, billing_before, "half an erasure");
    let again = act(&app, &support, &request.id, "execute", json!({})).await;
    expect_error(again, StatusCode::CONFLICT, ErrorCode::InvalidState).await;
    let reject = act(
        &app,
        &support,
        &request.id,
        "reject",
        json!({ "reason": "no" }),
    )
    .await;
    expect_error(reject, StatusCode::CONFLICT, ErrorCode::InvalidState).await;
    assert_eq!(carry_through(&app).await.applied, 0, "still failing");

    remove_failure(&app, "billing_tickets").await;
    let report = carry_through(&app).await;

    assert_eq!(report.applied, 1);
    let kari_row = &app
        .rows("SELECT name, email FROM billing_persons WHERE id = '1001'")
        .await[0];
    assert_eq!(kari_row["name"], "Erased person");
    let tickets = app
        .rows("SELECT subject FROM billing_tickets WHERE person_id = '1001'")
        .await;
    assert!(tickets.iter().all(|t| t["subject"] == "[erased]"));
    let status = &app
        .rows(&format!(
            "SELECT status FROM privacy_requests WHERE id = '{}'",
            request.id
        ))
        .await[0];
    assert_eq!(status["status"], "completed");
    assert_eq!(
        app.rows("SELECT id FROM outbox WHERE kind = 'request_completed'")
            .await
            .len(),
        1
    );
    // Nothing is left to do, and doing it again changes nothing.
    let after = snapshot_all(&app).await;
    assert_eq!(carry_through(&app).await.claimed, 0);
    assert_eq!(snapshot_all(&app).await, after);
}

/// A failure after the billing system has done its part, while the portal completes the
/// request (its report, its notice), is carried through too: the billing part is not done
/// again, and the person is told once.
#[tokio::test]
async fn a_failure_while_completing_is_carried_through_without_doing_the_billing_part_twice() {
    for (table, event, when) in [
        ("privacy_requests", "UPDATE OF result_report", None),
        ("outbox", "INSERT", Some("NEW.kind = 'request_completed'")),
    ] {
        let app = TestApp::spawn().await;
        let kari = app.login("1001").await;
        let request = app.file_erasure(&kari).await;
        let support = app.login("S1").await;
        inject_failure(&app, table, event, when).await;

        let pending = execute(&app, &support, &request.id).await;

        assert_ne!(pending.status, RequestStatus::Completed, "{table}");
        let applied = app
            .rows("SELECT command_id FROM billing_applied_commands")
            .await;
        assert_eq!(applied.len(), 1, "{table}");
        remove_failure(&app, table).await;
        let erased_once = billing_rows(&app).await;
        let report = carry_through(&app).await;
        assert_eq!(report.applied, 1, "{table}");
        assert_eq!(
            billing_rows(&app).await,
            erased_once,
            "{table}: billing written twice"
        );
        let support = app.login("S1").await;
        let detail: portal_domain::support::RequestDetail = app
            .get_ok(&format!("/api/support/requests/{}", request.id), &support)
            .await;
        let done = detail.request;
        assert_eq!(done.status, RequestStatus::Completed, "{table}");
        assert!(done.erasure_result.is_some(), "{table}");
        assert_eq!(
            app.rows("SELECT id FROM outbox WHERE kind = 'request_completed'")
                .await
                .len(),
            1,
            "{table}"
        );
    }
}

#[tokio::test]
async fn a_restriction_request_is_not_an_erasure() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let request = crate::support_common::file_restriction(&app, &kari).await;
    let support = app.login("S1").await;

    let done = execute(&app, &support, &request.id).await;

    assert!(done.erasure_result.is_none());
    let contact: ContactView =
        expect_json(app.get("/api/me/contact", &kari).await, StatusCode::OK).await;
    assert_eq!(contact.details.name, "Kari Nordmann");
}

/// Executing a request while other people file and withdraw theirs: every writer takes
/// its locks in one order (person, status counters, audit trail), so none of them fails.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn executions_and_filings_at_the_same_time_all_succeed() {
    let app = TestApp::spawn().await;
    let support = app.login("S1").await;
    let anna = app.login("3001").await;
    let ingrid = app.login("2002").await;
    let restriction = crate::support_common::restriction_body();
    let erasure = json!({ "grounds": ["objection"] });
    let empty = json!({});
    for round in 0..6 {
        // An erased person opens no session again: each round erases another customer.
        let (id, account) = (format!("70{round}"), format!("A70{round}"));
        for sql in [
            format!(
                "INSERT INTO billing_accounts (id, kind, name, country, created_at) \
                 VALUES ('{account}', 'private', 'Kunde {round}', 'NO', 0)"
            ),
            format!(
                "INSERT INTO billing_persons (id, account_id, is_account_admin, name, email, created_at) \
                 VALUES ('{id}', '{account}', 1, 'Kunde {round}', 'kunde{round}@example.no', 0)"
            ),
        ] {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&app.db)
                .await
                .unwrap();
        }
        let customer = app.login_as(&id, &account, "customer").await.session_token;
        let request = app.file_erasure(&customer).await;
        crate::support_common::assign(&app, &support, &request.id).await;
        let execute_path = format!("/api/support/requests/{}/execute", request.id);

        let (executed, annas, ingrids) = tokio::join!(
            app.post(&execute_path, &support, &empty),
            app.post("/api/me/requests/restriction", &anna, &restriction),
            app.post("/api/me/requests/erasure", &ingrid, &erasure),
        );

        assert_eq!(executed.status(), StatusCode::OK, "round {round}");
        for (who, resp) in [("anna", annas), ("ingrid", ingrids)] {
            let filed: portal_domain::api::RequestView =
                expect_json(resp, StatusCode::CREATED).await;
            let resp = app
                .post(
                    &format!("/api/me/requests/{}/withdraw", filed.id),
                    if who == "anna" { &anna } else { &ingrid },
                    &json!({}),
                )
                .await;
            assert_eq!(resp.status(), StatusCode::OK, "round {round}: {who}");
        }
    }
    let counts = app
        .rows("SELECT status, requests FROM request_status_counts ORDER BY status")
        .await;
    let counts: Vec<(&str, &str)> = counts
        .iter()
        .map(|c| (c["status"].as_str(), c["requests"].as_str()))
        .filter(|c| c.1 != "0")
        .collect();
    assert_eq!(counts, [("completed", "6"), ("withdrawn", "12")]);
}
