//! Configuration: start-up settings from the environment and the operator's TOML file.

pub mod operator;
pub mod settings;
