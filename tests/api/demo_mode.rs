//! Demo mode never runs beside production: its demo page opens a session for anyone, as
//! anyone (support included), so it refuses to start with a real host's key, a billing
//! database, or a portal database a production server created.

use std::path::Path;

use portal_server::Application;
use portal_tests::TestApp;
use portal_tests::processes::PortalEnv;

const BINARY: &str = env!("CARGO_BIN_EXE_privacy-portal-under-test");

/// `serve` with `PORTAL_DEMO=1` and `extra`: its exit status and what it printed.
async fn demo_serve(extra: &[(&str, &str)], keep_host_key: bool) -> (Option<i32>, String) {
    let keys = portal_server::auth::keys::generate();
    let env = PortalEnv::new(&keys.public_pem, "sqlite://unused".into());
    let url = format!(
        "sqlite://{}?mode=rwc",
        env.dir().join("portal.db").display()
    );
    let mut cmd = env.command(Path::new(BINARY));
    cmd.arg("serve")
        .env("PORTAL_DEMO", "1")
        .env("PORTAL_DATABASE_URL", url)
        .env("PORTAL_HOST_ISSUER", "demo-billing");
    if !keep_host_key {
        cmd.env_remove("PORTAL_HOST_PUBLIC_KEY");
    }
    for (k, v) in extra {
        cmd.env(k, v);
    }
    let out = tokio::time::timeout(std::time::Duration::from_secs(30), cmd.output())
        .await
        .expect("it stops by itself")
        .expect("run the binary");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn demo_mode_refuses_a_host_key_or_a_billing_database() {
    let (code, stderr) = demo_serve(&[], true).await;
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("PORTAL_DEMO") && stderr.contains("PORTAL_HOST_PUBLIC_KEY"),
        "{stderr}"
    );
    let (code, stderr) = demo_serve(
        &[("PORTAL_BILLING_URL", "mysql://root@127.0.0.1:9/whmcs")],
        false,
    )
    .await;
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("PORTAL_DEMO") && stderr.contains("PORTAL_BILLING_URL"),
        "{stderr}"
    );
}

/// Demo settings as `PORTAL_DEMO=1` makes them, on `database_url`, in `dir`.
fn demo_settings(database_url: &str, dir: &Path) -> portal_server::config::settings::Settings {
    let dir = dir.to_string_lossy().into_owned();
    let config = portal_tests::example_operator_config()
        .to_string_lossy()
        .into_owned();
    let url = database_url.to_string();
    portal_server::config::settings::Settings::from_lookup(move |key| match key {
        "PORTAL_DEMO" => Some("1".into()),
        "PORTAL_DATA_DIR" => Some(dir.clone()),
        "PORTAL_DATABASE_URL" => Some(url.clone()),
        "PORTAL_LISTEN" => Some("127.0.0.1:0".into()),
        "PORTAL_CONFIG" => Some(config.clone()),
        _ => None,
    })
    .expect("demo settings")
}

/// A portal database a production server has served is not a demo's to take over; a
/// demo's own database is its again on the next start.
#[tokio::test]
async fn demo_mode_refuses_a_database_a_production_server_created() {
    let app = TestApp::spawn().await;
    let scratch = portal_tests::Scratch::new();
    let production = demo_settings(&app.state.settings.database_url, scratch.path());
    let refused = Application::build(production).await.err().expect("refused");
    let message = refused.to_string();
    assert!(
        message.contains("PORTAL_DEMO") && message.contains("PORTAL_DATABASE_URL"),
        "{message}"
    );

    let url = portal_tests::database::fresh_database_url(scratch.path()).await;
    let demo = Application::build(demo_settings(&url, scratch.path()))
        .await
        .expect("a demo on its own database");
    drop(demo);
    Application::build(demo_settings(&url, scratch.path()))
        .await
        .expect("and again");
}
