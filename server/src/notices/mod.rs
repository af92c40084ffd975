//! Notices to people: written to the outbox with the event they report, then claimed,
//! worded and delivered by the background worker.

pub mod delivery;
pub mod outbox;

pub use delivery::{
    ClaimedNotice, DEFAULT_FROM, Delivery, DeliveryReport, Failure, MailSettings, Rendered,
    SendConfig, backoff_seconds, claim, deliver_due, render,
};
