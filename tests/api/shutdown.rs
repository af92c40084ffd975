//! Graceful shutdown of the real binary: on SIGTERM it stops accepting connections,
//! finishes the requests in flight within the grace period and exits 0. An export still
//! streaming when the grace period ends is cut off as an error, never delivered as a
//! shorter file that looks whole.

use std::time::Duration;

use portal_tests::TestApp;
use portal_tests::processes::{PortalEnv, Server};
use reqwest::StatusCode;
use serde_json::{Value, json};

const BINARY: &str = env!("CARGO_BIN_EXE_privacy-portal-under-test");

/// A server process on the test's database, with the given grace period; returns it with
/// its address and a session of Kari's opened there.
async fn serve(app: &TestApp, env: &PortalEnv, grace: &str) -> (Server, String, String) {
    let server = env.serve(
        BINARY.as_ref(),
        "server",
        &[
            ("PORTAL_SHUTDOWN_GRACE_SECONDS", grace.to_string()),
            ("PORTAL_WORKER", "off".into()),
        ],
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
    let session: Value = resp.json().await.unwrap();
    let token = session["session_token"].as_str().unwrap().to_string();
    (server, address, token)
}

async fn start_export(app: &TestApp, address: &str, token: &str) -> reqwest::Response {
    let resp = app
        .client
        .get(format!("{address}/api/me/export"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    resp
}

/// Reads the rest of a download: the bytes, or the error it ended with.
async fn read_rest(mut resp: reqwest::Response, mut body: Vec<u8>) -> Result<Vec<u8>, String> {
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            Ok(None) => return Ok(body),
            Err(e) => return Err(format!("{e:?}")),
        }
    }
}

async fn exit_status(server: &mut Server) -> std::process::ExitStatus {
    tokio::time::timeout(Duration::from_secs(60), server.child.wait())
        .await
        .expect("the server exits")
        .unwrap()
}

#[tokio::test]
async fn on_sigterm_the_server_stops_accepting_finishes_the_export_and_exits_0() {
    let app = TestApp::spawn().await;
    let agent = "a".repeat(20);
    app.add_logins(20_000, |i| format!("{agent}-{i}")).await;
    let env = PortalEnv::for_app(&app);
    let (mut server, address, token) = serve(&app, &env, "60").await;

    let mut resp = start_export(&app, &address, &token).await;
    let first = resp.chunk().await.unwrap().expect("a first chunk");
    server.signal_terminate();
    // New connections are refused once the signal is taken, while the export goes on.
    let port = address.rsplit(':').next().unwrap();
    let mut refused = false;
    for _ in 0..400 {
        if tokio::net::TcpStream::connect(format!("127.0.0.1:{port}"))
            .await
            .is_err()
        {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert!(refused, "still accepting:\n{}", server.log());

    let body = read_rest(resp, first.to_vec())
        .await
        .unwrap_or_else(|e| panic!("the export was cut off ({e}):\n{}", server.log()));
    let export: Value = serde_json::from_slice(&body).expect("the whole export");
    let logins = export["categories"]["history"]["records"]["login_history"]
        .as_array()
        .unwrap();
    assert_eq!(logins.len(), 50 + 20_000);
    let status = exit_status(&mut server).await;
    assert!(status.success(), "{status:?}:\n{}", server.log());
    assert!(server.log().contains("shutting down"), "{}", server.log());
}

#[tokio::test]
async fn an_export_still_streaming_when_the_grace_period_ends_is_cut_off_as_an_error() {
    let app = TestApp::spawn().await;
    // Far more than the connection's buffers hold, so the server is still writing while
    // the client does not read.
    let agent = "a".repeat(500);
    app.add_logins(60_000, |i| format!("{agent}-{i}")).await;
    let env = PortalEnv::for_app(&app);
    let (mut server, address, token) = serve(&app, &env, "0.5").await;

    let mut resp = start_export(&app, &address, &token).await;
    let first = resp.chunk().await.unwrap().expect("a first chunk");
    server.signal_terminate();
    let status = exit_status(&mut server).await;
    assert!(status.success(), "{status:?}:\n{}", server.log());
    assert!(
        server.log().contains("grace period over"),
        "{}",
        server.log()
    );

    let rest = read_rest(resp, first.to_vec()).await;
    assert!(
        rest.is_err(),
        "the cut-off export ended as if it were whole ({} bytes)",
        rest.as_ref().map_or(0, Vec::len)
    );
}
