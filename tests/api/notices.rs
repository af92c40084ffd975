//! Notices leave the outbox: by SMTP to a mail server the test runs on loopback, in the
//! person's language; to the log without one; retried with a growing delay and given up
//! after the last attempt; each claimed by one sender at a time. And the periodic-job
//! runner: once per period across servers, taken over when a server dies.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use portal_domain::api::ContactView;
use portal_server::notices::{self, DEFAULT_FROM, Delivery, MailSettings, SendConfig};
use portal_server::state::AppState;
use portal_server::worker::{self, JobFuture, JobOutcome, PeriodicJob, WorkerSettings};
use portal_tests::smtp_sink::{Mode, SmtpSink};
use portal_tests::{SECOND_ADMIN, SECOND_COMPANY, SECOND_EMPLOYEE, TestApp, expect_json};
use reqwest::StatusCode;
use serde_json::json;

/// As an admin, corrects `person`'s phone: one `admin_acted` notice to them.
async fn admin_changes_phone(app: &TestApp, admin: &str, person: &str, phone: &str) {
    let path = format!("/api/people/{person}/contact");
    let contact: ContactView = app.get_ok(&path, admin).await;
    let mut details = serde_json::to_value(&contact.details).unwrap();
    details["phone"] = json!(phone);
    let resp = app
        .put(
            &path,
            admin,
            &json!({ "version": contact.version, "details": details }),
        )
        .await;
    let _: ContactView = expect_json(resp, StatusCode::OK).await;
}

fn config(app: &TestApp, worker_id: &str) -> SendConfig {
    SendConfig {
        worker_id: worker_id.into(),
        lease_seconds: 60,
        batch: 10,
        max_attempts: 3,
        signature: app.operator.controller.name.clone(),
    }
}

async fn outbox(app: &TestApp) -> Vec<std::collections::BTreeMap<String, String>> {
    app.rows("SELECT id, person_id, recipient, status, attempts, locked_by, locked_until, sent_at, last_error FROM outbox ORDER BY created_at, id")
        .await
}

#[tokio::test]
async fn a_notice_reaches_the_mail_server_in_the_persons_language() {
    let sink = SmtpSink::start().await;
    let url = sink.url();
    let app = TestApp::spawn_with(|s| {
        s.mail = MailSettings::smtp(&url, "Eksempel Hosting <personvern@eksempel-hosting.no>");
        s.worker = WorkerSettings {
            interval: Duration::from_millis(100),
            ..WorkerSettings::default()
        };
    })
    .await;
    let admin_a = app.login("2001").await;
    let admin_b = app
        .login_as(SECOND_ADMIN, SECOND_COMPANY, "company_admin")
        .await
        .session_token;

    admin_changes_phone(&app, &admin_a, "2002", "+4799001122").await; // Ingrid: nb
    admin_changes_phone(&app, &admin_a, "2003", "+4799003344").await; // Lars: en
    admin_changes_phone(&app, &admin_b, SECOND_EMPLOYEE, "+4799005566").await; // Siv: sv

    let messages = sink.wait_for(3, Duration::from_secs(20)).await;
    assert_eq!(messages.len(), 3, "{messages:?}");
    // The mail server has them; the sender marks them sent once it has its answer.
    let mut rows = outbox(&app).await;
    for _ in 0..200 {
        if rows.iter().all(|r| r["status"] == "sent") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
        rows = outbox(&app).await;
    }
    let expect = [
        (
            "ingrid.berg@nordlys.example.no",
            "Administratoren din har gjort en endring for deg",
            "telefon",
            "+4799001122",
        ),
        (
            "lars.johansen@nordlys.example.no",
            "Your administrator made a change for you",
            "phone",
            "+4799003344",
        ),
        (
            "siv.vind@fjellvind.example.no",
            "Din administratör har gjort en ändring åt dig",
            "telefon",
            "+4799005566",
        ),
    ];
    for (to, subject, field, new_phone) in expect {
        let mail = messages
            .iter()
            .find(|m| m.rcpt_to == [to])
            .unwrap_or_else(|| panic!("nothing to {to}: {messages:?}"));
        assert_eq!(mail.mail_from, "personvern@eksempel-hosting.no");
        assert_eq!(mail.subject(), subject, "{}", mail.data);
        let body = mail.body();
        assert!(body.contains(field), "{body}");
        assert!(body.contains(&app.operator.controller.name), "{body}");
        assert!(
            !body.contains(new_phone),
            "the new value is in the notice: {body}"
        );
        let row = rows
            .iter()
            .find(|r| format!("{}@privacy-portal", r["id"]) == mail.message_id())
            .unwrap_or_else(|| panic!("no outbox row for {}", mail.message_id()));
        assert_eq!(row["status"], "sent");
        assert_eq!(row["recipient"], "", "the address is blanked once sent");
        assert_eq!(row["attempts"], "1");
        assert_ne!(row["sent_at"], "NULL");
    }
}

#[tokio::test]
async fn a_refused_notice_is_retried_later_and_given_up_after_the_last_attempt() {
    let sink = SmtpSink::start().await;
    sink.set_mode(Mode::RefuseForNow);
    let app = TestApp::spawn().await;
    let admin = app.login("2001").await;
    admin_changes_phone(&app, &admin, "2002", "+4799001122").await;
    let delivery =
        Delivery::from_settings(&MailSettings::smtp(&sink.url(), DEFAULT_FROM), false).unwrap();
    let cfg = config(&app, "sender-1");

    let now = app.clock.unix();
    let first = notices::deliver_due(&app.db, &delivery, &cfg, now)
        .await
        .unwrap();
    assert_eq!((first.claimed, first.retrying), (1, 1), "{first:?}");
    let row = &outbox(&app).await[0];
    assert_eq!(row["status"], "pending");
    assert_eq!(row["attempts"], "1");
    assert_eq!(row["last_error"], "smtp 451");
    assert_eq!(row["locked_by"], "NULL");
    let retry_at: i64 = row["locked_until"].parse().unwrap();
    assert!(
        (now + 30..=now + 32).contains(&retry_at),
        "{retry_at} vs {now}"
    );

    // Not before the delay has passed.
    let early = notices::deliver_due(&app.db, &delivery, &cfg, app.clock.unix())
        .await
        .unwrap();
    assert_eq!(early.claimed, 0);

    app.clock.advance(31);
    let now = app.clock.unix();
    let second = notices::deliver_due(&app.db, &delivery, &cfg, now)
        .await
        .unwrap();
    assert_eq!(second.retrying, 1, "{second:?}");
    let row = &outbox(&app).await[0];
    assert_eq!(row["attempts"], "2");
    let retry_at: i64 = row["locked_until"].parse().unwrap();
    assert!(
        retry_at >= now + 60,
        "the delay doubles: {retry_at} vs {now}"
    );

    app.clock.advance(61);
    let third = notices::deliver_due(&app.db, &delivery, &cfg, app.clock.unix())
        .await
        .unwrap();
    assert_eq!(third.failed, 1, "{third:?}");
    let row = &outbox(&app).await[0];
    assert_eq!(row["status"], "failed");
    assert_eq!(row["attempts"], "3");

    app.clock.advance(100_000);
    let after = notices::deliver_due(&app.db, &delivery, &cfg, app.clock.unix())
        .await
        .unwrap();
    assert_eq!(after.claimed, 0, "a failed notice is not tried again");
    assert!(sink.messages().is_empty());
    assert!(!row["last_error"].contains('@'));
}

#[tokio::test]
async fn a_permanently_refused_notice_is_given_up_at_once() {
    let sink = SmtpSink::start().await;
    sink.set_mode(Mode::RefuseForGood);
    let app = TestApp::spawn().await;
    let admin = app.login("2001").await;
    admin_changes_phone(&app, &admin, "2003", "+4799001122").await;
    let delivery =
        Delivery::from_settings(&MailSettings::smtp(&sink.url(), DEFAULT_FROM), false).unwrap();

    let report = notices::deliver_due(&app.db, &delivery, &config(&app, "s"), app.clock.unix())
        .await
        .unwrap();

    assert_eq!(report.failed, 1, "{report:?}");
    let row = &outbox(&app).await[0];
    assert_eq!(row["status"], "failed");
    assert_eq!(row["attempts"], "1");
    assert_eq!(row["last_error"], "smtp 550");
}

#[tokio::test]
async fn an_unreachable_mail_server_is_retried() {
    // A port nothing listens on: bind, note, close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = TestApp::spawn().await;
    let admin = app.login("2001").await;
    admin_changes_phone(&app, &admin, "2003", "+4799001122").await;
    let settings = MailSettings::smtp(&format!("smtp://127.0.0.1:{port}"), DEFAULT_FROM);
    let delivery = Delivery::from_settings(&settings, false).unwrap();

    let report = notices::deliver_due(&app.db, &delivery, &config(&app, "s"), app.clock.unix())
        .await
        .unwrap();

    assert_eq!(report.retrying, 1, "{report:?}");
    assert_eq!(
        outbox(&app).await[0]["last_error"],
        "smtp connection failed"
    );
}

#[tokio::test]
async fn without_a_mail_server_notices_are_delivered_to_the_log() {
    let app = TestApp::spawn().await;
    let admin = app.login("2001").await;
    admin_changes_phone(&app, &admin, "2002", "+4799001122").await;
    // Demo mode logs even when a mail server is configured.
    let delivery = Delivery::from_settings(
        &MailSettings::smtp("smtp://127.0.0.1:1", DEFAULT_FROM),
        true,
    )
    .unwrap();
    assert!(matches!(delivery, Delivery::Log));
    let delivery = Delivery::from_settings(&MailSettings::log_only(), false).unwrap();

    let report = notices::deliver_due(&app.db, &delivery, &config(&app, "s"), app.clock.unix())
        .await
        .unwrap();

    assert_eq!(report.sent, 1, "{report:?}");
    let row = &outbox(&app).await[0];
    assert_eq!(row["status"], "sent");
    assert_eq!(row["recipient"], "");
    assert_eq!(row["locked_by"], "s");
}

#[tokio::test]
async fn a_claimed_notice_is_not_claimed_again_until_its_lease_ends() {
    let app = TestApp::spawn().await;
    let admin = app.login("2001").await;
    admin_changes_phone(&app, &admin, "2002", "+4799001122").await;
    admin_changes_phone(&app, &admin, "2003", "+4799001133").await;
    admin_changes_phone(&app, &admin, "2001", "+4799001144").await; // own: no notice
    admin_changes_phone(&app, &admin, "2002", "+4799001155").await;
    let now = app.clock.unix();
    let one = SendConfig {
        batch: 2,
        ..config(&app, "one")
    };

    let first = notices::claim(&app.db, &one, now).await.unwrap();
    let second = notices::claim(&app.db, &config(&app, "two"), now)
        .await
        .unwrap();
    let third = notices::claim(&app.db, &config(&app, "three"), now)
        .await
        .unwrap();

    assert_eq!(first.len(), 2);
    assert_eq!(second.len(), 1);
    assert!(third.is_empty());
    let mut all: Vec<&str> = first.iter().chain(&second).map(|n| n.id.as_str()).collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 3, "a notice was claimed twice");

    // The claims lapse with their lease: then another sender takes them.
    app.clock.advance(61);
    let later = notices::claim(&app.db, &config(&app, "three"), app.clock.unix())
        .await
        .unwrap();
    assert_eq!(later.len(), 3);
}

// ------------------------------------------------------------------ periodic jobs

/// A second "server": the same database through a pool of its own.
async fn second_server(app: &TestApp) -> AppState {
    let db = portal_server::store::db::connect(&app.state.settings.database_url)
        .await
        .unwrap();
    app.state.with_db(db)
}

static COUNTED: AtomicUsize = AtomicUsize::new(0);

fn counting_job(_: &AppState) -> JobFuture<'_> {
    Box::pin(async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        COUNTED.fetch_add(1, Ordering::SeqCst);
        Ok("counted".to_string())
    })
}

const COUNTING: PeriodicJob = PeriodicJob {
    name: "counting",
    every_seconds: 3600,
    run: counting_job,
};

#[tokio::test]
async fn a_periodic_job_runs_once_per_period_across_servers() {
    let app = TestApp::spawn().await;
    let a = app.state.clone();
    let b = second_server(&app).await;

    let (ra, rb) = tokio::join!(
        worker::run_if_due(&a, &COUNTING, "a", 60),
        worker::run_if_due(&b, &COUNTING, "b", 60)
    );

    let outcomes = [ra.unwrap(), rb.unwrap()];
    let ran = outcomes
        .iter()
        .filter(|o| matches!(o, JobOutcome::Ran(Ok(_))))
        .count();
    assert_eq!(ran, 1, "{outcomes:?}");
    assert_eq!(COUNTED.load(Ordering::SeqCst), 1);
    // Later in the same period: nobody runs it again.
    assert_eq!(
        worker::run_if_due(&b, &COUNTING, "b", 60).await.unwrap(),
        JobOutcome::NotOurs
    );
    assert_eq!(
        worker::run_if_due(&a, &COUNTING, "a", 60).await.unwrap(),
        JobOutcome::NotOurs
    );

    // The next period: once more.
    app.clock.advance(3600);
    let (ra, rb) = tokio::join!(
        worker::run_if_due(&a, &COUNTING, "a", 60),
        worker::run_if_due(&b, &COUNTING, "b", 60)
    );
    let outcomes = [ra.unwrap(), rb.unwrap()];
    assert_eq!(
        outcomes
            .iter()
            .filter(|o| **o == JobOutcome::NotOurs)
            .count(),
        1,
        "{outcomes:?}"
    );
    assert_eq!(COUNTED.load(Ordering::SeqCst), 2);
    let runs = app
        .rows("SELECT finished_at, outcome FROM job_runs WHERE job = 'counting'")
        .await;
    assert_eq!(runs.len(), 2);
    assert!(
        runs.iter()
            .all(|r| r["outcome"] == "counted" && r["finished_at"] != "NULL")
    );
}

static TAKEN_OVER: AtomicUsize = AtomicUsize::new(0);

fn takeover_job(_: &AppState) -> JobFuture<'_> {
    Box::pin(async {
        TAKEN_OVER.fetch_add(1, Ordering::SeqCst);
        Ok("done".to_string())
    })
}

#[tokio::test]
async fn a_run_whose_server_died_is_taken_over_when_its_lease_ends() {
    let app = TestApp::spawn().await;
    let job = PeriodicJob {
        name: "takeover",
        every_seconds: 86_400,
        run: takeover_job,
    };
    let now = app.clock.unix();
    // A server started this period's run and died: its row is unfinished, leased 30 s.
    sqlx::query("INSERT INTO job_runs (job, period, locked_by, locked_until, started_at) VALUES ('takeover', $1, 'dead', $2, $3)")
        .bind(worker::period_of(now, job.every_seconds))
        .bind(now + 30)
        .bind(now)
        .execute(&app.db)
        .await
        .unwrap();

    let during = worker::run_if_due(&app.state, &job, "alive", 30)
        .await
        .unwrap();
    assert_eq!(during, JobOutcome::NotOurs);
    assert_eq!(TAKEN_OVER.load(Ordering::SeqCst), 0);

    app.clock.advance(31);
    let after = worker::run_if_due(&app.state, &job, "alive", 30)
        .await
        .unwrap();
    assert_eq!(after, JobOutcome::Ran(Ok("done".into())));
    assert_eq!(TAKEN_OVER.load(Ordering::SeqCst), 1);
    let row = &app
        .rows("SELECT locked_by, attempts, finished_at FROM job_runs")
        .await[0];
    assert_eq!(row["locked_by"], "alive");
    assert_eq!(row["attempts"], "2");
    assert_ne!(row["finished_at"], "NULL");
}

fn failing_job(_: &AppState) -> JobFuture<'_> {
    Box::pin(async { Err("the database went away".to_string()) })
}

#[tokio::test]
async fn a_failed_run_is_tried_again_after_its_lease() {
    let app = TestApp::spawn().await;
    let job = PeriodicJob {
        name: "failing",
        every_seconds: 86_400,
        run: failing_job,
    };

    let first = worker::run_if_due(&app.state, &job, "a", 30).await.unwrap();
    assert!(matches!(first, JobOutcome::Ran(Err(_))), "{first:?}");
    assert_eq!(
        worker::run_if_due(&app.state, &job, "a", 30).await.unwrap(),
        JobOutcome::NotOurs
    );
    app.clock.advance(31);
    let again = worker::run_if_due(&app.state, &job, "b", 30).await.unwrap();
    assert!(matches!(again, JobOutcome::Ran(Err(_))), "{again:?}");
    let row = &app
        .rows("SELECT attempts, finished_at, outcome FROM job_runs")
        .await[0];
    assert_eq!(row["attempts"], "2");
    assert_eq!(row["finished_at"], "NULL");
    assert!(row["outcome"].contains("went away"));
}

#[tokio::test]
async fn a_filed_request_is_acknowledged_with_its_reference_and_due_date() {
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn().await;
    let anna = app.login("3001").await;
    let resp = app
        .post(
            "/api/me/requests/erasure",
            &anna,
            &json!({ "grounds": ["no_longer_necessary"], "details": "" }),
        )
        .await;
    let request: portal_domain::api::RequestView = expect_json(resp, StatusCode::CREATED).await;
    let delivery =
        Delivery::from_settings(&MailSettings::smtp(&sink.url(), DEFAULT_FROM), false).unwrap();

    let report = notices::deliver_due(&app.db, &delivery, &config(&app, "s"), app.clock.unix())
        .await
        .unwrap();

    assert_eq!(report.sent, 1, "{report:?}");
    let mail = &sink.messages()[0];
    assert_eq!(mail.rcpt_to, ["anna.svensson@example.se"]);
    assert_eq!(mail.subject(), "Vi har tagit emot din begäran");
    let body = mail.body();
    assert!(body.contains(&request.id), "{body}");
    assert!(body.contains("om radering"), "{body}");
    let due = portal_domain::format_iso_date(request.due_on);
    assert!(body.contains(&due), "{body}");
    assert!(!body.contains("Svensson"), "{body}");
}
