//! Security headers on every response, through Rocket's `Shield` (which never overrides a header
//! a route set itself).
//!
//! The Content-Security-Policy allows scripts from this origin only: no inline script, no eval,
//! no CDN. The chart data travels in a `<script type="application/json">` element, which is data,
//! not script, so the policy need not allow inline scripts for it. Plotly sets inline `style`
//! attributes on the elements it draws, hence `style-src 'unsafe-inline'` (styles cannot run
//! code). Mission patches are images hosted by the source (imgur, imgbox), hence `img-src https:`.

use rocket::http::Header;
use rocket::shield::{Frame, NoSniff, Permission, Policy, Referrer, Shield};

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

pub fn shield() -> Shield {
    Shield::new()
        .enable(ContentSecurityPolicy)
        .enable(CrossOriginOpenerPolicy)
        .enable(NoSniff::Enable)
        // The same as `frame-ancestors 'none'`, for browsers that predate CSP level 2.
        .enable(Frame::Deny)
        .enable(Referrer::NoReferrer)
        .enable(Permission::default())
}
