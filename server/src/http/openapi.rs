//! The API's contract: an OpenAPI 3.1 document made from the same route list the router
//! is made from (`http::api_routes` and `health::routes`, each route declared once with
//! `utoipa_axum::routes!`), so no route can be served without being described. Served at
//! `GET /api/openapi.json`, without a session.
//!
//! Here: the document's frame (title, the bearer session scheme), the error answers the
//! handlers share, and the query parameters with the bounds of `http::bounds`.

use std::sync::LazyLock;

use axum::http::header;
use axum::response::IntoResponse;
use portal_domain::ApiErrorBody;
use portal_domain::support::{QUEUE_PAGE_MAX, QUEUE_SEARCH_MAX};
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{OpenApi, RefOr, Required, Schema};
use utoipa::{IntoParams, IntoResponses, Modify};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::http::bounds;
use crate::state::AppState;

/// Where the API is nested; the document's paths carry it.
pub const API_PREFIX: &str = "/api";
/// The name of the bearer session scheme in the document.
pub const SESSION_SCHEME: &str = "session";
/// The prefix of the routes a company admin uses for a person of their company.
const PERSON_PREFIX: &str = "/api/people/{person}";

#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Privacy portal API",
        description = "The self-service privacy portal of a hosting company: what a person \
            can see and do with their own data (`/api/me/...`), the same for a company admin \
            acting for a person of their company (`/api/people/{person}/...`), and the \
            support console (`/api/support/...`).\n\n\
            A session comes from the host's launch token (`POST /api/session`); every other \
            call under `/api` sends its `session_token` as `Authorization: Bearer …`. Every \
            failure is an `ApiErrorBody` with a stable `code`.",
        license(name = "AGPL-3.0-only"),
    ),
    modifiers(&SessionScheme),
    components(schemas(ApiErrorBody)),
)]
struct Frame;

struct SessionScheme;

impl Modify for SessionScheme {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            SESSION_SCHEME,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "The `session_token` of `POST /api/session`. A session ends when it \
                         is ended (`DELETE /api/session`), unused for its idle timeout, or at \
                         its `expires_at`.",
                    ))
                    .build(),
            ),
        );
    }
}

/// The whole document: the documented routes under `API_PREFIX` and the probes.
pub fn document() -> OpenApi {
    let mut doc = OpenApiRouter::with_openapi(<Frame as utoipa::OpenApi>::openapi())
        .nest(API_PREFIX, crate::http::api_routes())
        .merge(crate::http::health::routes())
        .into_openapi();
    for_persons(&mut doc);
    doc
}

/// The self-service routes are nested twice, at `/me` and at `/people/{person}`, with one
/// set of handlers: the second copy gets the `person` parameter and operation ids of its
/// own.
fn for_persons(doc: &mut OpenApi) {
    let person = ParameterBuilder::new()
        .name("person")
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .description(Some(
            "A person of the company admin's own account (`GET /api/people` lists them).",
        ))
        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
        .example(Some(serde_json::json!("2002")))
        .build();
    for (path, item) in doc.paths.paths.iter_mut() {
        if !path.starts_with(PERSON_PREFIX) {
            continue;
        }
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for op in operations.into_iter().flatten() {
            op.parameters
                .get_or_insert_with(Vec::new)
                .insert(0, person.clone());
            if let Some(id) = &mut op.operation_id {
                id.push_str("_for_person");
            }
            op.tags = Some(vec!["company admin".into()]);
        }
    }
}

static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    document()
        .to_json()
        .expect("the OpenAPI document serialises")
});

/// The `/api` routes of this module, nested under `API_PREFIX`.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_openapi))
}

/// This document.
#[utoipa::path(
    get,
    path = "/openapi.json",
    tag = "meta",
    responses(
        (status = 200, description = "The OpenAPI 3.1 document of this API.",
            body = serde_json::Value, content_type = "application/json"),
        Always,
    ),
)]
async fn get_openapi() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DOCUMENT.as_str(),
    )
}

// ------------------------------------------------------------------- shared error answers

/// What any call under `/api` may answer besides its own.
#[derive(IntoResponses)]
pub enum Always {
    #[response(
        status = 400,
        description = "`query_out_of_range`: the query string is over 2048 bytes or a \
            parameter is beyond its bounds (`fields` names it); `malformed_body`: a \
            parameter or the body does not parse."
    )]
    BadRequest(ApiErrorBody),
    #[response(
        status = 429,
        description = "`rate_limited`: too many calls; `Retry-After` says in how many \
            seconds to try again.",
        headers(("Retry-After" = u64, description = "Seconds to wait."))
    )]
    RateLimited(ApiErrorBody),
    #[response(status = 500, description = "`internal`: logged for the operator.")]
    Internal(ApiErrorBody),
}

/// A call that needs a session.
#[derive(IntoResponses)]
pub enum NoSession {
    #[response(
        status = 401,
        description = "`unauthenticated`: no session, an unknown one, or one that has ended."
    )]
    Unauthenticated(ApiErrorBody),
}

/// A call only some sessions may make.
#[derive(IntoResponses)]
pub enum Forbidden {
    #[response(
        status = 403,
        description = "`forbidden`: not for this session's role."
    )]
    Forbidden(ApiErrorBody),
}

/// A call about something named in its path.
#[derive(IntoResponses)]
pub enum NotFound {
    #[response(
        status = 404,
        description = "`not_found`: no such person, request, category or purpose for this \
            session."
    )]
    NotFound(ApiErrorBody),
}

/// A change the current state may refuse.
#[derive(IntoResponses)]
pub enum Conflict {
    #[response(
        status = 409,
        description = "`invalid_state` (the request or task is not in a state that allows \
            this), `version_conflict` (changed since it was read), `duplicate_request` (a \
            pending one exists; `existing_id`), `restricted` (processing is restricted) or \
            `second_approval_required` (an erasure waits for another staff member's approval)."
    )]
    Conflict(ApiErrorBody),
}

/// A call with a JSON body.
#[derive(IntoResponses)]
pub enum Body {
    #[response(
        status = 413,
        description = "`payload_too_large`: the body is over 16 KiB."
    )]
    TooLarge(ApiErrorBody),
    #[response(
        status = 415,
        description = "`unsupported_media_type`: the body is not sent as `application/json`."
    )]
    NotJson(ApiErrorBody),
}

/// A call whose values are checked beyond their shape.
#[derive(IntoResponses)]
pub enum Invalid {
    #[response(
        status = 422,
        description = "`validation_failed`: some values are not acceptable; `fields` says \
            which and why."
    )]
    Invalid(ApiErrorBody),
}

// ---------------------------------------------------------------------- query parameters

fn query(name: &str, description: &str, schema: impl Into<RefOr<Schema>>) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(description))
        .schema(Some(schema))
        .build()
}

fn text(max_chars: usize) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .max_length(Some(max_chars))
}

fn whole(min: i64, max: i64) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
        .minimum(Some(min))
        .maximum(Some(max))
}

fn one_of(values: &[&str]) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values.iter().copied()))
}

fn flag() -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::Boolean)
}

fn reference(name: &str) -> RefOr<Schema> {
    RefOr::Ref(utoipa::openapi::Ref::from_schema_name(name))
}

/// `GET .../records/{category}?section=&offset=`
pub struct RecordsParams;

impl IntoParams for RecordsParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            query(
                "section",
                "Only this section (its `key`), from `offset`.",
                text(bounds::RECORDS_SECTION_MAX),
            ),
            query(
                "offset",
                "Where the section's page starts (its `next_offset`).",
                whole(0, bounds::RECORDS_OFFSET_MAX as i64),
            ),
        ]
    }
}

/// `GET .../export?format=&lang=`
pub struct ExportParams;

impl IntoParams for ExportParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            query(
                "format",
                "`json` (the default) or `html`.",
                one_of(&["json", "html"]).max_length(Some(bounds::KEY_MAX)),
            ),
            query(
                "lang",
                "The language of the texts in the file; the session's when none is given.",
                one_of(&["nb", "sv", "en"]).max_length(Some(bounds::KEY_MAX)),
            ),
        ]
    }
}

/// `GET /api/me/activity?before=`
pub struct ActivityParams;

impl IntoParams for ActivityParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![query(
            "before",
            "Only entries older than this `seq` (the last one of the previous page).",
            whole(1, bounds::ACTIVITY_BEFORE_MAX),
        )]
    }
}

/// `GET /api/support/requests?kind=&status=&open=&overdue=&assignee=&q=&after=&limit=`
pub struct QueueParams;

impl IntoParams for QueueParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![
            query(
                "kind",
                "Only requests of this kind.",
                reference("RequestKind"),
            ),
            query(
                "status",
                "Only requests in this status.",
                reference("RequestStatus"),
            ),
            query(
                "open",
                "Only requests still open (submitted, in progress, awaiting the subject).",
                flag(),
            ),
            query(
                "overdue",
                "Only open requests past their (possibly extended) due date.",
                flag(),
            ),
            query(
                "assignee",
                "`me`, `none` or a staff id.",
                text(bounds::QUEUE_ASSIGNEE_MAX),
            ),
            query(
                "q",
                "The subject's name or e-mail (any part, any case), or an exact person or \
                 request id.",
                text(QUEUE_SEARCH_MAX),
            ),
            query(
                "after",
                "`next_cursor` of the previous page.",
                text(bounds::QUEUE_CURSOR_MAX),
            ),
            query(
                "limit",
                "Requests on a page (default 25).",
                whole(1, i64::from(QUEUE_PAGE_MAX)),
            ),
        ]
    }
}

/// `GET /api/support/recipient-tasks?open=`
pub struct RecipientTaskParams;

impl IntoParams for RecipientTaskParams {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![query(
            "open",
            "Only tasks not yet done (the default), or only those done.",
            flag(),
        )]
    }
}
