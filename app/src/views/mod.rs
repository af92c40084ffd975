//! The self-service views, one per tab.

pub mod contact;
pub mod erasure;
pub mod export;
pub mod newsletter;
pub mod overview;
pub mod passed_on;
pub mod people;
pub mod purposes;
pub mod records;
pub mod requests;
pub mod restriction;
pub mod support;

use portal_domain::api::{RequestKind, RequestView};

/// How a filing flow (erasure, restriction) ended, for the requests view that opened it.
#[derive(Debug, Clone)]
pub enum FlowEnd {
    Cancelled,
    Filed(Box<RequestView>),
    /// A pending request of the same kind exists; the API names it.
    Duplicate(RequestKind, Option<String>),
}
