//! The audit trail's check: `GET /api/support/audit/verify` (support only) and the
//! `verify-audit` command find an altered, deleted or reordered entry at that entry.

use portal_domain::ErrorCode;
use portal_domain::api::AuditVerification;
use portal_tests::{NO_SESSION, SECOND_ADMIN, SECOND_COMPANY, TestApp, expect_error, processes};
use reqwest::{Method, StatusCode};
use serde_json::json;

/// Makes six audited changes (and so six entries) as Kari.
async fn six_entries(app: &TestApp) {
    let kari = app.login("1001").await;
    for active in [true, false, true, false, true, false] {
        let resp = app
            .put(
                "/api/me/purposes/web_analytics",
                &kari,
                &json!({ "active": active }),
            )
            .await;
        assert_eq!(resp.status(), StatusCode::OK);
    }
    let n = app.rows("SELECT COUNT(*) AS n FROM audit_log").await;
    assert_eq!(n[0]["n"], "6");
}

async fn verify(app: &TestApp) -> AuditVerification {
    let support = app.login("S1").await;
    app.get_ok("/api/support/audit/verify", &support).await
}

async fn exec(app: &TestApp, sql: &str) {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(&app.db)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

#[tokio::test]
async fn only_support_may_check_the_trail() {
    let app = TestApp::spawn().await;
    let customer = app.login("1001").await;
    let employee = app.login("2002").await;
    let admin_a = app.login("2001").await;
    let admin_b = app
        .login_as(SECOND_ADMIN, SECOND_COMPANY, "company_admin")
        .await
        .session_token;

    for (who, token) in [
        ("customer", &customer),
        ("employee", &employee),
        ("admin A", &admin_a),
        ("admin B", &admin_b),
    ] {
        let resp = app.get("/api/support/audit/verify", token).await;
        let err = expect_error(resp, StatusCode::FORBIDDEN, ErrorCode::Forbidden).await;
        assert!(!err.message.is_empty(), "{who}");
    }
    let resp = app.get("/api/support/audit/verify", NO_SESSION).await;
    expect_error(resp, StatusCode::UNAUTHORIZED, ErrorCode::Unauthenticated).await;
    let resp = app
        .request(Method::GET, "/api/support/audit/verify")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);

    let report = verify(&app).await;
    assert_eq!(
        report,
        AuditVerification {
            entries: 0,
            intact: true,
            first_broken: None
        }
    );
}

#[tokio::test]
async fn an_untouched_trail_is_intact() {
    let app = TestApp::spawn().await;
    six_entries(&app).await;

    let report = verify(&app).await;

    assert!(report.intact, "{report:?}");
    assert_eq!(report.entries, 6);
    assert_eq!(report.first_broken, None);
}

#[tokio::test]
async fn an_altered_entry_is_reported_at_that_entry() {
    let app = TestApp::spawn().await;
    six_entries(&app).await;

    exec(&app, "UPDATE audit_log SET actor_id = '2001' WHERE seq = 3").await;

    let report = verify(&app).await;
    assert!(!report.intact);
    let broken = report.first_broken.unwrap();
    assert_eq!(broken.seq, 3);
    assert_eq!(broken.reason, "content does not match its hash");
    assert_eq!(report.entries, 3, "the check stops at the first break");
}

#[tokio::test]
async fn an_altered_entry_with_a_recomputed_hash_breaks_the_next_link() {
    let app = TestApp::spawn().await;
    six_entries(&app).await;
    let rows = app
        .rows("SELECT seq, at, actor_id, actor_role, action, subject_id, subject_account, target, fields, prev_hash, hash FROM audit_log WHERE seq = 4")
        .await;
    let r = &rows[0];
    let mut forged = portal_server::store::audit::Entry {
        seq: 4,
        at: r["at"].parse().unwrap(),
        actor_id: "S1".into(),
        actor_role: "support".into(),
        action: r["action"].clone(),
        subject_id: r["subject_id"].clone(),
        subject_account: r["subject_account"].clone(),
        target: r["target"].clone(),
        fields: r["fields"].clone(),
        prev_hash: r["prev_hash"].clone(),
        hash: String::new(),
    };
    forged.hash = portal_server::store::audit::entry_hash(&forged);

    sqlx::query("UPDATE audit_log SET actor_id = $1, actor_role = $2, hash = $3 WHERE seq = 4")
        .bind(&forged.actor_id)
        .bind(&forged.actor_role)
        .bind(&forged.hash)
        .execute(&app.db)
        .await
        .unwrap();

    let broken = verify(&app).await.first_broken.unwrap();
    assert_eq!(broken.seq, 5);
    assert_eq!(broken.reason, "does not link to the entry before it");
}

#[tokio::test]
async fn a_deleted_entry_is_reported_at_the_entry_after_it() {
    let app = TestApp::spawn().await;
    six_entries(&app).await;

    exec(&app, "DELETE FROM audit_log WHERE seq = 3").await;

    let report = verify(&app).await;
    let broken = report.first_broken.unwrap();
    assert_eq!(broken.seq, 4);
    assert!(broken.reason.contains("missing"), "{broken:?}");
}

#[tokio::test]
async fn a_deleted_first_entry_is_reported() {
    let app = TestApp::spawn().await;
    six_entries(&app).await;

    exec(&app, "DELETE FROM audit_log WHERE seq = 1").await;

    assert_eq!(verify(&app).await.first_broken.unwrap().seq, 2);
}

#[tokio::test]
async fn reordered_entries_are_reported_at_the_first_moved_one() {
    let app = TestApp::spawn().await;
    six_entries(&app).await;

    // Entries 3 and 4 trade places: each now stands under the other's number.
    exec(&app, "UPDATE audit_log SET seq = -4 WHERE seq = 4").await;
    exec(&app, "UPDATE audit_log SET seq = 4 WHERE seq = 3").await;
    exec(&app, "UPDATE audit_log SET seq = 3 WHERE seq = -4").await;

    let broken = verify(&app).await.first_broken.unwrap();
    assert_eq!(broken.seq, 3);
}

#[tokio::test]
async fn the_library_check_agrees_with_the_endpoint() {
    let app = TestApp::spawn().await;
    six_entries(&app).await;
    exec(&app, "UPDATE audit_log SET fields = 'phone' WHERE seq = 2").await;

    let mut conn = app.db.acquire().await.unwrap();
    let (count, broken) = portal_server::store::audit::verify(&mut conn)
        .await
        .unwrap();
    drop(conn);

    assert_eq!(broken.map(|b| b.seq), Some(2));
    assert_eq!(count, 2);
    assert_eq!(verify(&app).await.first_broken.unwrap().seq, 2);
}

#[tokio::test]
async fn the_command_names_the_first_broken_entry() {
    let app = TestApp::spawn().await;
    six_entries(&app).await;
    let binary = std::path::Path::new(env!("CARGO_BIN_EXE_privacy-portal-under-test"));
    let env = processes::PortalEnv::new(
        &app.keys.public_pem,
        app.state.settings.database_url.clone(),
    );

    let intact = env
        .command(binary)
        .arg("verify-audit")
        .output()
        .await
        .unwrap();
    let out = String::from_utf8_lossy(&intact.stdout);
    assert_eq!(
        intact.status.code(),
        Some(0),
        "{out}{}",
        String::from_utf8_lossy(&intact.stderr)
    );
    assert!(out.contains("6 entries"), "{out}");
    assert!(out.contains("audit trail intact"), "{out}");

    exec(
        &app,
        "UPDATE audit_log SET target = 'usage_analysis' WHERE seq = 5",
    )
    .await;
    let broken = env
        .command(binary)
        .arg("verify-audit")
        .output()
        .await
        .unwrap();
    let out = String::from_utf8_lossy(&broken.stdout);
    assert_eq!(broken.status.code(), Some(1), "{out}");
    assert!(out.contains("broken at entry 5"), "{out}");
    assert!(!out.contains("intact"), "{out}");
}
