//! The straightforward (one filter pass per view, hash maps everywhere) implementation the
//! optimised queries replaced, kept for tests only: the optimised output must equal it exactly.
#![allow(dead_code)]

pub mod counts;
pub mod identities;
pub mod services;
pub mod timeline;
pub mod view;

pub use crate::query::filter;
