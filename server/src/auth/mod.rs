//! Who is calling: launch tokens signed by the host, the demo host keys, and portal
//! sessions.

pub mod keys;
pub mod launch_token;
pub mod session_uses;
pub mod sessions;
