//! The WHMCS addon (PHP) and the portal together: the PHP harness runs the addon's real
//! code for each kind of visitor against the WHMCS fixture (only WHMCS's runtime is
//! stubbed), and the portal exchanges every launch token the addon prints. The key pair
//! is made by the addon's own `bin/keygen.php`.

use std::path::Path;
use std::process::Command;

use portal_domain::api::{Role, SessionInfo};
use portal_tests::whmcs::{WhmcsDb, server_url};
use portal_tests::{ISSUER, Scratch, TestApp, expect_json};
use reqwest::StatusCode;
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// `mysql://user[:password]@host[:port]` as PDO's DSN, user and password.
fn pdo(url: &str) -> (String, String, String) {
    let rest = url.trim_start_matches("mysql://").trim_end_matches('/');
    let (auth, host) = rest.rsplit_once('@').unwrap_or(("root", rest));
    let (user, password) = auth.split_once(':').unwrap_or((auth, ""));
    let (host, port) = host.split_once(':').unwrap_or((host, "3306"));
    (
        format!("mysql:host={host};port={port};charset=utf8"),
        user.to_string(),
        password.to_string(),
    )
}

#[tokio::test]
async fn the_portal_exchanges_every_token_the_addon_mints_for_exactly_its_visitors() {
    let whmcs = WhmcsDb::create().await;
    let keys = Scratch::new();
    let made = Command::new("php")
        .arg(root().join("integrations/whmcs/bin/keygen.php"))
        .arg(keys.path())
        .output()
        .expect("php is installed (Debian's php8.2-cli)");
    assert!(
        made.status.success(),
        "keygen: {}",
        String::from_utf8_lossy(&made.stderr)
    );
    let public = std::fs::read_to_string(keys.path().join("privacyportal-ed25519.pub.pem"))
        .expect("the public key keygen wrote");
    let app = TestApp::spawn_whmcs_with(&whmcs, |s| {
        s.host_keys = vec![portal_server::auth::launch_token::HostKeySource {
            kid: Some("whmcs-2026".into()),
            pem: public,
        }];
    })
    .await;
    let (dsn, user, password) = pdo(&server_url());
    // Kari trades as a sole trader: a firm name and a Norwegian organisation number, and
    // still a private customer by the default rule, in the addon as in the portal.
    whmcs
        .exec(
            "UPDATE tblclients SET companyname = 'Hansen Rørlegger ENK', tax_id = 'NO912345678MVA' \
             WHERE id = 1",
        )
        .await;

    let out = Command::new("php")
        .arg(root().join("tests/whmcs/harness.php"))
        .args(["--database", &whmcs.name])
        .arg("--key")
        .arg(keys.path().join("privacyportal-ed25519.pem"))
        .args([
            "--kid",
            "whmcs-2026",
            "--issuer",
            ISSUER,
            "--portal",
            &app.address,
        ])
        .args([
            "--dsn",
            &dsn,
            "--db-user",
            &user,
            "--db-password",
            &password,
        ])
        .output()
        .expect("run the harness");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "harness: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let mut exchanged = 0;
    let mut kari = None;
    for line in &lines {
        let case = line["case"].as_str().unwrap();
        let Some(token) = line["launch_token"].as_str() else {
            assert!(line["role"].is_null(), "{case}: a role without a token");
            continue;
        };
        let info: SessionInfo = expect_json(app.exchange(token).await, StatusCode::CREATED).await;
        let role = Role::parse(line["role"].as_str().unwrap()).unwrap();
        assert_eq!(info.role, role, "{case}");
        assert!(line["html_has_widget"].as_bool().unwrap(), "{case}");
        // Each token opens exactly one session: the page's cannot be replayed.
        let again = app.exchange(token).await;
        assert_eq!(again.status(), StatusCode::UNAUTHORIZED, "{case}: replayed");
        exchanged += 1;
        if case == "private_owner" {
            kari = Some(info.session_token);
        }
    }
    let by_case = |c: &str| lines.iter().find(|l| l["case"] == c).unwrap();
    for refused in ["logged_out", "masquerading_staff", "disabled_staff"] {
        assert!(by_case(refused)["launch_token"].is_null(), "{refused}");
    }
    assert_eq!(by_case("company_owner")["role"], "company_admin");
    assert_eq!(by_case("invited_user")["role"], "customer");
    assert_eq!(by_case("staff")["role"], "support");
    assert_eq!(exchanged, 7);

    // The UserLogin hook recorded a login WHMCS itself would forget; the export has it.
    let export = app.export(&kari.expect("Kari's session")).await;
    let logins = export["categories"]["history"]["records"]["login_history"]
        .as_array()
        .unwrap();
    assert!(!logins.is_empty(), "{:?}", by_case("user_login"));
    assert!(logins[0]["user_agent"].as_str().is_some());
    whmcs.drop_database().await;
}

/// What the addon's `CompanyRule` says of each client, run in PHP, beside what the
/// portal's says: the addon must give an owner the role the portal expects of the
/// account's kind.
#[test]
fn the_addon_tells_companies_from_private_customers_as_the_portal_does() {
    use portal_server::billing::whmcs::company::CompanyRule;
    use std::io::Write;

    // (rule, company name, tax id, group, the rule's custom field's value)
    let mut cases: Vec<(&str, &str, &str, i64, Option<&str>)> = Vec::new();
    for name in [
        "Nordlys Webbyrå AS",
        "fjellvind data as",
        "Hansen &amp; Sønn AS",
        "Bygg og Anlegg, A/S",
        "Equinor ASA.",
        "Tine SA",
        "Vannverket IKS",
        "Stiftelsen Kirkens Bymisjon",
        "AS Vinmonopolet",
        "AB Volvo",
        "Svensk Hosting AB (publ)",
        "Svensk Hosting (publ)",
        "Konsum Norr ek. för.",
        "KONSUM NORR EKONOMISK FÖRENING",
        "Brf Solgläntan",
        "Hansen Rørlegger ENK",
        "Berg Design",
        "AS",
        "(publ)",
        "Asker Bad",
        "Hasse AB-fan",
        "",
    ] {
        cases.push(("legal_form", name, "", 0, None));
    }
    for tax_id in [
        "556036-0793",
        "SE 556036-0793 01",
        "se5560360793",
        "165560360793",
        "969678-1237",
        "800101-1231",
        "SE800101123101",
        "19800101-1231",
        "556036-0794",
        "NO923456789MVA",
        "912 345 678",
    ] {
        cases.push(("", "", tax_id, 0, None));
    }
    cases.extend([
        ("company_name", "Berg Design", "", 0, None),
        ("company_name", " ", "5560360793", 0, None),
        ("TAX_ID", "", "NO912345678MVA", 0, None),
        ("tax_id", "Nordlys AS", "", 0, None),
        ("group:2, 5", "", "", 5, None),
        ("group:2,5", "Nordlys AS", "", 0, None),
        ("custom_field:4=Bedrift", "", "", 0, Some(" BEDRIFT ")),
        (
            "custom_field:4=Bedrift",
            "Nordlys AS",
            "",
            0,
            Some("Privat"),
        ),
        ("custom_field:4=Bedrift", "Nordlys AS", "", 0, None),
        (
            "custom_field:4=Firma & co",
            "",
            "",
            0,
            Some("Firma &amp; co"),
        ),
        (
            "custom_field:4=Bedrift &amp; lag",
            "",
            "",
            0,
            Some("Bedrift &amp;amp; lag"),
        ),
    ]);
    for bad in [
        "company",
        "group:",
        "group:x",
        "group:+3",
        "group:2,,5",
        "custom_field:4",
        "custom_field:4=",
        "tax_id:1",
    ] {
        cases.push((bad, "", "", 0, None));
    }

    let portal: Vec<String> = cases
        .iter()
        .map(
            |(rule, name, tax_id, group, field)| match CompanyRule::parse(rule) {
                Err(_) => "invalid".to_string(),
                Ok(r) => format!("{:?}", r.kind(name, tax_id, *group, *field)),
            },
        )
        .collect();
    let mut php = Command::new("php")
        .arg("-r")
        .arg(
            r#"require $argv[1];
            use WHMCS\Module\Addon\PrivacyPortal\CompanyRule;
            foreach (json_decode(file_get_contents('php://stdin'), true) as [$rule, $name, $taxId, $group, $field]) {
                $r = CompanyRule::parse($rule);
                echo $r === null ? 'invalid' : ($r->isCompany($name, $taxId, $group, $field) ? 'Company' : 'Private'), "
";
            }"#,
        )
        .arg(root().join("integrations/whmcs/modules/addons/privacyportal/lib/autoload.php"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("php is installed (Debian's php8.2-cli)");
    php.stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(&cases).unwrap().as_bytes())
        .unwrap();
    let out = php.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let addon: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(addon.len(), cases.len());
    for ((case, portal), addon) in cases.iter().zip(&portal).zip(&addon) {
        assert_eq!(portal, addon, "{case:?}");
    }
    // Both say something of each kind.
    assert!(portal.iter().any(|k| k == "Company"));
    assert!(portal.iter().any(|k| k == "Private"));
    assert!(portal.iter().any(|k| k == "invalid"));
}
