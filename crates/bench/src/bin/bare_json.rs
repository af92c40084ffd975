//! A bare axum JSON handler, the yardstick `api-read-bench` measures the portal's reads
//! against: one route answering a contact-sized JSON document, nothing else.
//!
//! usage: bare-json ADDRESS   (e.g. 127.0.0.1:8099; serves `GET /json`)

use axum::Router;
use axum::routing::get;
use serde_json::json;

#[tokio::main]
async fn main() {
    let address = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8099".into());
    let router = Router::new().route(
        "/json",
        get(|| async {
            axum::Json(json!({
                "details": {
                    "name": "Kari Nordmann",
                    "email": "kari.nordmann@example.no",
                    "phone": "+4791234567",
                    "street": "Storgata 1",
                    "postal_code": "0155",
                    "city": "Oslo",
                    "country": "NO",
                    "company": "",
                    "language": "nb",
                },
                "version": 1,
                "personnummer_masked": null,
                "changes": [],
                "fields": ["name", "email", "phone", "street", "postal_code", "city", "country", "company", "language"],
            }))
        }),
    );
    let listener = tokio::net::TcpListener::bind(&address)
        .await
        .unwrap_or_else(|e| panic!("listen on {address}: {e}"));
    axum::serve(listener, router.into_make_service())
        .await
        .expect("serve");
}
