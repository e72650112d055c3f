//! What can go wrong in a request, answered as an HTML page for the pages and as JSON for the
//! API, plus the catchers for requests no route answers.

use rocket::http::{ContentType, Status};
use rocket::response::{self, Responder};
use rocket::serde::json::Json;
use rocket::{catch, Request};
use serde::Serialize;

use crate::filters::ParamError;
use crate::views::{render, ErrorPage};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    BadParam(#[from] ParamError),
    #[error("there is no launch with id `{0}`")]
    UnknownLaunch(String),
    #[error("the launch data cannot be read right now; please try again shortly")]
    Unavailable,
    #[error("the response could not be produced")]
    Internal,
}

impl AppError {
    pub fn status(&self) -> Status {
        match self {
            AppError::BadParam(_) => Status::BadRequest,
            AppError::UnknownLaunch(_) => Status::NotFound,
            AppError::Unavailable => Status::ServiceUnavailable,
            AppError::Internal => Status::InternalServerError,
        }
    }

    pub fn param(&self) -> Option<&'static str> {
        match self {
            AppError::BadParam(e) => Some(e.param),
            _ => None,
        }
    }
}

impl From<crate::cache::CacheError> for AppError {
    fn from(_: crate::cache::CacheError) -> Self {
        // The cause is logged where it happened; the page only says the data is unavailable.
        AppError::Unavailable
    }
}

/// An error answered with an HTML page.
#[derive(Debug)]
pub struct PageError(pub AppError);

impl<E: Into<AppError>> From<E> for PageError {
    fn from(error: E) -> Self {
        PageError(error.into())
    }
}

impl<'r> Responder<'r, 'static> for PageError {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        let status = self.0.status();
        error_page(status, &self.0.to_string()).respond_to(request)
    }
}

fn status_title(status: Status) -> String {
    match status.code {
        400 => "Bad request".to_owned(),
        404 => "Not found".to_owned(),
        503 => "Data unavailable".to_owned(),
        _ => status.reason_lossy().to_owned(),
    }
}

/// An HTML error page with `status`.
pub fn error_page(status: Status, message: &str) -> (Status, (ContentType, String)) {
    let page = ErrorPage::new(status.code, status_title(status), message.to_owned());
    match render(&page) {
        Ok(html) => (status, (ContentType::HTML, html)),
        // Rendering a page of plain strings does not fail in practice; if it does, still
        // answer with the status, and the message as plain text (never as HTML).
        Err(_) => (status, (ContentType::Plain, message.to_owned())),
    }
}

/// An error answered with JSON: `{"error": {"status", "param"?, "message"}}`.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(error: E) -> Self {
        ApiError(error.into())
    }
}

#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize)]
pub struct ErrorDetail {
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub param: Option<&'static str>,
    pub message: String,
}

fn json_error(
    status: Status,
    param: Option<&'static str>,
    message: String,
) -> (Status, Json<ErrorBody>) {
    (
        status,
        Json(ErrorBody {
            error: ErrorDetail {
                status: status.code,
                param,
                message,
            },
        }),
    )
}

impl<'r> Responder<'r, 'static> for ApiError {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        json_error(self.0.status(), self.0.param(), self.0.to_string()).respond_to(request)
    }
}

fn catcher_message(status: Status, request: &Request<'_>) -> String {
    match status.code {
        404 => format!("nothing here at `{}`", request.uri().path()),
        // A query Rocket itself cannot decode (e.g. broken percent-encoding).
        422 => "the query string cannot be read".to_owned(),
        _ => status_title(status),
    }
}

/// 422 (undecodable form/query) is answered as 400: the client sent a bad request.
fn client_status(status: Status) -> Status {
    if status == Status::UnprocessableEntity {
        Status::BadRequest
    } else {
        status
    }
}

#[catch(default)]
pub fn page_catcher(status: Status, request: &Request<'_>) -> (Status, (ContentType, String)) {
    error_page(client_status(status), &catcher_message(status, request))
}

#[catch(default)]
pub fn api_catcher(status: Status, request: &Request<'_>) -> (Status, Json<ErrorBody>) {
    json_error(
        client_status(status),
        None,
        catcher_message(status, request),
    )
}
