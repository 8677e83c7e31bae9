//! Raw deflate inflated in one call by zune-inflate (faster than streaming), within a bound it
//! cannot keep by itself: it grows its output with `Vec::resize`, which may double the
//! allocation, to up to twice its limit (2 GiB under a 1 GiB cap: past what a wasm32 `Vec` can
//! hold, a panic that kills the worker). So it is given half of what the caller allows, and what
//! inflates past that is left to the streaming reader, which reserves exactly.

use zune_inflate::errors::DecodeErrorStatus;
use zune_inflate::{DeflateDecoder, DeflateOptions};

/// Room beyond an exact size hint: zune-inflate grows its output once fewer than about 4.3 KiB
/// are left, so with this much more an honest file is inflated into one allocation.
const HINT_SLACK: usize = 8 << 10;

/// What one call gave.
pub enum OneCall {
    /// The whole output, no longer than half of what was allowed.
    Inflated(Vec<u8>),
    /// The output would pass half of what was allowed: the streaming reader takes over.
    PastHalf,
    /// The data is damaged; how many bytes were inflated before that was clear.
    Damaged(u64),
}

/// Inflates `data` in one call if its output is at most half of `allowed` bytes, allocating
/// for `expected` bytes (a hint; capped at that half) up front.
pub fn inflate_in_one_call(data: &[u8], allowed: usize, expected: usize) -> OneCall {
    let half = allowed / 2;
    if expected > half {
        return OneCall::PastHalf;
    }
    let options = DeflateOptions::default()
        .set_limit(half)
        .set_size_hint(expected.saturating_add(HINT_SLACK).min(half.saturating_add(HINT_SLACK)));
    match DeflateDecoder::new_with_options(data, options).decode_deflate() {
        Ok(out) if out.len() > half => OneCall::PastHalf,
        Ok(out) => OneCall::Inflated(out),
        Err(e) if matches!(e.error, DecodeErrorStatus::OutputLimitExceeded(..)) => OneCall::PastHalf,
        Err(e) => OneCall::Damaged(e.data.len() as u64),
    }
}
