//! What can go wrong in a request, and the status each is answered with. How it is answered (an
//! HTML page, or JSON under `/api`) is up to the routes: this module depends on nothing else in
//! the app.

use rocket::http::Status;
use rocket::Request;

/// A query parameter that cannot be used; answered with 400.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid `{param}`: {message}")]
pub struct ParamError {
    pub param: &'static str,
    pub message: String,
}

impl ParamError {
    pub fn new(param: &'static str, message: impl Into<String>) -> Self {
        ParamError {
            param,
            message: message.into(),
        }
    }
}

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

/// The title of an error page.
pub fn status_title(status: Status) -> String {
    match status.code {
        400 => "Bad request".to_owned(),
        404 => "Not found".to_owned(),
        503 => "Data unavailable".to_owned(),
        _ => status.reason_lossy().to_owned(),
    }
}

/// What a catcher answers for a request no route took: the status (422, a query Rocket itself
/// cannot decode, is the client's fault: 400) and a message.
pub fn uncaught(status: Status, request: &Request<'_>) -> (Status, String) {
    match status.code {
        404 => (
            status,
            format!("nothing here at `{}`", request.uri().path()),
        ),
        422 => (
            Status::BadRequest,
            "the query string cannot be read".to_owned(),
        ),
        _ => (status, status_title(status)),
    }
}
