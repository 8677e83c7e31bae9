//! Which rows of the virtualised event table are in the DOM, and where. Rows have a fixed
//! height; only those in view (plus one) are rendered, between two spacers that give the list
//! its full height.
//!
//! Browsers cap an element's height (about 17 million pixels in Firefox), so a list taller than
//! [`MAX_HEIGHT_PX`] is scaled: the scroll position maps proportionally onto the rows, and the
//! rendered rows are placed at the scroll position.

/// Height of one row, in CSS pixels (the stylesheet uses the same value).
pub const ROW_PX: f64 = 28.0;
/// Tallest list height used, below every browser's element-height limit.
pub const MAX_HEIGHT_PX: f64 = 10_000_000.0;

/// The rows to render and the geometry around them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    /// Index of the first rendered row.
    pub first: u64,
    /// Number of rendered rows.
    pub count: u64,
    /// Height of the spacer above them.
    pub top_px: f64,
    /// Height of the spacer below them.
    pub bottom_px: f64,
}

/// The window for `total` rows scrolled to `scroll_px` in a viewport `viewport_px` high.
pub fn window(total: u64, scroll_px: f64, viewport_px: f64) -> Window {
    let full = total as f64 * ROW_PX;
    let height = full.min(MAX_HEIGHT_PX);
    let visible = (viewport_px.max(0.0) / ROW_PX).ceil() as u64 + 1;
    let scroll = scroll_px.clamp(0.0, (height - viewport_px).max(0.0));
    let (first, top) = if full <= MAX_HEIGHT_PX {
        let first = ((scroll / ROW_PX).floor() as u64).min(total.saturating_sub(1));
        (first, first as f64 * ROW_PX)
    } else {
        let ratio = scroll / (height - viewport_px).max(1.0);
        let first = (ratio * total.saturating_sub(visible) as f64).round() as u64;
        (first, scroll)
    };
    let count = visible.min(total - first.min(total));
    let top = top.min((height - count as f64 * ROW_PX).max(0.0));
    Window {
        first,
        count,
        top_px: top,
        bottom_px: (height - top - count as f64 * ROW_PX).max(0.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn content_height(w: &Window) -> f64 {
        w.top_px + w.count as f64 * ROW_PX + w.bottom_px
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn an_empty_list_renders_nothing() {
        assert_eq!(
            window(0, 100.0, 560.0),
            Window {
                first: 0,
                count: 0,
                top_px: 0.0,
                bottom_px: 0.0
            }
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_short_list_is_rendered_whole() {
        let w = window(5, 0.0, 560.0);
        assert_eq!((w.first, w.count, w.top_px, w.bottom_px), (0, 5, 0.0, 0.0));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn only_the_rows_in_view_are_rendered_at_their_place() {
        let w = window(10_000, 2800.0 + 10.0, 560.0);
        assert_eq!((w.first, w.count), (100, 21));
        assert_eq!(w.top_px, 2800.0);
        assert_eq!(content_height(&w), 10_000.0 * ROW_PX);
        let end = window(10_000, 1e12, 560.0);
        assert_eq!(
            end.first + end.count,
            10_000,
            "scrolled past the end shows the last rows"
        );
        assert_eq!(content_height(&end), 10_000.0 * ROW_PX);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_huge_list_is_scaled_to_the_height_limit() {
        let total = 50_000_000;
        let top = window(total, 0.0, 560.0);
        assert_eq!(top.first, 0);
        assert_eq!(content_height(&top), MAX_HEIGHT_PX);
        let middle = window(total, (MAX_HEIGHT_PX - 560.0) / 2.0, 560.0);
        assert!(middle.first.abs_diff(total / 2) < 100, "{}", middle.first);
        assert_eq!(content_height(&middle), MAX_HEIGHT_PX);
        let end = window(total, MAX_HEIGHT_PX, 560.0);
        assert_eq!(end.first + end.count, total, "the last row is in view");
    }
}
