//! The data subject's rights as use cases (GDPR art. 15–21): access, portability,
//! rectification, objection and consent, erasure and restriction, and telling the
//! recipients. Each takes the application state and the `Subject` (who the data is about,
//! who is acting) and returns domain values; the HTTP layer only wraps them.

pub mod access;
pub mod account_details;
pub mod activity;
pub mod company;
pub mod contact_changes;
pub mod erasure;
pub mod export;
pub mod preferences;
pub mod recipients;
pub mod rectification;
pub mod requests;
pub mod restriction;
pub mod subject;
