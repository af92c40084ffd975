//! The audit trail's check: `GET /api/support/audit/verify` (support only) and the
//! `verify-audit` command find an altered, deleted or reordered entry at that entry, and,
//! against the newest signed checkpoint, entries cut from the end of a chain, a whole
//! chain gone, and a chain rewritten with plain hashes by someone without the audit key.
//! A trail written before the key verifies as it did, with the entries after it.

use std::path::Path;

use portal_domain::ErrorCode;
use portal_domain::api::{AuditCheckpointRef, AuditVerification, PurposesView};
use portal_server::store::audit::{
    self, Entry, FORM_SINGLE_CHAIN, FORM_SUBJECT_CHAIN, GENESIS, entry_hash,
};
use portal_server::store::audit_checkpoints::{self as checkpoints, Outcome, Target};
use portal_tests::{
    NO_SESSION, SECOND_ADMIN, SECOND_COMPANY, Scratch, TestApp, database, expect_error, processes,
};
use reqwest::{Method, StatusCode};
use serde_json::json;

const BINARY: &str = env!("CARGO_BIN_EXE_privacy-portal-under-test");

/// Makes `n` audited changes (and so `n` entries) as `person`, a customer: switches web
/// analytics over and back.
async fn entries_about(app: &TestApp, person: &str, n: usize) {
    let token = app.login(person).await;
    let view: PurposesView = app.get_ok("/api/me/purposes", &token).await;
    let mut active = view
        .purposes
        .iter()
        .find(|p| p.key == "web_analytics")
        .unwrap()
        .active;
    for _ in 0..n {
        active = !active;
        let resp = app
            .put(
                "/api/me/purposes/web_analytics",
                &token,
                &json!({ "active": active }),
            )
            .await;
        assert_eq!(resp.status(), StatusCode::OK);
    }
}

/// Makes six audited changes (and so six entries) as Kari.
async fn six_entries(app: &TestApp) {
    entries_about(app, "1001", 6).await;
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

/// Signs a checkpoint now, as the background work does.
async fn checkpoint(app: &TestApp) -> Outcome {
    checkpoints::write(
        &app.db,
        Target::of(&app.state.settings.audit),
        app.clock.unix(),
        "test",
    )
    .await
    .unwrap()
}

/// Signs a checkpoint and returns its number.
async fn checkpoint_id(app: &TestApp) -> i64 {
    match checkpoint(app).await {
        Outcome::Written { id, .. } => id,
        other => panic!("no checkpoint written: {other:?}"),
    }
}

/// The problems of a report, asserting it is broken.
fn problems(report: &AuditVerification) -> Vec<&str> {
    assert!(!report.intact, "{report:?}");
    assert!(!report.problems.is_empty(), "{report:?}");
    report.problems.iter().map(String::as_str).collect()
}

fn has(report: &AuditVerification, text: &str) -> bool {
    report.problems.iter().any(|p| p.contains(text))
}

/// The sequence numbers of `subject`'s entries, oldest first.
async fn seqs_of(app: &TestApp, subject: &str) -> Vec<i64> {
    app.rows(&format!(
        "SELECT seq FROM audit_log WHERE subject_id = '{subject}' ORDER BY seq"
    ))
    .await
    .iter()
    .map(|r| r["seq"].parse().unwrap())
    .collect()
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
    // The first start signed the (empty) trail's first checkpoint.
    let at = report.checkpoint.as_ref().map_or(0, |c| c.at);
    assert_eq!(
        report,
        AuditVerification {
            entries: 0,
            intact: true,
            first_broken: None,
            problems: Vec::new(),
            checkpoint: Some(AuditCheckpointRef {
                id: 1,
                at,
                chains: 0,
                entries: 0
            }),
        }
    );
}

#[tokio::test]
async fn an_untouched_trail_is_intact_before_and_after_a_checkpoint() {
    let app = TestApp::spawn().await;
    six_entries(&app).await;
    entries_about(&app, "2002", 2).await;

    let report = verify(&app).await;
    assert!(report.intact, "{report:?}");
    assert_eq!(report.entries, 8);
    assert_eq!(report.first_broken, None);
    assert!(report.problems.is_empty());

    assert_eq!(checkpoint_id(&app).await, 2);
    let report = verify(&app).await;
    assert!(report.intact, "{report:?}");
    let c = report.checkpoint.unwrap();
    assert_eq!((c.id, c.chains, c.entries), (2, 2, 8));
    // Every entry is sealed with the key.
    let forms = app
        .rows("SELECT DISTINCT form FROM audit_log ORDER BY form")
        .await;
    assert_eq!(forms.len(), 1);
    assert_eq!(forms[0]["form"], "3");
    // Nothing appended since: no new checkpoint.
    assert_eq!(checkpoint(&app).await, Outcome::Unchanged { id: 2 });
}

#[tokio::test]
async fn an_altered_entry_is_reported_at_that_entry() {
    let app = TestApp::spawn().await;
    six_entries(&app).await;

    exec(&app, "UPDATE audit_log SET actor_id = '2001' WHERE seq = 3").await;

    let report = verify(&app).await;
    let broken = report.first_broken.clone().unwrap();
    assert_eq!(broken.seq, 3);
    assert_eq!(broken.reason, "content does not match its hash");
    assert_eq!(report.entries, 6, "the whole trail is checked");
    assert_eq!(
        problems(&report),
        [
            "entry 3 altered: its content does not match its MAC (the chain of subject 1001, place 3)"
        ]
    );
}

#[tokio::test]
async fn an_altered_entry_with_a_recomputed_plain_hash_is_found_at_that_entry() {
    let app = TestApp::spawn().await;
    six_entries(&app).await;
    let rows = app
        .rows("SELECT seq, at, actor_id, actor_role, action, subject_id, subject_account, target, fields, prev_hash, hash FROM audit_log WHERE seq = 4")
        .await;
    let r = &rows[0];
    let mut forged = Entry {
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
    forged.hash = entry_hash(&forged);

    sqlx::query("UPDATE audit_log SET actor_id = $1, actor_role = $2, hash = $3 WHERE seq = 4")
        .bind(&forged.actor_id)
        .bind(&forged.actor_role)
        .bind(&forged.hash)
        .execute(&app.db)
        .await
        .unwrap();

    let report = verify(&app).await;
    let broken = report.first_broken.clone().unwrap();
    assert_eq!(broken.seq, 4);
    assert_eq!(broken.reason, "content does not match its hash");
    assert!(has(&report, "entry 4 altered"), "{report:?}");
    assert!(
        has(
            &report,
            "entry 5 of the chain of subject 1001 does not link to the entry before it"
        ),
        "{report:?}"
    );
}

#[tokio::test]
async fn a_deleted_entry_is_reported_at_the_entry_after_it() {
    let app = TestApp::spawn().await;
    six_entries(&app).await;

    exec(&app, "DELETE FROM audit_log WHERE seq = 3").await;

    let report = verify(&app).await;
    let broken = report.first_broken.clone().unwrap();
    assert_eq!(broken.seq, 4);
    assert!(broken.reason.contains("missing"), "{broken:?}");
    assert_eq!(
        problems(&report),
        ["1 entry missing from the chain of subject 1001 before entry 4 (place 3)"]
    );
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
async fn the_newest_entries_of_a_subject_deleted_after_a_checkpoint_are_reported() {
    let app = TestApp::spawn().await;
    six_entries(&app).await;
    entries_about(&app, "2002", 3).await;
    let id = checkpoint_id(&app).await;
    // Entries after the checkpoint are not what went missing.
    entries_about(&app, "2002", 1).await;

    let karis = seqs_of(&app, "1001").await;
    exec(
        &app,
        &format!(
            "DELETE FROM audit_log WHERE seq IN ({}, {})",
            karis[4], karis[5]
        ),
    )
    .await;

    let report = verify(&app).await;
    assert_eq!(
        problems(&report),
        [format!(
            "2 entries after checkpoint {id} missing from the end of the chain of subject 1001: \
             the checkpoint signed place 6 (entry {}), the chain now ends at place 4",
            karis[5]
        )]
    );
    let broken = report.first_broken.unwrap();
    assert_eq!(broken.seq, karis[5]);
    assert_eq!(broken.reason, audit::REASON_TAIL);
    assert_eq!(report.entries, 8);

    // The next checkpoint does not take the shorter chain for the truth.
    entries_about(&app, "2002", 1).await;
    let next = checkpoint_id(&app).await;
    let report = verify(&app).await;
    assert_eq!(report.checkpoint.as_ref().unwrap().id, next);
    assert!(
        has(
            &report,
            &format!(
                "2 entries after checkpoint {next} missing from the end of the chain of subject 1001"
            )
        ),
        "{report:?}"
    );
    assert_eq!(report.problems.len(), 1, "{report:?}");
}

#[tokio::test]
async fn a_subjects_whole_chain_deleted_is_reported() {
    let app = TestApp::spawn().await;
    six_entries(&app).await;
    entries_about(&app, "2002", 3).await;
    let id = checkpoint_id(&app).await;
    let annas = seqs_of(&app, "2002").await;

    exec(&app, "DELETE FROM audit_log WHERE subject_id = '2002'").await;

    let report = verify(&app).await;
    assert_eq!(
        problems(&report),
        [format!(
            "the chain of subject 2002 missing: checkpoint {id} signed its head at place 3 (entry {}), \
             the trail has none of it",
            annas[2]
        )]
    );
    assert_eq!(report.first_broken.unwrap().reason, audit::REASON_CHAIN);
}

/// Rewrites `subject`'s whole chain with plain hashes (form 2), its actor replaced, as
/// someone who can write the database but has not the key would: every link and every
/// hash adds up.
async fn rewrite_with_plain_hashes(app: &TestApp, subject: &str) {
    let rows = app
        .rows(&format!(
            "SELECT seq, at, actor_id, actor_role, action, subject_id, subject_account, target, fields \
             FROM audit_log WHERE subject_id = '{subject}' AND form >= 2 ORDER BY chain_seq"
        ))
        .await;
    let mut prev = GENESIS.to_string();
    for r in rows {
        let mut e = Entry {
            seq: r["seq"].parse().unwrap(),
            at: r["at"].parse().unwrap(),
            actor_id: "S1".into(),
            actor_role: "support".into(),
            action: r["action"].clone(),
            subject_id: r["subject_id"].clone(),
            subject_account: r["subject_account"].clone(),
            target: r["target"].clone(),
            fields: r["fields"].clone(),
            prev_hash: prev,
            hash: String::new(),
        };
        e.hash = entry_hash(&e);
        sqlx::query(
            "UPDATE audit_log SET actor_id = $1, actor_role = $2, prev_hash = $3, hash = $4, form = $5 WHERE seq = $6",
        )
        .bind(&e.actor_id)
        .bind(&e.actor_role)
        .bind(&e.prev_hash)
        .bind(&e.hash)
        .bind(FORM_SUBJECT_CHAIN)
        .bind(e.seq)
        .execute(&app.db)
        .await
        .unwrap();
        prev = e.hash;
    }
}

#[tokio::test]
async fn a_chain_rewritten_with_recomputed_plain_hashes_is_reported() {
    let app = TestApp::spawn().await;
    six_entries(&app).await;
    entries_about(&app, "2002", 2).await;
    let id = checkpoint_id(&app).await;
    let karis = seqs_of(&app, "1001").await;

    rewrite_with_plain_hashes(&app, "1001").await;

    let report = verify(&app).await;
    let found = problems(&report);
    for seq in &karis {
        assert!(
            found.contains(
                &format!(
                    "entry {seq} of the chain of subject 1001 carries a plain hash, but entries \
                     written since the audit key carry its MAC: it was forged or rewritten without the key"
                )
                .as_str()
            ),
            "{found:#?}"
        );
    }
    assert!(
        found.contains(
            &format!(
                "the chain of subject 1001 rewritten: entry {} at place 6 is not the one checkpoint {id} signed",
                karis[5]
            )
            .as_str()
        ),
        "{found:#?}"
    );
    assert_eq!(found.len(), 7, "{found:#?}");
    assert!(!has(&report, "2002"), "{report:?}");
    assert_eq!(report.first_broken.unwrap().seq, karis[0]);
}

#[tokio::test]
async fn checkpoints_deleted_from_the_database_are_caught_by_their_files() {
    let app = TestApp::spawn().await;
    six_entries(&app).await;
    let id = checkpoint_id(&app).await;
    let karis = seqs_of(&app, "1001").await;
    let folder = app.state.settings.audit.checkpoint_dir.clone().unwrap();
    let file = folder.join(checkpoints::file_name(id));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    // The newest entry and every checkpoint row go.
    exec(
        &app,
        &format!("DELETE FROM audit_log WHERE seq = {}", karis[5]),
    )
    .await;
    exec(&app, "DELETE FROM audit_checkpoints").await;

    let report = verify(&app).await;
    assert_eq!(report.checkpoint.as_ref().unwrap().id, id);
    let found = problems(&report);
    assert_eq!(
        found[0],
        format!(
            "checkpoint {id} is in the file {} but not in the database: checkpoints were deleted from the database",
            checkpoints::file_name(id)
        )
    );
    assert!(
        found[1].starts_with(&format!(
            "1 entry after checkpoint {id} missing from the end of the chain of subject 1001"
        )),
        "{found:#?}"
    );
    assert!(report.first_broken.is_some());

    // Without the folder, the database alone still shows the checkpoints went.
    let audit = &app.state.settings.audit;
    let report = audit::verification(&app.db, &audit.key, None)
        .await
        .unwrap();
    assert_eq!(
        problems(&report),
        ["no checkpoint, yet 5 entries carry the audit key's MAC: the checkpoints were deleted"]
    );
    // And no checkpoint is signed over the gap.
    assert!(matches!(
        checkpoints::write(
            &app.db,
            Target {
                key: &audit.key,
                folder: None
            },
            app.clock.unix(),
            "test"
        )
        .await
        .unwrap(),
        Outcome::Refused(_)
    ));

    // An altered file is reported too.
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::remove_file(&file).unwrap();
    std::fs::write(&file, text.replace("\"entries\":6", "\"entries\":5")).unwrap();
    let report = verify(&app).await;
    assert!(
        has(
            &report,
            &format!(
                "checkpoint file {} does not verify under the audit key",
                checkpoints::file_name(id)
            )
        ),
        "{report:?}"
    );
}

#[tokio::test]
async fn an_altered_checkpoint_row_is_reported_and_the_one_before_it_used() {
    let app = TestApp::spawn().await;
    six_entries(&app).await;
    let id = checkpoint_id(&app).await;
    exec(
        &app,
        &format!("UPDATE audit_checkpoints SET entries = 99, body = REPLACE(body, '\"entries\":6', '\"entries\":99') WHERE id = {id}"),
    )
    .await;

    // The database alone: the folder still holds the checkpoint as signed.
    let report = audit::verification(&app.db, &app.state.settings.audit.key, None)
        .await
        .unwrap();
    assert_eq!(
        problems(&report),
        [format!(
            "checkpoint {id} in the database does not verify under the audit key: it was altered, or signed with another key"
        )]
    );
    assert_eq!(report.checkpoint.unwrap().id, id - 1);
}

/// A trail as a portal left it before the audit key: three entries of the single chain
/// (form 1) and plain per-subject chains (form 2) about 1001 and 2002.
async fn legacy_trail(url: &str) {
    let db = portal_server::store::db::connect(url).await.unwrap();
    let mut single_prev = GENESIS.to_string();
    let mut chains: std::collections::HashMap<&str, (i64, String)> = Default::default();
    let plan: [(&str, i64); 7] = [
        ("1001", FORM_SINGLE_CHAIN),
        ("2002", FORM_SINGLE_CHAIN),
        ("1001", FORM_SINGLE_CHAIN),
        ("1001", FORM_SUBJECT_CHAIN),
        ("2002", FORM_SUBJECT_CHAIN),
        ("1001", FORM_SUBJECT_CHAIN),
        ("2002", FORM_SUBJECT_CHAIN),
    ];
    for (i, (subject, form)) in plan.into_iter().enumerate() {
        let seq = i as i64 + 1;
        let (place, prev) = if form == FORM_SINGLE_CHAIN {
            (seq, single_prev.clone())
        } else {
            let (place, prev) = chains
                .get(subject)
                .cloned()
                .unwrap_or((0, GENESIS.to_string()));
            (place + 1, prev)
        };
        let mut e = Entry {
            seq,
            at: 1_700_000_000 + seq,
            actor_id: subject.into(),
            actor_role: "customer".into(),
            action: "purpose.changed".into(),
            subject_id: subject.into(),
            subject_account: if seq > 5 {
                "A100".into()
            } else {
                String::new()
            },
            target: "web_analytics".into(),
            fields: String::new(),
            prev_hash: prev,
            hash: String::new(),
        };
        e.hash = entry_hash(&e);
        if form == FORM_SINGLE_CHAIN {
            single_prev = e.hash.clone();
        } else {
            chains.insert(subject, (place, e.hash.clone()));
        }
        sqlx::query(
            "INSERT INTO audit_log (seq, at, actor_id, actor_role, action, subject_id, subject_account, target, fields, \
             prev_hash, hash, chain_seq, form) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(e.seq)
        .bind(e.at)
        .bind(&e.actor_id)
        .bind(&e.actor_role)
        .bind(&e.action)
        .bind(&e.subject_id)
        .bind(&e.subject_account)
        .bind(&e.target)
        .bind(&e.fields)
        .bind(&e.prev_hash)
        .bind(&e.hash)
        .bind(place)
        .bind(form)
        .execute(&db)
        .await
        .unwrap();
    }
    if url.starts_with("postgres") {
        sqlx::query("SELECT setval('audit_log_seq', 8, false)")
            .execute(&db)
            .await
            .unwrap();
    }
    db.close().await;
}

/// A portal started with a key on a trail written before it.
async fn on_legacy_trail() -> (TestApp, Scratch) {
    let scratch = Scratch::new();
    let url = database::fresh_database_url(scratch.path()).await;
    legacy_trail(&url).await;
    let app = TestApp::spawn_with(|s| s.database_url = url.clone()).await;
    (app, scratch)
}

#[tokio::test]
async fn a_trail_written_before_the_key_verifies_with_the_entries_after_it() {
    let (app, _scratch) = on_legacy_trail().await;
    // The first start made the trail's heads the first checkpoint.
    let report = verify(&app).await;
    assert!(report.intact, "{report:?}");
    let first = report.checkpoint.clone().unwrap();
    assert_eq!((first.id, first.chains, first.entries), (1, 3, 7));

    // Kari's chain goes on from her plain entries, sealed with the key; 2003's is new.
    entries_about(&app, "1001", 3).await;
    entries_about(&app, "2003", 2).await;
    let kari = app
        .rows("SELECT chain_seq, form FROM audit_log WHERE subject_id = '1001' AND form >= 2 ORDER BY chain_seq")
        .await;
    let places: Vec<(&str, &str)> = kari
        .iter()
        .map(|r| (r["chain_seq"].as_str(), r["form"].as_str()))
        .collect();
    assert_eq!(
        places,
        [("1", "2"), ("2", "2"), ("3", "3"), ("4", "3"), ("5", "3")]
    );
    let report = verify(&app).await;
    assert!(report.intact, "{report:?}");
    assert_eq!(report.entries, 12);

    // Through the next checkpoint too.
    assert_eq!(checkpoint_id(&app).await, 2);
    let report = verify(&app).await;
    assert!(report.intact, "{report:?}");
    assert_eq!(report.checkpoint.unwrap().chains, 4);

    // The command agrees.
    let env = processes::PortalEnv::for_app(&app);
    let out = env
        .command(Path::new(BINARY))
        .arg("verify-audit")
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("12 entries"), "{stdout}");
}

#[tokio::test]
async fn entries_before_the_key_cannot_be_rewritten_or_added_to_with_plain_hashes() {
    let (app, _scratch) = on_legacy_trail().await;
    entries_about(&app, "1001", 1).await;

    // 2002's plain chain rewritten whole: its head no longer is the one signed.
    rewrite_with_plain_hashes(&app, "2002").await;
    let report = verify(&app).await;
    assert_eq!(
        problems(&report),
        [
            "the chain of subject 2002 rewritten: entry 7 at place 2 is not the one checkpoint 1 signed"
        ]
    );

    // A plain entry slipped in after the key, on a chain of its own.
    let (app, _scratch) = on_legacy_trail().await;
    let mut e = Entry {
        seq: 50,
        at: app.clock.unix(),
        actor_id: "S1".into(),
        actor_role: "support".into(),
        action: "data.opened".into(),
        subject_id: "3001".into(),
        subject_account: "A300".into(),
        target: "overview".into(),
        fields: String::new(),
        prev_hash: GENESIS.into(),
        hash: String::new(),
    };
    e.hash = entry_hash(&e);
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor_id, actor_role, action, subject_id, subject_account, target, fields, \
         prev_hash, hash, chain_seq, form) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, 2)",
    )
    .bind(e.seq)
    .bind(e.at)
    .bind(&e.actor_id)
    .bind(&e.actor_role)
    .bind(&e.action)
    .bind(&e.subject_id)
    .bind(&e.subject_account)
    .bind(&e.target)
    .bind(&e.fields)
    .bind(&e.prev_hash)
    .bind(&e.hash)
    .execute(&app.db)
    .await
    .unwrap();
    let report = verify(&app).await;
    assert_eq!(
        problems(&report),
        [
            "entry 50 of the chain of subject 3001 carries a plain hash, but entries written since the \
          audit key carry its MAC: it was forged or rewritten without the key"
        ]
    );
    // A checkpoint signed now does not make it pass.
    checkpoint_id(&app).await;
    assert!(!verify(&app).await.intact);
}

#[tokio::test]
async fn a_server_with_another_audit_key_refuses_to_start() {
    let app = TestApp::spawn().await;
    six_entries(&app).await;
    let scratch = Scratch::new();
    let mut settings = (*app.state.settings).clone();
    settings.audit =
        portal_server::config::audit::AuditSettings::in_folder(scratch.path()).unwrap();
    let refused = portal_server::Application::build(settings)
        .await
        .err()
        .expect("refused");
    let message = refused.to_string();
    assert!(
        message.starts_with("PORTAL_AUDIT_KEY_FILE: ")
            && message.contains("not the key the trail was sealed with"),
        "{message}"
    );
}

#[tokio::test]
async fn the_background_work_signs_a_checkpoint_once_per_period() {
    use portal_server::worker::{self, AUDIT_CHECKPOINT, JobOutcome};
    let app = TestApp::spawn().await;
    let job = worker::jobs_for(&app.state.settings)
        .into_iter()
        .find(|j| j.name == AUDIT_CHECKPOINT)
        .unwrap();
    assert_eq!(job.every_seconds, 3600);
    six_entries(&app).await;

    let ran = worker::run_if_due(&app.state, &job, "test-worker", 60)
        .await
        .unwrap();
    assert_eq!(
        ran,
        JobOutcome::Ran(Ok("checkpoint 2: 1 chains, 6 entries".into()))
    );
    let again = worker::run_if_due(&app.state, &job, "test-worker", 60)
        .await
        .unwrap();
    assert_eq!(again, JobOutcome::NotOurs);
    app.clock.advance(3600);
    let later = worker::run_if_due(&app.state, &job, "test-worker", 60)
        .await
        .unwrap();
    assert_eq!(
        later,
        JobOutcome::Ran(Ok("unchanged since checkpoint 2".into()))
    );
}

#[tokio::test]
async fn the_library_check_agrees_with_the_endpoint() {
    let app = TestApp::spawn().await;
    six_entries(&app).await;
    exec(&app, "UPDATE audit_log SET fields = 'phone' WHERE seq = 2").await;

    let audit = &app.state.settings.audit;
    let report = audit::verification(&app.db, &audit.key, audit.checkpoint_dir.as_deref())
        .await
        .unwrap();

    assert_eq!(report.first_broken.as_ref().map(|b| b.seq), Some(2));
    assert_eq!(report.entries, 6);
    assert_eq!(verify(&app).await, report);
}

#[tokio::test]
async fn the_commands_sign_a_checkpoint_and_name_every_problem() {
    let app = TestApp::spawn().await;
    six_entries(&app).await;
    let binary = Path::new(BINARY);
    let env = processes::PortalEnv::for_app(&app);
    let run = |args: &'static [&'static str]| {
        let mut cmd = env.command(binary);
        cmd.args(args);
        async move {
            let out = cmd.output().await.unwrap();
            (
                out.status.code(),
                format!(
                    "{}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                ),
            )
        }
    };

    let (code, out) = run(&["verify-audit"]).await;
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("6 entries"), "{out}");
    assert!(out.contains("audit trail intact"), "{out}");

    let (code, out) = run(&["audit-checkpoint"]).await;
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("checkpoint 2: 1 chains, 6 entries"), "{out}");
    assert!(
        out.contains("audit checkpoint signed"),
        "the log line: {out}"
    );
    let (code, out) = run(&["audit-checkpoint"]).await;
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("unchanged since checkpoint 2"), "{out}");

    exec(
        &app,
        "UPDATE audit_log SET target = 'usage_analysis' WHERE seq = 5",
    )
    .await;
    exec(&app, "DELETE FROM audit_log WHERE seq = 6").await;
    let (code, out) = run(&["verify-audit"]).await;
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("broken at entry 5"), "{out}");
    assert!(out.contains("checked against checkpoint 2"), "{out}");
    assert!(
        out.contains(
            "- entry 5 altered: its content does not match its MAC (the chain of subject 1001, place 5)"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "- 1 entry after checkpoint 2 missing from the end of the chain of subject 1001"
        ),
        "{out}"
    );
    assert!(!out.contains("intact"), "{out}");
}

#[tokio::test]
async fn a_server_signs_a_checkpoint_when_it_stops() {
    let app = TestApp::spawn().await;
    let env = processes::PortalEnv::for_app(&app);
    let mut server = env.serve(
        Path::new(BINARY),
        "server",
        &[("PORTAL_WORKER", "off".into())],
    );
    let address = format!("http://127.0.0.1:{}", server.logged_port("port").await);
    let resp = app
        .client
        .post(format!("{address}/api/session"))
        .json(&json!({ "launch_token": app.mint("1001", "A100", "customer") }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    let session: serde_json::Value = resp.json().await.unwrap();
    let resp = app
        .client
        .put(format!("{address}/api/me/purposes/web_analytics"))
        .bearer_auth(session["session_token"].as_str().unwrap())
        .json(&json!({ "active": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);

    server.signal_terminate();
    let status = tokio::time::timeout(std::time::Duration::from_secs(60), server.child.wait())
        .await
        .expect("the server exits")
        .unwrap();
    assert!(status.success(), "{status:?}:\n{}", server.log());
    assert!(
        server.log().contains("audit checkpoint signed"),
        "{}",
        server.log()
    );
    let report = verify(&app).await;
    assert!(report.intact, "{report:?}");
    let c = report.checkpoint.unwrap();
    assert_eq!((c.id, c.chains, c.entries), (2, 1, 1));
}
