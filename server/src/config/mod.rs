//! Configuration: start-up settings from the environment and the operator's TOML file.

pub mod audit;
pub mod limits;
pub mod mail;
pub mod operator;
pub mod settings;
pub mod worker;

/// A setting that is missing or malformed: which one, and why.
#[derive(Debug, thiserror::Error)]
#[error("{key}: {message}")]
pub struct SettingsError {
    pub key: String,
    pub message: String,
}
