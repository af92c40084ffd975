//! The WHMCS addon (PHP) and the portal together: the PHP harness runs the addon's real
//! code for each kind of visitor against the WHMCS fixture (only WHMCS's runtime is
//! stubbed), and the portal exchanges every launch token the addon prints. The key pair
//! is made by the addon's own `bin/keygen.php`.

use std::path::Path;
use std::process::Command;

use portal_domain::api::{Role, SessionInfo};
use portal_tests::whmcs::{WhmcsDb, server_url};
use portal_tests::{ISSUER, Scratch, TestApp, expect_json};
use reqwest::StatusCode;
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// `mysql://user[:password]@host[:port]` as PDO's DSN, user and password.
fn pdo(url: &str) -> (String, String, String) {
    let rest = url.trim_start_matches("mysql://").trim_end_matches('/');
    let (auth, host) = rest.rsplit_once('@').unwrap_or(("root", rest));
    let (user, password) = auth.split_once(':').unwrap_or((auth, ""));
    let (host, port) = host.split_once(':').unwrap_or((host, "3306"));
    (
        format!("mysql:host={host};port={port};charset=utf8"),
        user.to_string(),
        password.to_string(),
    )
}

#[tokio::test]
async fn the_portal_exchanges_every_token_the_addon_mints_for_exactly_its_visitors() {
    let whmcs = WhmcsDb::create().await;
    let keys = Scratch::new();
    let made = Command::new("php")
        .arg(root().join("integrations/whmcs/bin/keygen.php"))
        .arg(keys.path())
        .output()
        .expect("php is installed (Debian's php8.2-cli)");
    assert!(
        made.status.success(),
        "keygen: {}",
        String::from_utf8_lossy(&made.stderr)
    );
    let public = std::fs::read_to_string(keys.path().join("privacyportal-ed25519.pub.pem"))
        .expect("the public key keygen wrote");
    let app = TestApp::spawn_whmcs_with(&whmcs, |s| {
        s.host_keys = vec![portal_server::auth::launch_token::HostKeySource {
            kid: Some("whmcs-2026".into()),
            pem: public,
        }];
    })
    .await;
    let (dsn, user, password) = pdo(&server_url());

    let out = Command::new("php")
        .arg(root().join("tests/whmcs/harness.php"))
        .args(["--database", &whmcs.name])
        .arg("--key")
        .arg(keys.path().join("privacyportal-ed25519.pem"))
        .args([
            "--kid",
            "whmcs-2026",
            "--issuer",
            ISSUER,
            "--portal",
            &app.address,
        ])
        .args([
            "--dsn",
            &dsn,
            "--db-user",
            &user,
            "--db-password",
            &password,
        ])
        .output()
        .expect("run the harness");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "harness: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let mut exchanged = 0;
    let mut kari = None;
    for line in &lines {
        let case = line["case"].as_str().unwrap();
        let Some(token) = line["launch_token"].as_str() else {
            assert!(line["role"].is_null(), "{case}: a role without a token");
            continue;
        };
        let info: SessionInfo = expect_json(app.exchange(token).await, StatusCode::CREATED).await;
        let role = Role::parse(line["role"].as_str().unwrap()).unwrap();
        assert_eq!(info.role, role, "{case}");
        assert!(line["html_has_widget"].as_bool().unwrap(), "{case}");
        // Each token opens exactly one session: the page's cannot be replayed.
        let again = app.exchange(token).await;
        assert_eq!(again.status(), StatusCode::UNAUTHORIZED, "{case}: replayed");
        exchanged += 1;
        if case == "private_owner" {
            kari = Some(info.session_token);
        }
    }
    let by_case = |c: &str| lines.iter().find(|l| l["case"] == c).unwrap();
    for refused in ["logged_out", "masquerading_staff", "disabled_staff"] {
        assert!(by_case(refused)["launch_token"].is_null(), "{refused}");
    }
    assert_eq!(by_case("company_owner")["role"], "company_admin");
    assert_eq!(by_case("invited_user")["role"], "customer");
    assert_eq!(by_case("staff")["role"], "support");
    assert_eq!(exchanged, 7);

    // The UserLogin hook recorded a login WHMCS itself would forget; the export has it.
    let export = app.export(&kari.expect("Kari's session")).await;
    let logins = export["categories"]["history"]["records"]["login_history"]
        .as_array()
        .unwrap();
    assert!(!logins.is_empty(), "{:?}", by_case("user_login"));
    assert!(logins[0]["user_agent"].as_str().is_some());
    whmcs.drop_database().await;
}
