//! `/widget/...`: the built widget's files, sent as the build compressed them (`.br`, `.gz`)
//! to a browser that takes that encoding, hashed files cached for a year, the loader never.

use portal_tests::{Scratch, TestApp};

#[tokio::test]
async fn the_precompressed_file_goes_to_a_browser_that_takes_it() {
    let files = Scratch::new();
    let dir = files.path().to_path_buf();
    for (name, body) in [
        ("portal-abc_bg.wasm", "raw"),
        ("portal-abc_bg.wasm.gz", "zopfli"),
        ("portal-abc_bg.wasm.br", "brotli"),
        ("privacy-portal.js", "loader"),
    ] {
        std::fs::write(dir.join(name), body).unwrap();
    }
    let app = TestApp::spawn_with(|s| s.widget_dir = dir.clone()).await;
    let url = format!("{}/widget/portal-abc_bg.wasm", app.address);

    for (accept, body, encoding) in [
        ("br, gzip", "brotli", Some("br")),
        ("gzip", "zopfli", Some("gzip")),
        ("identity", "raw", None),
    ] {
        let resp = app
            .client
            .get(&url)
            .header("accept-encoding", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "{accept}");
        let header = |n: &str| {
            resp.headers()
                .get(n)
                .map(|v| v.to_str().unwrap().to_string())
        };
        assert_eq!(header("content-encoding").as_deref(), encoding, "{accept}");
        assert_eq!(
            header("cache-control").as_deref(),
            Some("public, max-age=31536000, immutable")
        );
        assert_eq!(resp.text().await.unwrap(), body, "{accept}");
    }

    let loader = app
        .client
        .get(format!("{}/widget/privacy-portal.js", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(
        loader.headers().get("cache-control").unwrap(),
        "no-cache",
        "a new release is picked up at once"
    );
}
