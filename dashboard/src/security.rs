//! Security headers on every response, through Rocket's `Shield` (which never overrides a header
//! a route set itself).
//!
//! The Content-Security-Policy allows scripts from this origin only: no inline script, no eval,
//! no CDN. The chart data travels in a `<script type="application/json">` element, which is data,
//! not script, so the policy need not allow inline scripts for it. Plotly sets inline `style`
//! attributes on the elements it draws, hence `style-src 'unsafe-inline'` (styles cannot run
//! code). Mission patches are images hosted by the source (imgur, imgbox), hence `img-src https:`.
//!
//! HSTS: TLS ends at the load balancer, so Rocket never sees TLS and would not send the header by
//! itself; it is enabled explicitly. Browsers ignore it on plain HTTP (dev without a certificate)
//! and keep to HTTPS for a year once they saw it over HTTPS.

use rocket::http::Header;
use rocket::shield::{Frame, Hsts, NoSniff, Permission, Policy, Referrer, Shield};
use rocket::time::Duration;

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; \
     script-src 'self'; \
     style-src 'self' 'unsafe-inline'; \
     img-src 'self' data: https:; \
     font-src 'self'; \
     connect-src 'self'; \
     base-uri 'none'; \
     form-action 'self'; \
     frame-ancestors 'none'";

/// The `Content-Security-Policy` header as a Shield policy.
#[derive(Debug, Default, Clone, Copy)]
pub struct ContentSecurityPolicy;

impl Policy for ContentSecurityPolicy {
    const NAME: &'static str = "Content-Security-Policy";

    fn header(&self) -> Header<'static> {
        Header::new(Self::NAME, CONTENT_SECURITY_POLICY)
    }
}

/// `Cross-Origin-Opener-Policy: same-origin`: no other site's window keeps a handle on ours.
#[derive(Debug, Default, Clone, Copy)]
pub struct CrossOriginOpenerPolicy;

impl Policy for CrossOriginOpenerPolicy {
    const NAME: &'static str = "Cross-Origin-Opener-Policy";

    fn header(&self) -> Header<'static> {
        Header::new(Self::NAME, "same-origin")
    }
}

/// How long a browser keeps to HTTPS after seeing the header: a year, the usual minimum.
pub const HSTS_MAX_AGE_DAYS: i64 = 365;

pub fn shield() -> Shield {
    Shield::new()
        .enable(ContentSecurityPolicy)
        .enable(CrossOriginOpenerPolicy)
        .enable(NoSniff::Enable)
        // The same as `frame-ancestors 'none'`, for browsers that predate CSP level 2.
        .enable(Frame::Deny)
        .enable(Referrer::NoReferrer)
        .enable(Permission::default())
        .enable(Hsts::Enable(Duration::days(HSTS_MAX_AGE_DAYS)))
}
