//! Pages and API answers change with every sync: unless a route says otherwise (the assets do),
//! a response must be revalidated before a browser or proxy reuses it.

use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::Header;
use rocket::{Request, Response};

pub struct NoCacheByDefault;

#[rocket::async_trait]
impl Fairing for NoCacheByDefault {
    fn info(&self) -> Info {
        Info {
            name: "default Cache-Control",
            kind: Kind::Response,
        }
    }

    async fn on_response<'r>(&self, _: &'r Request<'_>, response: &mut Response<'r>) {
        if !response.headers().contains("Cache-Control") {
            response.set_header(Header::new("Cache-Control", "no-cache"));
        }
    }
}
