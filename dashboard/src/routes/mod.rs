//! The routes, one file per concern, each with the stage that mounts it (attached in
//! [`crate::rocket`]).

pub(crate) mod api;
pub(crate) mod assets;
pub(crate) mod csv;
pub(crate) mod health;
pub(crate) mod history;
pub(crate) mod openapi;
pub(crate) mod pages;
