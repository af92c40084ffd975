//! The support console: the queue (filters, search, due-date order, counts per status,
//! overdue requests flagged, keyset paging), a request's detail with its history, internal
//! notes and assignment, asking the subject for information and their answer, rejecting
//! with a reason.

use portal_domain::ErrorCode;
use portal_domain::api::{RequestKind, RequestStatus, RequestView};
use portal_domain::support::{QUEUE_SEARCH_PERSONS_MAX, QueueItem, QueuePage, RequestDetail};
use portal_tests::{TestApp, expect_error, expect_json};
use reqwest::StatusCode;
use serde_json::json;

use crate::support_common::{
    act, advance_days, assert_queue_counters_exact, audit_actions, detail, execute,
    file_restriction, my_request, notices, queue,
};

fn ids(page: &QueuePage) -> Vec<&str> {
    page.items.iter().map(|i| i.id.as_str()).collect()
}

fn count(page: &QueuePage, status: RequestStatus) -> u64 {
    page.counts
        .iter()
        .find(|c| c.status == status)
        .map(|c| c.requests)
        .unwrap()
}

/// Three requests received on three different days: Kari's erasure, Anna's erasure two
/// days later, Ingrid's restriction a day after that.
async fn three_requests(app: &TestApp) -> (RequestView, RequestView, RequestView) {
    let kari = app.login("1001").await;
    let k = app.file_erasure(&kari).await;
    advance_days(app, 2);
    let anna = app.login("3001").await;
    let a = app.file_erasure(&anna).await;
    advance_days(app, 1);
    let ingrid = app.login("2002").await;
    let i = file_restriction(app, &ingrid).await;
    (k, a, i)
}

#[tokio::test]
async fn the_queue_lists_requests_by_due_date_with_their_subject_and_counts() {
    let app = TestApp::spawn().await;
    let (k, a, i) = three_requests(&app).await;
    let support = app.login("S1").await;

    let page = queue(&app, &support, "").await;

    assert_eq!(ids(&page), [&k.id, &a.id, &i.id]);
    let first: &QueueItem = &page.items[0];
    assert_eq!(first.subject.id, "1001");
    assert_eq!(first.subject.name, "Kari Nordmann");
    assert_eq!(first.subject.email, "kari.nordmann@example.no");
    assert_eq!(first.subject.account_id, "A100");
    assert_eq!(first.due_on, k.due_on);
    assert_eq!(
        first.days_left,
        portal_domain::deadline::days_left(app.clock.today(), k.due_on)
    );
    assert!(!first.overdue && !first.extended);
    assert_eq!(page.items[2].kind, RequestKind::Restriction);
    assert_eq!(page.items[2].subject.account_name, "Nordlys Webbyrå AS");
    assert_eq!(count(&page, RequestStatus::Submitted), 3);
    assert_eq!(count(&page, RequestStatus::Completed), 0);
    assert_eq!(page.counts.len(), RequestStatus::ALL.len());
    assert_eq!(page.overdue, 0);
    assert_eq!(page.next_cursor, None);
}

#[tokio::test]
async fn the_queue_pages_by_keyset_without_gaps_or_repeats() {
    let app = TestApp::spawn().await;
    let (k, a, i) = three_requests(&app).await;
    let support = app.login("S1").await;

    let mut seen = Vec::new();
    let mut query = "?limit=1".to_string();
    loop {
        let page = queue(&app, &support, &query).await;
        assert!(page.items.len() <= 1);
        seen.extend(page.items.iter().map(|i| i.id.clone()));
        match page.next_cursor {
            Some(c) => query = format!("?limit=1&after={c}"),
            None => break,
        }
    }

    assert_eq!(seen, [k.id, a.id, i.id]);
    let resp = app
        .get("/api/support/requests?after=not-a-cursor", &support)
        .await;
    let error = expect_error(
        resp,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await;
    assert_eq!(error.fields[0].field, "after");
    let resp = app.get("/api/support/requests?limit=1000", &support).await;
    expect_error(resp, StatusCode::BAD_REQUEST, ErrorCode::QueryOutOfRange).await;
    let resp = app.get("/api/support/requests?colour=red", &support).await;
    expect_error(resp, StatusCode::BAD_REQUEST, ErrorCode::MalformedBody).await;
}

#[tokio::test]
async fn the_queue_filters_by_kind_status_assignee_and_search() {
    let app = TestApp::spawn().await;
    let (k, a, i) = three_requests(&app).await;
    let support = app.login("S1").await;
    let resp = act(&app, &support, &k.id, "assign", json!({})).await;
    let assigned: RequestDetail = expect_json(resp, StatusCode::OK).await;
    assert_eq!(assigned.assignee_id.as_deref(), Some("S1"));
    assert_eq!(assigned.request.status, RequestStatus::InProgress);

    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("?kind=restriction", vec![&i.id]),
        ("?kind=erasure", vec![&k.id, &a.id]),
        ("?status=in_progress", vec![&k.id]),
        ("?status=submitted", vec![&a.id, &i.id]),
        ("?open=true", vec![&k.id, &a.id, &i.id]),
        ("?status=completed", vec![]),
        ("?assignee=me", vec![&k.id]),
        ("?assignee=S1", vec![&k.id]),
        ("?assignee=none", vec![&a.id, &i.id]),
        ("?q=svensson", vec![&a.id]),
        ("?q=ANNA.SVENSSON%40EXAMPLE", vec![&a.id]),
        ("?q=nordlys.example", vec![&i.id]),
        ("?q=1001", vec![&k.id]),
        ("?q=%25", vec![]),
        ("?q=_", vec![]),
        ("?kind=erasure&q=ingrid", vec![]),
    ];
    for (query, expected) in cases {
        let page = queue(&app, &support, query).await;
        assert_eq!(ids(&page), expected, "{query}");
    }
    let by_id = queue(&app, &support, &format!("?q={}", a.id)).await;
    assert_eq!(ids(&by_id), [&a.id]);
    let page = queue(&app, &support, "").await;
    assert_eq!(count(&page, RequestStatus::Submitted), 2);
    assert_eq!(count(&page, RequestStatus::InProgress), 1);
}

/// Search finds a person by any part of their name or e-mail in any case, diacritics
/// counting as letters of their own; it follows a change of the person's name, and its
/// results page by keyset like the whole queue.
#[tokio::test]
async fn the_search_finds_any_part_of_a_name_or_e_mail_in_any_case() {
    let app = TestApp::spawn().await;
    let (k, a, i) = three_requests(&app).await;
    let support = app.login("S1").await;
    sqlx::query("UPDATE billing_persons SET name = 'Åse Ødegård' WHERE id = '3001'")
        .execute(&app.db)
        .await
        .unwrap();

    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("?q=%C3%B8deg%C3%A5rd", vec![&a.id]),
        ("?q=%C3%98DEG%C3%85RD", vec![&a.id]),
        ("?q=%C3%85se%20%C3%B8", vec![&a.id]),
        ("?q=odegard", vec![]),
        ("?q=svensson", vec![&a.id]),
        ("?q=anna", vec![&a.id]),
        ("?q=KaRi", vec![&k.id]),
        ("?q=nordmann%40example.no", vec![&k.id]),
        ("?q=ann.svensson", vec![]),
        ("?q=EXAMPLE.no", vec![&k.id, &i.id]),
        ("?q=no", vec![&k.id, &i.id]),
        ("?q=%22", vec![]),
        ("?q=%22kari%22", vec![]),
        ("?q=zzzq", vec![]),
    ];
    for (query, expected) in cases {
        let page = queue(&app, &support, query).await;
        assert_eq!(ids(&page), expected, "{query}");
    }

    let mut seen = Vec::new();
    let mut query = "?q=example&limit=1".to_string();
    loop {
        let page = queue(&app, &support, &query).await;
        seen.extend(page.items.iter().map(|i| i.id.clone()));
        match page.next_cursor {
            Some(c) => query = format!("?q=example&limit=1&after={c}"),
            None => break,
        }
    }
    assert_eq!(seen, [k.id.clone(), a.id.clone(), i.id.clone()]);
    let open = queue(&app, &support, "?q=example&status=submitted&kind=erasure").await;
    assert_eq!(ids(&open), [&k.id, &a.id]);
}

/// A search looks through at most `QUEUE_SEARCH_PERSONS_MAX` persons; one that matches
/// more says so, and the console asks for a longer text.
#[tokio::test]
async fn a_search_matching_more_persons_than_it_looks_through_says_so() {
    let app = TestApp::spawn().await;
    let (k, _, _) = three_requests(&app).await;
    let support = app.login("S1").await;
    let persons: Vec<String> = (0..=QUEUE_SEARCH_PERSONS_MAX)
        .map(|i| format!("('T{i}', 'A100', 'Trine Mangesen {i}', 'trine{i}@example.no', 0)"))
        .collect();
    let insert = format!(
        "INSERT INTO billing_persons (id, account_id, name, email, created_at) VALUES {}",
        persons.join(", ")
    );
    sqlx::query(sqlx::AssertSqlSafe(insert))
        .execute(&app.db)
        .await
        .unwrap();

    let many = queue(&app, &support, "?q=mangesen").await;
    assert!(
        many.search_capped,
        "{} persons match",
        QUEUE_SEARCH_PERSONS_MAX + 1
    );
    assert!(many.items.is_empty(), "none of them has a request");
    let few = queue(&app, &support, "?q=kari").await;
    assert!(!few.search_capped);
    assert_eq!(ids(&few), [&k.id]);
    let all = queue(&app, &support, "").await;
    assert!(!all.search_capped);
    // The built-in store runs the sweep: no warning.
    assert!(!all.retention_sweep_off);

    sqlx::query("DELETE FROM billing_persons WHERE id = 'T0'")
        .execute(&app.db)
        .await
        .unwrap();
    let exactly = queue(&app, &support, "?q=mangesen").await;
    assert!(!exactly.search_capped, "exactly the most it looks through");
}

#[tokio::test]
async fn overdue_requests_stand_out_and_can_be_filtered() {
    let app = TestApp::spawn().await;
    let (k, a, _) = three_requests(&app).await;
    // One day after Kari's due date, one day before Anna's.
    let today = app.clock.today();
    advance_days(&app, (k.due_on - today).whole_days() + 1);
    let support = app.login("S1").await;

    let page = queue(&app, &support, "").await;
    let overdue = queue(&app, &support, "?overdue=true").await;

    assert!(page.items[0].overdue);
    assert_eq!(page.items[0].days_left, -1);
    assert!(!page.items[1].overdue);
    assert_eq!(page.items[1].id, a.id);
    assert_eq!(page.overdue, 1);
    assert_eq!(ids(&overdue), [&k.id]);
}

/// The queue's overdue requests, and its overdue count, are `expected`; the counters the
/// database keeps are exact.
async fn overdue_now(app: &TestApp, expected: &[&String]) {
    // A fresh session: the clock moves by weeks, past any session's idle timeout.
    let support = app.login("S1").await;
    let page = queue(app, &support, "").await;
    let listed = queue(app, &support, "?overdue=true").await;
    assert_eq!(ids(&listed), expected, "on {}", app.clock.today());
    assert_eq!(
        page.overdue,
        expected.len() as u64,
        "on {}",
        app.clock.today()
    );
    assert_queue_counters_exact(app).await;
}

/// The overdue count is kept by the writes, per due date, and summed for the dates before
/// today: it grows as the clock passes due dates with no write at all, follows an
/// extension, a question to the subject and every decision, and always equals the requests
/// the overdue filter lists.
#[tokio::test]
async fn the_overdue_count_follows_the_clock_and_every_change_of_a_request() {
    let app = TestApp::spawn().await;
    let (k, a, i) = three_requests(&app).await;
    let support = app.login("S1").await;
    let reason = "Your data sits in three systems that we must search by hand.";
    let resp = act(
        &app,
        &support,
        &a.id,
        "extend",
        json!({ "months": 1, "reason": reason }),
    )
    .await;
    let extended: RequestDetail = expect_json(resp, StatusCode::OK).await;
    overdue_now(&app, &[]).await;

    // The day Kari's request falls due it is not overdue yet; the day after it is.
    let today = app.clock.today();
    advance_days(&app, (k.due_on - today).whole_days());
    overdue_now(&app, &[]).await;
    advance_days(&app, 1);
    overdue_now(&app, &[&k.id]).await;
    // Anna's original due date passes, but it was extended; Ingrid's passes.
    let today = app.clock.today();
    advance_days(&app, (i.due_on - today).whole_days() + 1);
    overdue_now(&app, &[&k.id, &i.id]).await;
    // Waiting for the subject's answer is still open, and still overdue.
    let resp = act(
        &app,
        &app.login("S1").await,
        &i.id,
        "ask",
        json!({ "question": "Which address is the wrong one?" }),
    )
    .await;
    let _: RequestDetail = expect_json(resp, StatusCode::OK).await;
    overdue_now(&app, &[&k.id, &i.id]).await;
    let resp = act(
        &app,
        &app.login("S1").await,
        &k.id,
        "reject",
        json!({ "reason": "The account has unpaid invoices we must keep." }),
    )
    .await;
    let _: RequestDetail = expect_json(resp, StatusCode::OK).await;
    overdue_now(&app, &[&i.id]).await;
    let today = app.clock.today();
    advance_days(&app, (extended.due_on - today).whole_days() + 1);
    overdue_now(&app, &[&i.id, &a.id]).await;
    execute(&app, &app.login("S1").await, &a.id).await;
    overdue_now(&app, &[&i.id]).await;
    let page = queue(&app, &app.login("S1").await, "").await;
    assert_eq!(count(&page, RequestStatus::Rejected), 1);
    assert_eq!(count(&page, RequestStatus::AwaitingSubject), 1);
}

#[tokio::test]
async fn the_detail_shows_history_notes_and_assignment_and_its_opening_is_audited() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let request = app.file_erasure(&kari).await;
    let support = app.login("S1").await;

    let resp = act(&app, &support, &request.id, "assign", json!({})).await;
    let _: RequestDetail = expect_json(resp, StatusCode::OK).await;
    let note = "Checked the billing system: two open invoices.";
    let resp = act(
        &app,
        &support,
        &request.id,
        "notes",
        json!({ "text": note }),
    )
    .await;
    let _: RequestDetail = expect_json(resp, StatusCode::OK).await;
    let d = detail(&app, &support, &request.id).await;

    assert_eq!(d.subject.name, "Kari Nordmann");
    assert_eq!(d.subject.email, "kari.nordmann@example.no");
    assert_eq!(d.assignee_id.as_deref(), Some("S1"));
    let events: Vec<&str> = d.events.iter().map(|e| e.event.as_str()).collect();
    assert_eq!(events, ["received", "assigned"]);
    assert_eq!(d.events[1].actor.person_id, "S1");
    assert_eq!(d.notes.len(), 1);
    assert_eq!(d.notes[0].text, note);
    assert_eq!(d.notes[0].author_id, "S1");
    assert_eq!(d.due_on, request.due_on);
    assert!(d.may_extend);
    // The note is support's alone: not in the subject's view of the request, nor in
    // their export.
    let mine = app
        .get("/api/me/requests", &kari)
        .await
        .text()
        .await
        .unwrap();
    assert!(!mine.contains("two open invoices"), "{mine}");
    let export = app.export(&kari).await.to_string();
    assert!(!export.contains("two open invoices"));
    let actions = audit_actions(&app, "1001").await;
    assert!(
        actions.contains(&"support.request_opened".to_string()),
        "{actions:?}"
    );
    assert!(
        actions.contains(&"request.noted".to_string()),
        "{actions:?}"
    );
    let audit_text = format!("{:?}", app.rows("SELECT * FROM audit_log").await);
    assert!(!audit_text.contains("two open invoices"));
    assert!(!audit_text.contains("Kari"));
    let resp = app
        .get(
            "/api/support/requests/00000000-0000-4000-8000-000000000000",
            &support,
        )
        .await;
    expect_error(resp, StatusCode::NOT_FOUND, ErrorCode::NotFound).await;
}

#[tokio::test]
async fn support_asks_the_subject_who_answers_in_the_portal() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let request = app.file_erasure(&kari).await;
    let support = app.login("S1").await;
    let question = "Which e-mail address did you use for the newsletter?";

    let resp = act(
        &app,
        &support,
        &request.id,
        "ask",
        json!({ "question": question }),
    )
    .await;
    let asked: RequestDetail = expect_json(resp, StatusCode::OK).await;

    assert_eq!(asked.request.status, RequestStatus::AwaitingSubject);
    let seen = my_request(&app, &kari, &request.id).await;
    assert_eq!(seen.status, RequestStatus::AwaitingSubject);
    assert_eq!(seen.question.as_deref(), Some(question));
    let needed: Vec<_> = notices(&app)
        .await
        .into_iter()
        .filter(|n| n.2 == "information_needed")
        .collect();
    assert_eq!(needed.len(), 1);
    assert_eq!(needed[0].1, "kari.nordmann@example.no");
    assert_eq!(needed[0].3["question"], question);
    // Executing now would decide without the answer.
    let resp = act(&app, &support, &request.id, "execute", json!({})).await;
    expect_error(resp, StatusCode::CONFLICT, ErrorCode::InvalidState).await;

    // Only the subject answers their own request.
    let anna = app.login("3001").await;
    let answer = json!({ "answer": "kari.nordmann@example.no, the same as here." });
    let path = format!("/api/me/requests/{}/answer", request.id);
    let resp = app.post(&path, &anna, &answer).await;
    expect_error(resp, StatusCode::NOT_FOUND, ErrorCode::NotFound).await;
    let resp = app.post(&path, &kari, &json!({ "answer": "  " })).await;
    expect_error(
        resp,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await;
    let resp = app.post(&path, &kari, &answer).await;
    let answered: RequestView = expect_json(resp, StatusCode::OK).await;

    assert_eq!(answered.status, RequestStatus::InProgress);
    let d = detail(&app, &support, &request.id).await;
    let last = d.events.last().unwrap();
    assert_eq!(last.event, "answered");
    assert_eq!(last.actor.person_id, "1001");
    assert_eq!(
        last.note.as_deref(),
        Some("kari.nordmann@example.no, the same as here.")
    );
    let resp = app.post(&path, &kari, &answer).await;
    expect_error(resp, StatusCode::CONFLICT, ErrorCode::InvalidState).await;
}

#[tokio::test]
async fn a_rejection_gives_the_subject_the_reason_and_the_complaint_route() {
    let app = TestApp::spawn().await;
    let kari = app.login("1001").await;
    let request = app.file_erasure(&kari).await;
    let support = app.login("S1").await;

    let resp = act(
        &app,
        &support,
        &request.id,
        "reject",
        json!({ "reason": "" }),
    )
    .await;
    let error = expect_error(
        resp,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await;
    assert_eq!(error.fields[0].field, "reason");
    let reason = "The account has unpaid invoices; we must keep it until they are settled.";
    let resp = act(
        &app,
        &support,
        &request.id,
        "reject",
        json!({ "reason": reason }),
    )
    .await;
    let rejected: RequestDetail = expect_json(resp, StatusCode::OK).await;

    assert_eq!(rejected.request.status, RequestStatus::Rejected);
    let seen = my_request(&app, &kari, &request.id).await;
    assert_eq!(seen.status, RequestStatus::Rejected);
    assert_eq!(seen.decision_note.as_deref(), Some(reason));
    let notice = notices(&app)
        .await
        .into_iter()
        .find(|n| n.2 == "request_rejected")
        .expect("a rejection notice");
    assert_eq!(notice.3["reason"], reason);
    assert_eq!(
        notice.3["complaint_url"],
        app.operator.supervisory_authority.url
    );
    // The widget shows the same complaint route beside the reason, from the session.
    let session = app.login_as("1001", "A100", "customer").await;
    assert_eq!(
        session.supervisory_authority.url,
        app.operator.supervisory_authority.url
    );
    assert_eq!(
        session.supervisory_authority.name,
        app.operator.supervisory_authority.name
    );
    for action in ["reject", "execute", "assign"] {
        let resp = act(
            &app,
            &support,
            &request.id,
            action,
            json!({ "reason": "again" }),
        )
        .await;
        expect_error(resp, StatusCode::CONFLICT, ErrorCode::InvalidState).await;
    }
    // Decided: a new request may be filed.
    let again = app.file_erasure(&kari).await;
    assert_ne!(again.id, request.id);
}

/// The plan of a queue page: each filter is an index range scan in due-date order (see
/// migration 0003), so a page costs the same with a million requests. Postgres plans
/// an empty table with full or bitmap scans, so it is told not to, to show the index
/// serves.
/// (Measured with a million requests: a page, at any depth, in under a millisecond on
/// Postgres and a few on SQLite.)
#[tokio::test]
async fn queue_pages_are_index_range_scans() {
    use portal_server::support::queue::{DUE, OPEN};
    use sqlx::Row;

    let app = TestApp::spawn().await;
    let mut conn = app.db.acquire().await.unwrap();
    let postgres = matches!(portal_tests::backend(), portal_tests::Backend::Postgres(_));
    if postgres {
        for setting in ["enable_seqscan", "enable_bitmapscan"] {
            sqlx::query(sqlx::AssertSqlSafe(format!("SET {setting} = off")))
                .execute(&mut *conn)
                .await
                .unwrap();
        }
    }
    let explain = if postgres {
        "EXPLAIN"
    } else {
        "EXPLAIN QUERY PLAN"
    };
    let page = |filter: &str| {
        format!(
            "{explain} SELECT r.id FROM privacy_requests r LEFT JOIN billing_persons p ON p.id = r.person_id \
             WHERE {filter} AND {DUE} >= '2026-01-01' AND ({DUE}, r.id) > ('2026-01-01', 'x') \
             ORDER BY {DUE}, r.id LIMIT 26"
        )
    };
    let awaiting = format!("r.status = 'awaiting_subject' AND {OPEN}");
    for (filter, index) in [
        ("1 = 1", "privacy_requests_queue"),
        (OPEN, "privacy_requests_queue_open"),
        ("r.status = 'completed'", "privacy_requests_queue"),
        (awaiting.as_str(), "privacy_requests_queue_open"),
        ("r.assignee_id = 'S1'", "privacy_requests_queue_assignee"),
    ] {
        let rows = sqlx::query(sqlx::AssertSqlSafe(page(filter)))
            .fetch_all(&mut *conn)
            .await
            .unwrap();
        let plan: Vec<String> = rows
            .iter()
            .map(|r| r.try_get::<String, _>(r.len() - 1).unwrap())
            .collect();
        let plan = plan.join("\n");
        assert!(plan.contains(index), "{filter}: {plan}");
        assert!(!plan.contains("TEMP B-TREE"), "{filter} sorts: {plan}");
        assert!(!plan.contains("Sort"), "{filter} sorts: {plan}");
    }
}

#[tokio::test]
async fn the_demo_queue_holds_a_request_in_each_state_support_meets() {
    let app = TestApp::spawn().await;
    let key = &app.keys.private_pem;
    portal_server::demo::seed_requests(&app.state, key, portal_server::http::app)
        .await
        .expect("seed the demo queue");
    // Seeding twice adds nothing.
    portal_server::demo::seed_requests(&app.state, key, portal_server::http::app)
        .await
        .expect("seed the demo queue again");
    let support = app.login("S1").await;

    let open = queue(&app, &support, "?open=true").await;
    let status_of = |name: &str| -> Vec<(RequestStatus, bool)> {
        open.items
            .iter()
            .filter(|i| i.subject.name == name)
            .map(|i| (i.status, i.overdue))
            .collect()
    };
    assert_eq!(status_of("Erik Dahl"), [(RequestStatus::Submitted, false)]);
    assert_eq!(
        status_of("Sofia Lund"),
        [(RequestStatus::InProgress, false)]
    );
    assert_eq!(
        status_of("Mats Berg"),
        [(RequestStatus::AwaitingSubject, false)]
    );
    assert_eq!(status_of("Nora Vik"), [(RequestStatus::Submitted, true)]);
    assert_eq!(open.overdue, 1);
    let erik = open
        .items
        .iter()
        .find(|i| i.subject.name == "Erik Dahl")
        .unwrap();
    assert!(erik.days_left > 20 && erik.days_left < 31, "{erik:?}");

    let completed = queue(&app, &support, "?status=completed").await;
    assert_eq!(completed.items.len(), 1);
    let jon = detail(&app, &support, &completed.items[0].id).await;
    let result = jon.request.erasure_result.expect("an erasure result");
    assert!(
        result.kept.iter().any(|k| k.until.is_some()),
        "the invoice is kept until its date: {result:?}"
    );
}
