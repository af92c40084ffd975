//! Support staff's work: the request queue, decisions on one request, and executing what
//! was decided.

pub mod decisions;
pub mod execution;
pub mod queue;
