//! Running the real `privacy-portal` binary from a test: several servers against one
//! database, or one of its commands. Cargo builds it beside the tests from the server's
//! `main.rs` (see `Cargo.toml`); an integration test names it with
//! `env!("CARGO_BIN_EXE_privacy-portal-under-test")`, which only tests can see.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use tokio::process::{Child, Command};

use crate::{ISSUER, Scratch, example_operator_config};

/// The environment a test runs the binary in: its own data directory, the test host's
/// public key, the example operator configuration, the given database and an audit key.
/// Nothing of the test process's own `PORTAL_*` variables leaks in.
pub struct PortalEnv {
    scratch: Scratch,
    database_url: String,
    /// `PORTAL_AUDIT_KEY_FILE` and `PORTAL_AUDIT_CHECKPOINT_DIR`.
    audit_key_file: PathBuf,
    audit_checkpoint_dir: Option<PathBuf>,
}

impl PortalEnv {
    /// For a database of its own: a fresh audit key, checkpoints in its data directory.
    pub fn new(host_public_pem: &str, database_url: String) -> PortalEnv {
        let scratch = Scratch::new();
        let audit = portal_server::config::audit::AuditSettings::in_folder(scratch.path())
            .expect("make an audit key");
        Self::with_audit(scratch, host_public_pem, database_url, &audit)
    }

    /// For the database of a running test portal: its host key, and its audit key and
    /// checkpoints' folder, as servers of one deployment share them.
    pub fn for_app(app: &crate::TestApp) -> PortalEnv {
        Self::with_audit(
            Scratch::new(),
            &app.keys.public_pem,
            app.state.settings.database_url.clone(),
            &app.state.settings.audit,
        )
    }

    fn with_audit(
        scratch: Scratch,
        host_public_pem: &str,
        database_url: String,
        audit: &portal_server::config::audit::AuditSettings,
    ) -> PortalEnv {
        std::fs::write(scratch.path().join("host.pub.pem"), host_public_pem)
            .expect("write the host's public key");
        PortalEnv {
            scratch,
            database_url,
            audit_key_file: audit.key_file.clone(),
            audit_checkpoint_dir: audit.checkpoint_dir.clone(),
        }
    }

    pub fn dir(&self) -> &Path {
        self.scratch.path()
    }

    /// A command for the binary with the environment set; the caller adds arguments and
    /// any further `PORTAL_*` variables.
    pub fn command(&self, binary: &Path) -> Command {
        let mut cmd = Command::new(binary);
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("PORTAL_") {
                cmd.env_remove(key);
            }
        }
        let dir = self.scratch.path();
        cmd.env("PORTAL_DATABASE_URL", &self.database_url)
            .env("PORTAL_LISTEN", "127.0.0.1:0")
            .env("PORTAL_HOST_ISSUER", ISSUER)
            .env("PORTAL_HOST_PUBLIC_KEY", dir.join("host.pub.pem"))
            .env("PORTAL_CONFIG", example_operator_config())
            .env("PORTAL_DATA_DIR", dir)
            .env("PORTAL_WIDGET_DIR", dir.join("widget"))
            .env("PORTAL_LOG", "info,sqlx=warn")
            .env("PORTAL_AUDIT_KEY_FILE", &self.audit_key_file)
            .env(
                "PORTAL_AUDIT_CHECKPOINT_DIR",
                self.audit_checkpoint_dir
                    .as_deref()
                    .unwrap_or(Path::new("off")),
            )
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .kill_on_drop(true);
        cmd
    }

    /// Starts `privacy-portal serve` named `name`, its log going to `<dir>/<name>.log`.
    pub fn serve(&self, binary: &Path, name: &str, extra: &[(&str, String)]) -> Server {
        let log_path = self.scratch.path().join(format!("{name}.log"));
        let log = std::fs::File::create(&log_path).expect("create the server's log file");
        let mut cmd = self.command(binary);
        cmd.arg("serve")
            .env("PORTAL_WORKER_ID", name)
            .stdout(Stdio::null())
            .stderr(log);
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("start privacy-portal");
        Server {
            name: name.to_string(),
            child,
            log_path,
        }
    }
}

/// A running server process, killed when dropped.
pub struct Server {
    pub name: String,
    pub child: Child,
    log_path: PathBuf,
}

impl Server {
    /// What the server has logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log_path).unwrap_or_default()
    }

    /// The port the server listens on (`key` `port` for the API, `metrics_port` for the
    /// metrics), read from its log once it says so, in either log format.
    pub async fn logged_port(&self, key: &str) -> u16 {
        let text = format!(" {key}=");
        let json = format!("\"{key}\":");
        for _ in 0..600 {
            let log = self.log();
            let found = log.lines().find_map(|line| {
                let (_, rest) = line.split_once(&text).or_else(|| line.split_once(&json))?;
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                digits.parse().ok()
            });
            if let Some(port) = found {
                return port;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("{} logged no {key}:\n{}", self.name, self.log());
    }

    /// Asks the process to stop (SIGTERM), as an orchestrator does, without waiting.
    pub fn signal_terminate(&self) {
        let pid = self.child.id().expect("the server is running");
        let status = std::process::Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -TERM {pid} failed");
    }

    /// Kills the process at once (SIGKILL): no shutdown, no clean-up.
    pub async fn kill(&mut self) {
        self.child.kill().await.expect("kill the server");
    }

    /// Asks the process to stop (SIGTERM), as a service manager does, and waits until it
    /// has: whether it stopped cleanly.
    pub async fn terminate(&mut self) -> bool {
        let pid = self.child.id().expect("the server is running");
        let sent = Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .await
            .expect("run kill");
        assert!(sent.success(), "kill -TERM {pid} failed");
        let exited = tokio::time::timeout(Duration::from_secs(30), self.child.wait())
            .await
            .expect("the server stops within 30 s")
            .expect("wait for the server");
        exited.success()
    }

    /// `http://127.0.0.1:<port>`, once the server says it is listening.
    pub async fn address(&self) -> String {
        for _ in 0..600 {
            let log = without_colours(&self.log());
            if let Some(port) = log
                .lines()
                .filter(|l| l.contains("privacy portal listening"))
                .find_map(|l| l.split("port=").nth(1))
                .and_then(|rest| rest.split_whitespace().next())
            {
                return format!("http://127.0.0.1:{port}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{} never listened:\n{}", self.name, self.log());
    }
}

/// `text` without ANSI escape sequences (a log may colour its field names).
fn without_colours(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // `ESC [ … letter`
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}
