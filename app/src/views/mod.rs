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
