//! The host contract: a launch token is exchanged once for a session, and every token
//! that breaks the contract is refused with 401 `invalid_launch_token`.

use portal_domain::api::{AccountKind, Role, SessionInfo};
use portal_domain::{ErrorCode, Locale};
use portal_tests::{
    TestApp, b64, eddsa_header, expect_error, expect_json, sign_ed25519, signing_input, with,
    without,
};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

async fn assert_refused(app: &TestApp, token: &str, why: &str) {
    let resp = app.exchange(token).await;
    let status = resp.status();
    let body = resp.text().await.unwrap();
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "{why}: expected 401, got {status}: {body}"
    );
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        body["error"]["code"], "invalid_launch_token",
        "{why}: {body}"
    );
}

async fn assert_accepted(app: &TestApp, token: &str, why: &str) -> SessionInfo {
    let resp = app.exchange(token).await;
    let status = resp.status();
    let body = resp.text().await.unwrap();
    assert_eq!(
        status,
        StatusCode::CREATED,
        "{why}: expected 201, got {status}: {body}"
    );
    serde_json::from_str(&body).unwrap()
}

fn header_of(token: &str) -> Value {
    use base64::Engine;
    let segment = token.split('.').next().unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(segment)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

fn kari(app: &TestApp) -> Value {
    app.claims("1001", "A100", "customer")
}

// ------------------------------------------------------------------------- accepted

#[tokio::test]
async fn a_valid_token_opens_a_session() {
    let app = TestApp::spawn().await;
    let now = app.clock.unix();

    let session = assert_accepted(&app, &app.mint_claims(&kari(&app)), "valid token").await;

    assert!(session.session_token.len() >= 40);
    let expires = session.expires_at.unix_timestamp();
    assert!(
        (now + 8 * 3600..=now + 8 * 3600 + 5).contains(&expires),
        "expires_at {} is not 8 h from now",
        session.expires_at
    );
    assert_eq!(session.idle_timeout_seconds, 15 * 60);
    assert_eq!(session.role, Role::Customer);
    assert_eq!(session.locale, Locale::Nb);
    assert_eq!(session.person.id, "1001");
    assert_eq!(session.person.display_name, "Kari Nordmann");
    assert_eq!(session.person.account_id, "A100");
    assert_eq!(session.person.account_kind, AccountKind::Private);
}

#[tokio::test]
async fn the_session_token_is_stored_only_as_its_hash() {
    let app = TestApp::spawn().await;
    let claims = kari(&app);
    let launch = app.mint_claims(&claims);

    let session = assert_accepted(&app, &launch, "valid token").await;

    let token = &session.session_token;
    let sessions = app.rows("SELECT * FROM sessions").await;
    assert_eq!(sessions.len(), 1);
    for value in sessions[0].values() {
        assert!(
            !value.contains(token.as_str()),
            "plain token stored: {value}"
        );
    }
    let expected: String = Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(sessions[0]["token_hash"], expected);
    // Of the launch token only its id is remembered.
    let used = app.rows("SELECT * FROM used_launch_tokens").await;
    assert_eq!(used.len(), 1);
    assert_eq!(used[0]["jti"], claims["jti"].as_str().unwrap());
    assert!(used[0].values().all(|v| !v.contains(launch.as_str())));
}

#[tokio::test]
async fn the_locale_claim_picks_the_session_language() {
    let app = TestApp::spawn().await;
    let claims = with(kari(&app), "locale", json!("sv"));

    let session = assert_accepted(&app, &app.mint_claims(&claims), "locale sv").await;

    assert_eq!(session.locale, Locale::Sv);
}

#[tokio::test]
async fn company_admin_and_support_tokens_are_accepted_for_who_they_name() {
    let app = TestApp::spawn().await;

    let admin = app.login_as("2001", "A200", "company_admin").await;
    let support = app.login_as("S1", "STAFF", "support").await;

    assert_eq!(admin.role, Role::CompanyAdmin);
    assert_eq!(admin.person.account_kind, AccountKind::Company);
    assert_eq!(support.role, Role::Support);
    // Staff are greeted by the name the billing system has for them.
    assert_eq!(support.person.display_name, "Siri Støtte");
    assert_eq!(admin.person.display_name, "Ola Hansen");
}

// ------------------------------------------------------------------------- signature and algorithm

#[tokio::test]
async fn a_token_signed_by_another_key_is_refused() {
    let app = TestApp::spawn().await;
    let stranger = portal_server::auth::keys::generate();

    let token = sign_ed25519(&stranger.private_pem, &eddsa_header(), &kari(&app));

    assert_refused(&app, &token, "signed by another key").await;
}

#[tokio::test]
async fn a_token_with_a_tampered_payload_is_refused() {
    let app = TestApp::spawn().await;
    let token = app.mint_claims(&kari(&app));
    let parts: Vec<&str> = token.split('.').collect();
    let forged = b64(with(kari(&app), "sub", json!("3001")).to_string());

    let tampered = format!("{}.{forged}.{}", parts[0], parts[2]);

    assert_refused(&app, &tampered, "payload swapped under the signature").await;
}

#[tokio::test]
async fn an_unsigned_token_is_refused() {
    let app = TestApp::spawn().await;
    for alg in ["none", "None", "NONE"] {
        let header = json!({ "alg": alg, "typ": "JWT" });

        let token = format!("{}.", signing_input(&header, &kari(&app)));

        assert_refused(&app, &token, &format!("alg {alg}, no signature")).await;
    }
    // An EdDSA header with the signature left off.
    let token = format!("{}.", signing_input(&eddsa_header(), &kari(&app)));
    assert_refused(&app, &token, "EdDSA without a signature").await;
}

#[tokio::test]
async fn hs256_signed_with_the_public_key_is_refused() {
    let app = TestApp::spawn().await;
    let key = jsonwebtoken::EncodingKey::from_secret(app.keys.public_pem.as_bytes());

    let token = jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &kari(&app),
        &key,
    )
    .unwrap();

    assert_eq!(header_of(&token)["alg"], "HS256");
    assert_refused(&app, &token, "HS256 keyed with the public key PEM").await;
}

#[tokio::test]
async fn any_algorithm_but_eddsa_is_refused() {
    let app = TestApp::spawn().await;
    for alg in [
        "RS256", "ES256", "PS256", "HS256", "HS512", "Ed25519", "eddsa", "",
    ] {
        // A genuine Ed25519 signature under a header that names another algorithm.
        let token = app.sign_raw(&json!({ "alg": alg, "typ": "JWT" }), &kari(&app));

        assert_refused(&app, &token, &format!("alg {alg:?}")).await;
    }
    let token = app.sign_raw(&json!({ "typ": "JWT" }), &kari(&app));
    assert_refused(&app, &token, "no alg at all").await;
}

#[tokio::test]
async fn an_unknown_critical_header_is_refused() {
    let app = TestApp::spawn().await;
    let header = json!({ "alg": "EdDSA", "typ": "JWT", "crit": ["exp"], "exp": 1 });

    let token = app.sign_raw(&header, &kari(&app));

    assert_refused(&app, &token, "crit header").await;
    let token = app.sign_raw(
        &json!({ "alg": "EdDSA", "crit": ["x-billing-tenant"], "x-billing-tenant": "a" }),
        &kari(&app),
    );
    assert_refused(&app, &token, "crit naming an extension").await;
}

/// RFC 8725 §3.11: a `typ` other than JWT is another kind of token; none at all is
/// accepted (the header need not carry one).
#[tokio::test]
async fn a_typ_other_than_jwt_is_refused() {
    let app = TestApp::spawn().await;
    for typ in [
        json!("at+jwt"),
        json!("logout+jwt"),
        json!("JOSE"),
        json!(7),
    ] {
        let token = app.sign_raw(&json!({ "alg": "EdDSA", "typ": typ }), &kari(&app));
        assert_refused(&app, &token, &format!("typ {typ}")).await;
    }
    for header in [
        json!({ "alg": "EdDSA" }),
        json!({ "alg": "EdDSA", "typ": "jwt" }),
    ] {
        let token = app.sign_raw(&header, &kari(&app));
        let resp = app.exchange(&token).await;
        assert_eq!(resp.status(), StatusCode::CREATED, "{header}");
    }
}

// ------------------------------------------------------------------------- issuer and audience

#[tokio::test]
async fn a_wrong_issuer_is_refused() {
    let app = TestApp::spawn().await;
    for iss in [
        json!("other-billing"),
        json!("TEST-BILLING"),
        json!(""),
        json!(["other-billing"]),
        json!(["test-billing", "other-billing"]),
        json!(42),
    ] {
        let token = app.mint_claims(&with(kari(&app), "iss", iss.clone()));

        assert_refused(&app, &token, &format!("iss {iss}")).await;
    }
}

#[tokio::test]
async fn a_missing_issuer_is_refused() {
    let app = TestApp::spawn().await;

    let token = app.mint_claims(&without(kari(&app), "iss"));

    assert_refused(&app, &token, "no iss").await;
}

#[tokio::test]
async fn a_wrong_audience_is_refused() {
    let app = TestApp::spawn().await;
    for aud in [
        json!("another-app"),
        json!(["another-app"]),
        json!([]),
        json!(""),
    ] {
        let token = app.mint_claims(&with(kari(&app), "aud", aud.clone()));

        assert_refused(&app, &token, &format!("aud {aud}")).await;
    }
}

#[tokio::test]
async fn a_missing_audience_is_refused() {
    let app = TestApp::spawn().await;

    let token = app.mint_claims(&without(kari(&app), "aud"));

    assert_refused(&app, &token, "no aud").await;
}

// ------------------------------------------------------------------------- claims present and typed

#[tokio::test]
async fn each_required_claim_must_be_present() {
    let app = TestApp::spawn().await;
    for claim in ["sub", "acct", "role", "jti", "iat", "exp"] {
        let token = app.mint_claims(&without(kari(&app), claim));

        assert_refused(&app, &token, &format!("no {claim}")).await;
    }
}

#[tokio::test]
async fn claims_of_the_wrong_type_are_refused() {
    let app = TestApp::spawn().await;
    let now = app.clock.unix();
    let cases = [
        ("exp", json!((now + 120).to_string())),
        ("iat", json!(now.to_string())),
        ("exp", json!(now as f64 + 120.5)),
        ("sub", json!(1001)),
        ("acct", json!(null)),
        ("role", json!(["customer"])),
        ("jti", json!(12345)),
        ("locale", json!(1)),
        ("nbf", json!("soon")),
        ("sub", json!("")),
        ("jti", json!(" ")),
    ];
    for (claim, value) in cases {
        let token = app.mint_claims(&with(kari(&app), claim, value.clone()));

        assert_refused(&app, &token, &format!("{claim} = {value}")).await;
    }
}

#[tokio::test]
async fn an_unknown_role_is_refused() {
    let app = TestApp::spawn().await;
    for role in ["admin", "Customer", "", "superuser"] {
        let token = app.mint_claims(&with(kari(&app), "role", json!(role)));

        assert_refused(&app, &token, &format!("role {role:?}")).await;
    }
}

#[tokio::test]
async fn an_unknown_locale_is_refused() {
    let app = TestApp::spawn().await;
    for locale in ["de", "", "en-US-x"] {
        let token = app.mint_claims(&with(kari(&app), "locale", json!(locale)));

        assert_refused(&app, &token, &format!("locale {locale:?}")).await;
    }
}

// ------------------------------------------------------------------------- time

#[tokio::test]
async fn a_token_expired_beyond_the_leeway_is_refused() {
    let app = TestApp::spawn().await;
    let now = app.clock.unix();
    let claims = with(
        with(kari(&app), "iat", json!(now - 200)),
        "exp",
        json!(now - 40),
    );

    assert_refused(&app, &app.mint_claims(&claims), "expired 40 s ago").await;
}

#[tokio::test]
async fn a_token_expired_within_the_leeway_is_accepted() {
    let app = TestApp::spawn().await;
    let now = app.clock.unix();
    let claims = with(
        with(kari(&app), "iat", json!(now - 100)),
        "exp",
        json!(now - 10),
    );

    assert_accepted(&app, &app.mint_claims(&claims), "expired 10 s ago").await;
}

#[tokio::test]
async fn a_token_that_expired_on_the_portal_clock_is_refused() {
    let app = TestApp::spawn().await;
    let token = app.mint_claims(&kari(&app));

    app.clock.advance(120 + 31);

    assert_refused(&app, &token, "expired while waiting").await;
}

#[tokio::test]
async fn a_token_not_valid_yet_is_refused() {
    let app = TestApp::spawn().await;
    let now = app.clock.unix();

    let token = app.mint_claims(&with(kari(&app), "nbf", json!(now + 60)));

    assert_refused(&app, &token, "nbf a minute ahead").await;
}

#[tokio::test]
async fn a_not_before_within_the_leeway_is_accepted() {
    let app = TestApp::spawn().await;
    let now = app.clock.unix();

    let token = app.mint_claims(&with(kari(&app), "nbf", json!(now + 10)));

    assert_accepted(&app, &token, "nbf 10 s ahead").await;
}

#[tokio::test]
async fn a_token_issued_in_the_future_is_refused() {
    let app = TestApp::spawn().await;
    let now = app.clock.unix();
    let claims = with(
        with(kari(&app), "iat", json!(now + 60)),
        "exp",
        json!(now + 120),
    );

    assert_refused(&app, &app.mint_claims(&claims), "iat a minute ahead").await;
}

#[tokio::test]
async fn a_lifetime_over_five_minutes_is_refused() {
    let app = TestApp::spawn().await;
    let now = app.clock.unix();
    let claims = with(with(kari(&app), "iat", json!(now)), "exp", json!(now + 301));

    assert_refused(&app, &app.mint_claims(&claims), "exp - iat = 301").await;
}

#[tokio::test]
async fn a_lifetime_that_overflows_is_refused() {
    let app = TestApp::spawn().await;
    let now = app.clock.unix();
    // exp - iat does not fit in 64 bits; wrapped around it would look short.
    let claims = with(
        with(kari(&app), "iat", json!(i64::MIN)),
        "exp",
        json!(now + 10 * 365 * 86_400),
    );

    assert_refused(&app, &app.mint_claims(&claims), "iat = i64::MIN").await;
}

#[tokio::test]
async fn a_lifetime_of_exactly_five_minutes_is_accepted() {
    let app = TestApp::spawn().await;
    let now = app.clock.unix();
    let claims = with(with(kari(&app), "iat", json!(now)), "exp", json!(now + 300));

    assert_accepted(&app, &app.mint_claims(&claims), "exp - iat = 300").await;
}

// ------------------------------------------------------------------------- single use

#[tokio::test]
async fn a_token_can_be_exchanged_only_once() {
    let app = TestApp::spawn().await;
    let token = app.mint_claims(&kari(&app));
    assert_accepted(&app, &token, "first exchange").await;

    assert_refused(&app, &token, "second exchange of the same token").await;
}

#[tokio::test]
async fn a_token_id_can_be_used_only_once() {
    let app = TestApp::spawn().await;
    let first = kari(&app);
    assert_accepted(&app, &app.mint_claims(&first), "first token").await;
    let second = with(
        app.claims("3001", "A300", "customer"),
        "jti",
        first["jti"].clone(),
    );

    assert_refused(&app, &app.mint_claims(&second), "another token, same jti").await;
}

// ------------------------------------------------------------------------- malformed input

#[tokio::test]
async fn malformed_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let good = app.mint_claims(&kari(&app));
    let parts: Vec<&str> = good.split('.').collect();
    let cases: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("not a JWT", "hello".into()),
        ("two segments", format!("{}.{}", parts[0], parts[1])),
        ("four segments", format!("{good}.{}", parts[2])),
        ("garbage base64", "@@@.###.$$$".into()),
        (
            "header not JSON",
            format!("{}.{}.{}", b64("alg"), parts[1], parts[2]),
        ),
        (
            "claims not JSON",
            format!("{}.{}.{}", parts[0], b64("{"), parts[2]),
        ),
        (
            "claims an array",
            format!("{}.{}.{}", parts[0], b64("[]"), parts[2]),
        ),
        (
            "padded base64",
            format!("{}=.{}.{}", parts[0], parts[1], parts[2]),
        ),
        ("whitespace around", format!(" {good} ")),
        ("huge", format!("{good}{}", "A".repeat(8000))),
        (
            "huge header",
            app.sign_raw(
                &json!({ "alg": "EdDSA", "kid": "k".repeat(5000) }),
                &kari(&app),
            ),
        ),
        ("control characters", "\u{0}\u{1}.\u{2}.\u{3}".into()),
    ];
    for (why, token) in cases {
        assert_refused(&app, &token, why).await;
    }
}

#[tokio::test]
async fn a_session_request_without_a_token_field_is_a_malformed_body() {
    let app = TestApp::spawn().await;
    for body in [
        json!({}),
        json!({ "launch_token": 1 }),
        json!({ "token": "x" }),
        json!("x"),
    ] {
        let resp = app
            .request(reqwest::Method::POST, "/api/session")
            .json(&body)
            .send()
            .await
            .unwrap();

        expect_error(resp, StatusCode::BAD_REQUEST, ErrorCode::MalformedBody).await;
    }
}

// ------------------------------------------------------------------------- who the token names

#[tokio::test]
async fn a_person_not_under_the_named_account_is_refused() {
    let app = TestApp::spawn().await;

    assert_refused(
        &app,
        &app.mint("1001", "A200", "customer"),
        "1001 under A200",
    )
    .await;
    assert_refused(
        &app,
        &app.mint("2002", "A100", "customer"),
        "2002 under A100",
    )
    .await;
    assert_refused(
        &app,
        &app.mint("9999", "A100", "customer"),
        "unknown person",
    )
    .await;
}

#[tokio::test]
async fn company_admin_for_someone_who_is_not_admin_is_refused() {
    let app = TestApp::spawn().await;

    assert_refused(
        &app,
        &app.mint("2002", "A200", "company_admin"),
        "employee 2002",
    )
    .await;
    assert_refused(
        &app,
        &app.mint("1001", "A100", "company_admin"),
        "private 1001",
    )
    .await;
}

#[tokio::test]
async fn company_admin_for_a_private_account_is_refused() {
    let app = TestApp::spawn().await;
    // Even an account holder flagged as admin: a private account has no employees.
    sqlx::query("UPDATE billing_persons SET is_account_admin = 1 WHERE id = '1001'")
        .execute(&app.db)
        .await
        .unwrap();

    assert_refused(
        &app,
        &app.mint("1001", "A100", "company_admin"),
        "admin of A100",
    )
    .await;
    assert_accepted(&app, &app.mint("1001", "A100", "customer"), "as customer").await;
}

#[tokio::test]
async fn a_support_token_for_someone_not_staff_is_refused() {
    let app = TestApp::spawn().await;

    assert_refused(
        &app,
        &app.mint("1001", "A100", "support"),
        "customer as support",
    )
    .await;
    assert_refused(
        &app,
        &app.mint("2001", "A200", "support"),
        "admin as support",
    )
    .await;
    assert_refused(&app, &app.mint("S9", "STAFF", "support"), "unknown staff").await;
}

#[tokio::test]
async fn a_refused_token_opens_no_session() {
    let app = TestApp::spawn().await;

    assert_refused(&app, &app.mint("1001", "A200", "customer"), "wrong account").await;

    let sessions = app.rows("SELECT token_hash FROM sessions").await;
    assert!(sessions.is_empty());
    let _: Value = expect_json(
        app.exchange(&app.mint("1001", "A100", "customer")).await,
        StatusCode::CREATED,
    )
    .await;
}

// ------------------------------------------------------------------------- several keys, by kid

/// A host rotating its key: the old key is `old`, the new one `new`.
async fn rotating_host() -> (TestApp, portal_server::auth::keys::KeyPair) {
    let new = portal_server::auth::keys::generate();
    let new_pem = new.public_pem.clone();
    let app = TestApp::spawn_with(|s| {
        let old = s.host_keys[0].pem.clone();
        s.host_keys = vec![
            portal_server::auth::launch_token::HostKeySource {
                kid: Some("old".into()),
                pem: old,
            },
            portal_server::auth::launch_token::HostKeySource {
                kid: Some("new".into()),
                pem: new_pem,
            },
        ];
    })
    .await;
    (app, new)
}

fn header_with_kid(kid: &str) -> serde_json::Value {
    json!({ "alg": "EdDSA", "typ": "JWT", "kid": kid })
}

#[tokio::test]
async fn each_key_is_chosen_by_its_kid() {
    let (app, new) = rotating_host().await;

    let by_old = app.sign_raw(&header_with_kid("old"), &kari(&app));
    let by_new = sign_ed25519(&new.private_pem, &header_with_kid("new"), &kari(&app));

    assert_accepted(&app, &by_old, "the old key, named").await;
    assert_accepted(&app, &by_new, "the new key, named").await;
}

#[tokio::test]
async fn a_kid_naming_the_other_key_is_refused() {
    let (app, new) = rotating_host().await;

    let crossed = sign_ed25519(&new.private_pem, &header_with_kid("old"), &kari(&app));

    assert_refused(&app, &crossed, "signed by the new key, named old").await;
}

#[tokio::test]
async fn an_unknown_kid_is_refused() {
    let (app, _) = rotating_host().await;
    let token = app.sign_raw(&header_with_kid("retired"), &kari(&app));
    assert_refused(&app, &token, "unknown kid").await;

    // With one unnamed key, a kid still has to name a key there is.
    let single = TestApp::spawn().await;
    let token = single.sign_raw(&header_with_kid("k1"), &kari(&single));
    assert_refused(&single, &token, "kid with an unnamed key").await;
}

#[tokio::test]
async fn without_a_kid_a_token_is_refused_when_there_are_several_keys() {
    let (app, _) = rotating_host().await;

    let token = app.mint_claims(&kari(&app));

    assert_refused(&app, &token, "no kid among several keys").await;
}
