//! Pure rules: given the facts, what the law and the operator's configuration say. No
//! storage, no I/O, so tests call them directly.

pub mod authorization;
pub mod recipients;
pub mod retention;
