//! Migrations that reshape rows already there: a database as an earlier build left it is
//! migrated, and what it held means the same afterwards.

use portal_tests::database::{self, Backend};
use portal_tests::{Scratch, database::rows};
use sqlx::AnyPool;
use sqlx::migrate::Migrator;

static SQLITE: Migrator = sqlx::migrate!("../server/migrations/sqlite");
static POSTGRES: Migrator = sqlx::migrate!("../server/migrations/postgres");

async fn exec(db: &AnyPool, sql: &str) {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(db)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// Migrations 0012–0014: a private account gets its customer as owner, and the portal's
/// state rows, kept per person until then, take the account the person was on: the one
/// they are registered under in the built-in store, their request's, or their latest
/// session's.
#[tokio::test]
async fn rows_kept_per_person_take_the_account_the_person_was_on() {
    let scratch = Scratch::new();
    let url = database::fresh_database_url(scratch.path()).await;
    sqlx::any::install_default_drivers();
    let db = AnyPool::connect(&url).await.unwrap();
    let migrator = match database::backend() {
        Backend::Sqlite => &SQLITE,
        Backend::Postgres(_) => &POSTGRES,
    };
    migrator.run_to(11, &db).await.unwrap();
    for sql in [
        // A built-in private account and its customer, not yet marked as owner.
        "INSERT INTO billing_accounts (id, kind, name, country, created_at) VALUES ('A100', 'private', 'Kari', 'NO', 0)",
        "INSERT INTO billing_persons (id, account_id, name, email, created_at) VALUES ('1001', 'A100', 'Kari', 'k@example.no', 0)",
        // A WHMCS user known from a session, another from a request.
        "INSERT INTO sessions (token_hash, person_id, account_id, role, locale, created_at, last_seen_at, expires_at) \
         VALUES ('h1', '8', '4', 'customer', 'nb', 10, 10, 20)",
        "INSERT INTO privacy_requests (id, person_id, account_id, kind, status, received_at, due_on, filed_by_id, \
         filed_by_role, updated_at) VALUES ('r9', '9', '5', 'erasure', 'completed', 5, '2026-01-01', '9', 'customer', 5)",
        "INSERT INTO newsletter_subscriptions (person_id, subscribed, segment, changed_at) VALUES ('1001', 1, NULL, 1), ('8', 1, NULL, 1)",
        "INSERT INTO purpose_choices (person_id, purpose_key, active, changed_at) VALUES ('9', 'product_news', 0, 1), ('77', 'product_news', 0, 1)",
        "INSERT INTO contact_changes (person_id, at, actor_id, actor_role, fields) VALUES ('8', 1, '8', 'customer', 'language')",
        "INSERT INTO erased_persons (person_id, erased_at, request_id) VALUES ('9', 6, 'r9'), ('55', 6, NULL)",
    ] {
        exec(&db, sql).await;
    }
    migrator.run(&db).await.unwrap();

    let owner = rows(
        &db,
        "SELECT is_account_admin FROM billing_persons WHERE id = '1001'",
    )
    .await;
    assert_eq!(owner[0]["is_account_admin"], "1");
    // The account's own details (0018) start from its owner's, at their first version.
    let account = rows(
        &db,
        "SELECT holder_name, email, company, address2, details_version FROM billing_accounts WHERE id = 'A100'",
    )
    .await;
    assert_eq!(account[0]["holder_name"], "Kari");
    assert_eq!(account[0]["email"], "k@example.no");
    assert_eq!(account[0]["company"], "");
    assert_eq!(account[0]["address2"], "");
    assert_eq!(account[0]["details_version"], "1");
    let pairs = |table: &'static str| {
        let db = db.clone();
        async move {
            rows(
                &db,
                &format!("SELECT person_id, account_id FROM {table} ORDER BY person_id"),
            )
            .await
            .into_iter()
            .map(|r| format!("{}@{}", r["person_id"], r["account_id"]))
            .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        pairs("newsletter_subscriptions").await,
        ["1001@A100", "8@4"]
    );
    // Someone the portal knows nothing else of keeps the row, on no account.
    assert_eq!(pairs("purpose_choices").await, ["77@", "9@5"]);
    assert_eq!(pairs("contact_changes").await, ["8@4"]);
    // An erasure without a request (the retention sweep's) counts on every account.
    assert_eq!(pairs("erased_persons").await, ["55@", "9@5"]);
    db.close().await;
}
