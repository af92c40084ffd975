//! `privacy-portal`: run the API (`serve`, the default) or print a demo launch token
//! (`mint-token`).

use std::process::ExitCode;

use portal_server::auth::keys::{self, LaunchClaims};
use portal_server::config::settings::{DEMO_ISSUER, Settings};
use portal_server::demo::demo_person;
use portal_server::{Application, init_tracing};

const USAGE: &str = "usage:
  privacy-portal [serve]
      Runs the portal. Configured by PORTAL_* environment variables (see README).
  privacy-portal mint-token PERSON [--role ROLE] [--acct ACCOUNT] [--locale nb|sv|en] [--ttl SECONDS]
      Prints a launch token for a demo person (1001, 2001, 2002, 2003, 3001, S1, S2), signed
      with the demo host key in the data directory (PORTAL_DATA_DIR, default ./data).
  privacy-portal verify-audit
      Checks the audit trail: every entry's MAC (or, before the audit key, hash) and
      link, and the chains' ends against the newest checkpoint in the database or in
      PORTAL_AUDIT_CHECKPOINT_DIR. Prints the number of entries and either
      \"audit trail intact\" (exit 0) or every problem found (exit 1).
  privacy-portal audit-checkpoint
      Signs the head of every chain of the audit trail into a new checkpoint now (the
      server does so every PORTAL_AUDIT_CHECKPOINT_SECONDS and at shutdown), unless
      nothing was appended since the last one.
  privacy-portal sweep [--dry-run]
      Runs the retention sweep once: purges held records whose day has passed and applies
      the customer-relationship and lead rules. Prints what it did; with --dry-run, what it
      would do.";

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None | Some("serve") => serve().await,
        Some("mint-token") => mint_token(&args[1..]),
        Some("verify-audit") => verify_audit().await,
        Some("audit-checkpoint") => audit_checkpoint().await,
        Some("sweep") => sweep(&args[1..]).await,
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("unknown command {other:?}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

async fn serve() -> ExitCode {
    init_tracing();
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    let demo = settings.demo;
    let app = match Application::build(settings).await {
        Ok(a) => a,
        Err(e) => {
            eprintln!("cannot start: {e}");
            return ExitCode::from(2);
        }
    };
    tracing::info!(port = app.port(), demo, "privacy portal listening");
    if let Some(port) = app.metrics_port() {
        tracing::info!(metrics_port = port, "metrics listening");
    }
    if demo {
        eprintln!("Demo host page: http://127.0.0.1:{}/demo", app.port());
    }
    match app.run_until_stopped().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("server error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn verify_audit() -> ExitCode {
    init_tracing();
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    let audit = &settings.audit;
    match portal_server::store::audit::verify_database(
        &settings.database_url,
        &audit.key,
        audit.checkpoint_dir.as_deref(),
    )
    .await
    {
        Ok(report) => {
            println!("{} entries", report.entries);
            match &report.checkpoint {
                Some(c) => println!(
                    "checked against checkpoint {} ({} chains, {} entries, at {})",
                    c.id, c.chains, c.entries, c.at
                ),
                None => println!("no checkpoint yet"),
            }
            if report.intact {
                println!("audit trail intact");
                return ExitCode::SUCCESS;
            }
            if let Some(b) = &report.first_broken {
                println!("audit trail broken at entry {}: {}", b.seq, b.reason);
            } else {
                println!("audit trail broken");
            }
            for problem in &report.problems {
                println!("- {problem}");
            }
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("cannot read the audit trail: {e}");
            ExitCode::from(2)
        }
    }
}

async fn audit_checkpoint() -> ExitCode {
    use portal_server::store::audit_checkpoints::{self as checkpoints, Outcome, Target};
    init_tracing();
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    let db = match portal_server::store::db::connect(&settings.database_url).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("cannot open the database: {e}");
            return ExitCode::from(2);
        }
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let outcome = checkpoints::write(&db, Target::of(&settings.audit), now, "command").await;
    db.close().await;
    match outcome {
        Ok(outcome @ Outcome::Refused(_)) => {
            println!("{outcome}");
            ExitCode::from(1)
        }
        Ok(outcome) => {
            println!("{outcome}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write the audit checkpoint: {e}");
            ExitCode::from(2)
        }
    }
}

async fn sweep(args: &[String]) -> ExitCode {
    let dry_run = match args {
        [] => false,
        [flag] if flag == "--dry-run" => true,
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    init_tracing();
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    match portal_server::retention::sweep::run_configured(&settings, dry_run).await {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("retention sweep failed: {e}");
            ExitCode::FAILURE
        }
    }
}

fn mint_token(args: &[String]) -> ExitCode {
    let Some(person) = args.first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let demo = demo_person(person);
    let mut role = demo.map(|d| d.role.to_string());
    let mut acct = demo.map(|d| d.account.to_string());
    let mut locale = demo.map(|d| d.locale.to_string());
    let mut ttl: i64 = 120;
    let mut rest = args[1..].iter();
    while let Some(flag) = rest.next() {
        let Some(value) = rest.next() else {
            eprintln!("{flag} needs a value\n{USAGE}");
            return ExitCode::from(2);
        };
        match flag.as_str() {
            "--role" => role = Some(value.clone()),
            "--acct" => acct = Some(value.clone()),
            "--locale" => locale = Some(value.clone()),
            "--ttl" => match value.parse() {
                Ok(n) => ttl = n,
                Err(_) => {
                    eprintln!("--ttl needs a number of seconds");
                    return ExitCode::from(2);
                }
            },
            other => {
                eprintln!("unknown option {other}\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let (Some(role), Some(acct)) = (role, acct) else {
        eprintln!("{person} is not a demo person: give --role and --acct");
        return ExitCode::from(2);
    };
    let data_dir = std::path::PathBuf::from(
        std::env::var("PORTAL_DATA_DIR").unwrap_or_else(|_| "data".into()),
    );
    let pair = match keys::ensure_dev_key_pair(&data_dir) {
        Ok(p) => p,
        Err(e) => {
            eprintln!(
                "cannot read or create the demo key pair in {}: {e}",
                data_dir.display()
            );
            return ExitCode::FAILURE;
        }
    };
    let issuer = std::env::var("PORTAL_HOST_ISSUER").unwrap_or_else(|_| DEMO_ISSUER.into());
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let claims = LaunchClaims::new(&issuer, person, &acct, &role, locale.as_deref(), now, ttl);
    match keys::sign(&claims, &pair.private_pem) {
        Ok(token) => {
            println!("{token}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot sign: {e}");
            ExitCode::FAILURE
        }
    }
}
