//! The OpenAPI document (`GET /api/openapi.json`) describes every route the portal serves.
//!
//! The router and the document are made from one list (`utoipa_axum::routes!`), so a route
//! added there is in both. These tests check the rest: that no route is added beside that
//! list, that every documented operation is really routed (and no other method on its
//! path), and that each operation is described completely: its success body, the error
//! body for its error statuses, its path and query parameters with their bounds, and the
//! bearer session unless it is one of the few public calls.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use portal_tests::TestApp;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// The calls that need no session.
const PUBLIC: &[(&str, &str)] = &[
    ("post", "/api/session"),
    ("get", "/api/openapi.json"),
    ("get", "/healthz"),
    ("get", "/readyz"),
];

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch"];

const ERROR_BODY: &str = "#/components/schemas/ApiErrorBody";

fn document() -> Value {
    serde_json::from_str(&portal_server::http::openapi::document().to_json().unwrap()).unwrap()
}

/// Every (method, path) the document describes, with its operation.
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in METHODS {
            if let Some(op) = item.get(*method) {
                out.push((method.to_string(), path.clone(), op.clone()));
            }
        }
    }
    out
}

/// Follows a local `$ref`.
fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let pointer = r
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("not local: {r}"));
            doc.pointer(pointer)
                .unwrap_or_else(|| panic!("{r} does not resolve"))
        }
        None => value,
    }
}

/// Every `$ref` anywhere in `value`.
fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_document_is_served_without_a_session_as_openapi_3_1() {
    let app = TestApp::spawn().await;

    let resp = app
        .request(Method::GET, "/api/openapi.json")
        .send()
        .await
        .unwrap();

    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(
        resp.headers().get("content-type").unwrap(),
        "application/json"
    );
    let served: Value = resp.json().await.unwrap();
    let version = served["openapi"].as_str().unwrap();
    assert!(version.starts_with("3.1."), "{version}");
    assert_eq!(served, document());
    assert_eq!(
        served["components"]["securitySchemes"]["session"],
        json!({
            "type": "http",
            "scheme": "bearer",
            "description": served["components"]["securitySchemes"]["session"]["description"],
        })
    );
}

#[test]
fn every_operation_is_described_completely() {
    let doc = document();
    let mut ids = BTreeSet::new();
    let mut problems = Vec::new();
    for (method, path, op) in operations(&doc) {
        let at = format!("{} {path}", method.to_uppercase());
        let mut problem = |p: String| problems.push(format!("{at}: {p}"));

        match op["operationId"].as_str() {
            Some(id) if !ids.insert(id.to_string()) => problem(format!("operationId {id} twice")),
            Some(_) => {}
            None => problem("no operationId".into()),
        }
        let responses = op["responses"].as_object().expect("responses");
        let successes: Vec<_> = responses.keys().filter(|s| s.starts_with('2')).collect();
        if successes.len() != 1 {
            problem(format!("success statuses {successes:?}"));
        }
        for (status, response) in responses {
            let response = resolve(&doc, response);
            let content = response.get("content").and_then(Value::as_object);
            if status.starts_with('2') {
                let has_schema = content.is_some_and(|c| {
                    !c.is_empty() && c.values().all(|media| media.get("schema").is_some())
                });
                if status != "204" && !has_schema {
                    problem(format!("{status} without a body schema"));
                }
                continue;
            }
            if path == "/readyz" && status == "503" {
                continue;
            }
            let error_body = content
                .and_then(|c| c.get("application/json"))
                .and_then(|media| media["schema"]["$ref"].as_str());
            if error_body != Some(ERROR_BODY) {
                problem(format!("{status} is not the error body: {response}"));
            }
        }
        let public = PUBLIC.contains(&(method.as_str(), path.as_str()));
        let security = op.get("security").cloned().unwrap_or(json!(null));
        if public {
            if security != json!(null) {
                problem(format!("a public call with security {security}"));
            }
        } else {
            if security != json!([{ "session": [] }]) {
                problem(format!("security {security}, not the bearer session"));
            }
            if !responses.contains_key("401") {
                problem("needs a session but documents no 401".into());
            }
        }
        if path.starts_with("/api/") {
            for status in ["400", "429", "500"] {
                if !responses.contains_key(status) {
                    problem(format!("no {status}"));
                }
            }
        }
        if op.get("requestBody").is_some() {
            for status in ["413", "415"] {
                if !responses.contains_key(status) {
                    problem(format!("a body but no {status}"));
                }
            }
        }

        let params = op["parameters"].as_array().cloned().unwrap_or_default();
        let named = |kind: &str| -> BTreeSet<String> {
            params
                .iter()
                .filter(|p| p["in"] == kind)
                .map(|p| p["name"].as_str().unwrap().to_string())
                .collect()
        };
        let in_template: BTreeSet<String> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
            .map(str::to_string)
            .collect();
        if named("path") != in_template {
            problem(format!(
                "path parameters {:?}, the template has {in_template:?}",
                named("path")
            ));
        }
        for p in params.iter().filter(|p| p["in"] == "query") {
            let schema = resolve(&doc, &p["schema"]);
            let bounded = match schema["type"].as_str() {
                Some("string") => schema.get("maxLength").is_some() || schema.get("enum").is_some(),
                Some("integer") => schema.get("maximum").is_some(),
                Some("boolean") => true,
                _ => schema.get("enum").is_some(),
            };
            if !bounded {
                problem(format!("query parameter {} has no upper bound", p["name"]));
            }
        }
    }
    let mut all = Vec::new();
    refs(&doc, &mut all);
    for r in all {
        let pointer = r.strip_prefix('#').unwrap_or(&r);
        if doc.pointer(pointer).is_none() {
            problems.push(format!("{r} does not resolve"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A path of the document with its parameters filled in.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|s| if s.starts_with('{') { "x" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

#[tokio::test]
async fn every_documented_operation_is_routed_and_no_other_method_is() {
    let app = TestApp::spawn().await;
    let doc = document();
    let mut documented: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (method, path, _) in operations(&doc) {
        documented.entry(path).or_default().insert(method);
    }
    assert!(documented.len() > 40, "{documented:?}");

    for (path, methods) in &documented {
        for method in METHODS {
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let mut req = app.request(m, &concrete(path));
            if matches!(*method, "post" | "put" | "patch") {
                req = req.json(&json!({}));
            }
            let resp = req.send().await.unwrap();
            let status = resp.status();
            let body = resp.text().await.unwrap();
            let public = PUBLIC.contains(&(*method, path.as_str()));
            let at = format!("{} {path}", method.to_uppercase());
            if !methods.contains(*method) {
                assert_eq!(
                    status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{at} is served but not documented: {body}"
                );
            } else if public {
                assert!(
                    status != StatusCode::NOT_FOUND && status != StatusCode::METHOD_NOT_ALLOWED,
                    "{at} is documented but not routed: {status} {body}"
                );
            } else {
                // Without a session every call that needs one stops at the session.
                assert_eq!(
                    status,
                    StatusCode::UNAUTHORIZED,
                    "{at} is documented but not routed as documented: {body}"
                );
            }
        }
    }
}

/// Routes made beside the documented list would be served undescribed: only the demo
/// pages (outside `/api`, in demo mode only), the widget's files and `GET /metrics` (on a
/// listener of its own, never beside the API) are.
#[test]
fn no_route_is_declared_beside_the_documented_list() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/src");
    let allowed = [Path::new("demo/mod.rs"), Path::new("metrics.rs")];
    let mut found = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(&src).unwrap();
            if allowed.contains(&relative) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                if [".route(", ".route_service(", "routing::"]
                    .iter()
                    .any(|p| line.contains(p))
                {
                    found.push(format!("{}:{}: {}", relative.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "routes beside `routes!` (add them to the documented list):\n{}",
        found.join("\n")
    );
}
