//! The one way the widget talks to the API: `fetch` with the session's bearer token,
//! answers decoded by `failure::decode`. A call that finds the session over flags it in
//! the context, so the whole widget can say so once.

use js_sys::{Array, Reflect, Uint8Array};
use leptos::prelude::*;
use portal_domain::api::{SessionInfo, SessionRequest};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue, UnwrapThrowExt};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortSignal, Blob, BlobPropertyBag, Headers, ReadableStreamDefaultReader, RequestInit, Response,
};

use crate::failure::{ApiFailure, decode};
use crate::portal::Portal;

/// Kept here for the views that build API paths.
pub use crate::browser::uri_component;

pub async fn get<T: DeserializeOwned>(
    portal: Portal,
    path: impl AsRef<str>,
) -> Result<T, ApiFailure> {
    call(portal, "GET", path.as_ref(), None).await
}

pub async fn put<B: Serialize, T: DeserializeOwned>(
    portal: Portal,
    path: impl AsRef<str>,
    body: &B,
) -> Result<T, ApiFailure> {
    call(portal, "PUT", path.as_ref(), Some(to_json(body)?)).await
}

pub async fn post<B: Serialize, T: DeserializeOwned>(
    portal: Portal,
    path: impl AsRef<str>,
    body: &B,
) -> Result<T, ApiFailure> {
    call(portal, "POST", path.as_ref(), Some(to_json(body)?)).await
}

/// A POST with no body (e.g. withdrawing a request).
pub async fn post_empty<T: DeserializeOwned>(
    portal: Portal,
    path: impl AsRef<str>,
) -> Result<T, ApiFailure> {
    call(portal, "POST", path.as_ref(), None).await
}

/// Trades the host's single-use launch token for a session.
pub async fn start_session(
    portal: Portal,
    launch_token: String,
) -> Result<SessionInfo, ApiFailure> {
    let body = to_json(&SessionRequest { launch_token })?;
    let (status, text) = send(portal, "POST", "/api/session", Some(body), None).await?;
    decode(status, &text)
}

/// Ends the session on the server without waiting for the answer; `keepalive` lets the
/// call finish even when the page is going away.
pub fn end_session(portal: Portal) {
    let Some(token) = portal.token() else { return };
    let init = request_init("DELETE", None, Some(&token));
    _ = Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE);
    if let Some(w) = web_sys::window() {
        let url = format!("{}/api/session", portal.api_base.get_value());
        // The promise is dropped on purpose: nothing is left to update.
        _ = w.fetch_with_str_and_init(&url, &init);
    }
}

/// A file the browser is about to save: its bytes as a Blob.
pub struct Download {
    pub blob: Blob,
    pub bytes: u64,
}

/// The two forms of the export: JSON for a machine, an HTML page for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportForm {
    Json,
    Html,
}

impl ExportForm {
    pub fn extension(self) -> &'static str {
        match self {
            ExportForm::Json => "json",
            ExportForm::Html => "html",
        }
    }

    fn mime(self) -> &'static str {
        match self {
            ExportForm::Json => "application/json",
            ExportForm::Html => "text/html;charset=utf-8",
        }
    }
}

/// `GET /api/me/export`, read chunk by chunk so `progress(received, estimated)` can show
/// how far it is. Chunks stay in JavaScript memory; only their lengths cross into wasm.
/// The texts in the file are in the widget's language.
pub async fn download_export(
    portal: Portal,
    form: ExportForm,
    abort: Option<AbortSignal>,
    progress: impl Fn(u64, Option<u64>),
) -> Result<Download, ApiFailure> {
    let path = format!(
        "/export?format={}&lang={}",
        form.extension(),
        portal.locale.get_untracked().code()
    );
    let resp = fetch(portal, "GET", &portal.api(&path), None, abort.as_ref()).await?;
    let status = resp.status();
    if !resp.ok() {
        let text = read_text(&resp).await?;
        let failure = decode::<()>(status, &text)
            .err()
            .unwrap_or(ApiFailure::Http { status });
        return Err(flag(portal, failure));
    }
    let estimated = resp
        .headers()
        .get("X-Export-Estimated-Bytes")
        .ok()
        .flatten()
        .and_then(|v| v.trim().parse::<u64>().ok());
    let chunks = Array::new();
    let mut received = 0u64;
    progress(0, estimated);
    if let Some(body) = resp.body() {
        let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
        loop {
            let step = JsFuture::from(reader.read())
                .await
                .map_err(|_| ApiFailure::Network)?;
            let done = Reflect::get(&step, &"done".into())
                .ok()
                .and_then(|d| d.as_bool())
                .unwrap_or(true);
            if done {
                break;
            }
            let chunk: Uint8Array = Reflect::get(&step, &"value".into())
                .map_err(|_| ApiFailure::Unexpected)?
                .unchecked_into();
            received += u64::from(chunk.length());
            chunks.push(&chunk);
            progress(received, estimated);
        }
    }
    let opts = BlobPropertyBag::new();
    opts.set_type(form.mime());
    let blob = Blob::new_with_u8_array_sequence_and_options(&chunks, &opts)
        .map_err(|_| ApiFailure::Unexpected)?;
    Ok(Download {
        blob,
        bytes: received,
    })
}

/// One of the widget's own files (a language file) by its full URL: no session, no
/// cookies.
pub async fn get_file(url: &str) -> Result<String, ApiFailure> {
    let init = RequestInit::new();
    init.set_credentials(web_sys::RequestCredentials::Omit);
    let window = web_sys::window().ok_or(ApiFailure::Network)?;
    let resp: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| ApiFailure::Network)?
        .unchecked_into();
    if !resp.ok() {
        return Err(ApiFailure::Network);
    }
    read_text(&resp).await
}

fn to_json<B: Serialize>(body: &B) -> Result<String, ApiFailure> {
    crate::json::to_string(body).map_err(|_| ApiFailure::Unexpected)
}

async fn call<T: DeserializeOwned>(
    portal: Portal,
    method: &str,
    path: &str,
    body: Option<String>,
) -> Result<T, ApiFailure> {
    let token = portal.token();
    let (status, text) = send(portal, method, path, body, token.as_deref()).await?;
    decode(status, &text).map_err(|e| flag(portal, e))
}

/// Notes in the context that the session is over, and passes the failure on.
fn flag(portal: Portal, failure: ApiFailure) -> ApiFailure {
    if failure.ends_session() {
        portal.ended.set(true);
    }
    failure
}

async fn send(
    portal: Portal,
    method: &str,
    path: &str,
    body: Option<String>,
    token: Option<&str>,
) -> Result<(u16, String), ApiFailure> {
    let init = request_init(method, body.as_deref(), token);
    let url = format!("{}{}", portal.api_base.get_value(), path);
    let window = web_sys::window().ok_or(ApiFailure::Network)?;
    let resp: Response = JsFuture::from(window.fetch_with_str_and_init(&url, &init))
        .await
        .map_err(|_| ApiFailure::Network)?
        .unchecked_into();
    let text = read_text(&resp).await?;
    Ok((resp.status(), text))
}

async fn fetch(
    portal: Portal,
    method: &str,
    path: &str,
    body: Option<&str>,
    abort: Option<&AbortSignal>,
) -> Result<Response, ApiFailure> {
    let token = portal.token();
    let init = request_init(method, body, token.as_deref());
    init.set_signal(abort);
    let url = format!("{}{}", portal.api_base.get_value(), path);
    let window = web_sys::window().ok_or(ApiFailure::Network)?;
    Ok(JsFuture::from(window.fetch_with_str_and_init(&url, &init))
        .await
        .map_err(|_| ApiFailure::Network)?
        .unchecked_into())
}

fn request_init(method: &str, body: Option<&str>, token: Option<&str>) -> RequestInit {
    let init = RequestInit::new();
    init.set_method(method);
    let headers = Headers::new().unwrap_throw();
    _ = headers.set("Accept", "application/json");
    if let Some(body) = body {
        _ = headers.set("Content-Type", "application/json");
        init.set_body(&JsValue::from_str(body));
    }
    if let Some(token) = token {
        _ = headers.set("Authorization", &format!("Bearer {token}"));
    }
    init.set_headers(&headers);
    // The API authenticates by header only; no cookies of the host page go along.
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init
}

async fn read_text(resp: &Response) -> Result<String, ApiFailure> {
    let promise = resp.text().map_err(|_| ApiFailure::Network)?;
    let text = JsFuture::from(promise)
        .await
        .map_err(|_| ApiFailure::Network)?;
    Ok(text.as_string().unwrap_or_default())
}
