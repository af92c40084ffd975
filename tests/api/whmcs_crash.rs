//! Two stores, no half-done erasure: the real `privacy-portal` process is killed
//! (SIGKILL) after it has recorded support's decision in its own database and while
//! WHMCS is still to do its part. A second server started afterwards carries the erasure
//! through: the person is erased in WHMCS exactly once and the request completes.

use std::time::Duration;

use portal_domain::api::{RequestView, SessionInfo};
use portal_tests::processes::PortalEnv;
use portal_tests::whmcs::WhmcsDb;
use portal_tests::{ISSUER, Scratch, database, sign_ed25519};
use serde_json::{Value, json};
use sqlx::{Connection, Executor};

const BINARY: &str = env!("CARGO_BIN_EXE_privacy-portal-under-test");

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

struct Client {
    http: reqwest::Client,
    base: String,
    private_pem: String,
}

impl Client {
    async fn wait_until_up(&self) {
        for _ in 0..300 {
            if self
                .http
                .get(format!("{}/api/nothing", self.base))
                .send()
                .await
                .is_ok()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the server at {} did not come up", self.base);
    }

    async fn login(&self, sub: &str, acct: &str, role: &str) -> String {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let claims = json!({
            "iss": ISSUER, "aud": "privacy-portal", "sub": sub, "acct": acct, "role": role,
            "iat": now, "exp": now + 120, "jti": uuid::Uuid::new_v4().to_string(),
        });
        let token = sign_ed25519(
            &self.private_pem,
            &json!({ "alg": "EdDSA", "typ": "JWT" }),
            &claims,
        );
        let resp = self
            .http
            .post(format!("{}/api/session", self.base))
            .json(&json!({ "launch_token": token }))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 201, "{}", resp.text().await.unwrap());
        let info: SessionInfo = resp.json().await.unwrap();
        info.session_token
    }

    async fn post(&self, path: &str, token: &str, body: &Value) -> reqwest::Response {
        self.http
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_killed_between_the_two_stores_leaves_an_erasure_that_completes_exactly_once() {
    let whmcs = WhmcsDb::create().await;
    whmcs.keep_invoice_snapshots().await;
    let keys = portal_server::auth::keys::generate();
    let scratch = Scratch::new();
    let portal_url = database::fresh_database_url(scratch.path()).await;
    let env = PortalEnv::new(&keys.public_pem, portal_url.clone());
    let port = free_port();
    let api_secret = scratch.path().join("whmcs-api.secret");
    std::fs::write(&api_secret, portal_tests::whmcs::API_SECRET).unwrap();
    let common = |worker: &str| {
        vec![
            ("PORTAL_BILLING_URL", whmcs.url.clone()),
            ("PORTAL_WHMCS_API_URL", whmcs.api.url.clone()),
            (
                "PORTAL_WHMCS_API_IDENTIFIER",
                portal_tests::whmcs::API_IDENTIFIER.to_string(),
            ),
            (
                "PORTAL_WHMCS_API_SECRET_FILE",
                api_secret.to_string_lossy().into_owned(),
            ),
            ("PORTAL_LISTEN", format!("127.0.0.1:{port}")),
            ("PORTAL_WORKER", worker.to_string()),
            ("PORTAL_WORKER_INTERVAL_SECONDS", "0.2".to_string()),
            ("PORTAL_WORKER_LEASE_SECONDS", "2".to_string()),
        ]
    };
    let client = Client {
        http: reqwest::Client::builder().no_proxy().build().unwrap(),
        base: format!("http://127.0.0.1:{port}"),
        private_pem: keys.private_pem.clone(),
    };

    // The first server, with no background work of its own.
    let mut first = env.serve(std::path::Path::new(BINARY), "first", &common("off"));
    client.wait_until_up().await;
    let kari = client.login("1", "1", "customer").await;
    let filed = client
        .post(
            "/api/me/requests/erasure",
            &kari,
            &json!({ "grounds": ["no_longer_necessary"], "details": "" }),
        )
        .await;
    assert_eq!(filed.status(), 201);
    let request: RequestView = filed.json().await.unwrap();
    let support = client.login("admin-1", "staff", "support").await;
    let assigned = client
        .post(
            &format!("/api/support/requests/{}/assign", request.id),
            &support,
            &json!({}),
        )
        .await;
    assert_eq!(assigned.status(), 200);

    // Someone in WHMCS holds Kari's login row: the erasure's WHMCS transaction waits.
    let mut blocker = sqlx::MySqlConnection::connect(&whmcs.url).await.unwrap();
    blocker.execute("START TRANSACTION").await.unwrap();
    blocker
        .execute("SELECT id FROM tblusers WHERE id = 1 FOR UPDATE")
        .await
        .unwrap();
    let execute = {
        let http = client.http.clone();
        let url = format!(
            "{}/api/support/requests/{}/execute",
            client.base, request.id
        );
        let support = support.clone();
        tokio::spawn(async move {
            http.post(url)
                .bearer_auth(support)
                .json(&json!({}))
                .send()
                .await
        })
    };
    // The portal has recorded the decision and the command when the row is there.
    sqlx::any::install_default_drivers();
    let portal = sqlx::AnyPool::connect(&portal_url).await.unwrap();
    let mut recorded = false;
    for _ in 0..200 {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM billing_commands WHERE kind = 'erase_person' AND status = 'pending'",
        )
        .fetch_one(&portal)
        .await
        .unwrap();
        if n == 1 {
            recorded = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(recorded, "the decision was not recorded: {}", first.log());
    tokio::time::sleep(Duration::from_millis(200)).await;

    first.kill().await;
    assert!(
        execute.await.unwrap().is_err(),
        "the request outlived its server"
    );
    blocker.execute("ROLLBACK").await.unwrap();
    // Nothing of the erasure reached WHMCS.
    assert_eq!(
        whmcs
            .value("SELECT first_name FROM tblusers WHERE id = 1")
            .await,
        "Kari"
    );
    let status: String = sqlx::query_scalar("SELECT status FROM privacy_requests WHERE id = $1")
        .bind(&request.id)
        .fetch_one(&portal)
        .await
        .unwrap();
    assert_ne!(status, "completed");

    // A second server, with its background work, carries it through.
    let second = env.serve(std::path::Path::new(BINARY), "second", &common("on"));
    let mut status = String::new();
    for _ in 0..300 {
        status = sqlx::query_scalar("SELECT status FROM privacy_requests WHERE id = $1")
            .bind(&request.id)
            .fetch_one(&portal)
            .await
            .unwrap();
        if status == "completed" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(status, "completed", "{}", second.log());
    assert_eq!(
        whmcs
            .value("SELECT first_name FROM tblusers WHERE id = 1")
            .await,
        "Erased"
    );
    assert_eq!(
        whmcs
            .value("SELECT CAST(COUNT(*) AS CHAR) FROM mod_privacyportal_commands WHERE kind = 'erase_person'")
            .await,
        "1"
    );
    assert_eq!(
        whmcs
            .value("SELECT CAST(COUNT(*) AS CHAR) FROM tblactivitylog WHERE description LIKE 'Personal data erased%'")
            .await,
        "1"
    );
    let completions: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE kind = 'request_completed'")
            .fetch_one(&portal)
            .await
            .unwrap();
    assert_eq!(completions, 1);
    let applied: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM billing_commands WHERE kind = 'erase_person' AND status = 'applied'",
    )
    .fetch_one(&portal)
    .await
    .unwrap();
    assert_eq!(applied, 1);
    drop(second);
    portal.close().await;
    whmcs.drop_database().await;
}
