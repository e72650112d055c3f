//! One JSON log line per request (method, path, status, duration), in place of Rocket's own
//! multi-line, coloured request log. Load-balancer health checks log at debug only.

use std::time::Instant;

use rocket::fairing::{Fairing, Info, Kind};
use rocket::{Data, Request, Response};

pub struct RequestLog;

#[derive(Clone, Copy)]
struct Started(Instant);

#[rocket::async_trait]
impl Fairing for RequestLog {
    fn info(&self) -> Info {
        Info {
            name: "request log",
            kind: Kind::Request | Kind::Response,
        }
    }

    async fn on_request(&self, request: &mut Request<'_>, _: &mut Data<'_>) {
        request.local_cache(|| Started(Instant::now()));
    }

    async fn on_response<'r>(&self, request: &'r Request<'_>, response: &mut Response<'r>) {
        let started = request.local_cache(|| Started(Instant::now()));
        let elapsed_ms = started.0.elapsed().as_secs_f64() * 1000.0;
        let path = request.uri().path().as_str();
        let status = response.status().code;
        if path == "/health" && status == 200 {
            tracing::debug!(method = %request.method(), path, status, elapsed_ms, "request");
        } else {
            tracing::info!(method = %request.method(), path, query = request.uri().query().map(|q| q.as_str()), status, elapsed_ms, "request");
        }
    }
}
