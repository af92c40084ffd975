//! The portal's own storage: opening the database (SQLite or Postgres), the audit
//! trail's chains and their checkpoints, and the lookups of the authenticated path.

pub mod audit;
pub mod audit_checkpoints;
pub mod db;
pub mod reads;
pub mod recent;
