//! Notices to people: written to the outbox with the event they report, then claimed,
//! worded and delivered by the background worker.

pub mod delivery;
pub mod outbox;

pub use crate::config::mail::{DEFAULT_FROM, MailSettings};
pub use delivery::{
    ClaimedNotice, Delivery, DeliveryReport, Failure, Rendered, SendConfig, backoff_seconds, claim,
    deliver_due, render,
};
