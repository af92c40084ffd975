//! The privacy portal's shared vocabulary.
//!
//! Everything here compiles for both the browser (`wasm32-unknown-unknown`) and the
//! server, so the widget and the API agree on one set of rules: the JSON bodies of the
//! API, the error body, the validated values a person can type (e-mail, phone, country…)
//! and the legal deadline arithmetic.

pub mod api;
pub mod deadline;
pub mod error;
pub mod locale;
pub mod phone;
pub mod support;
pub mod validate;
pub mod wire_time;

pub use deadline::{due_date, extended_due_date, format_iso_date, parse_iso_date};
pub use error::{ApiErrorBody, ErrorCode, FieldError};
pub use locale::{Locale, LocalizedText};
pub use validate::{
    CountryCode, Email, PersonName, PhoneE164, ValidationCode, format_phone, phone_example,
};
