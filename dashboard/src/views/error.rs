//! The error page.

use askama::Template;
use rocket::http::Status;

use super::layout::Layout;
use crate::errors::status_title;

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub layout: Layout,
    pub code: u16,
    pub message: String,
}

impl ErrorPage {
    pub fn new(status: Status, message: String) -> Self {
        ErrorPage {
            layout: Layout::bare(status_title(status)),
            code: status.code,
            message,
        }
    }
}
