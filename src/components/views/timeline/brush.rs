//! How a person picks buckets to zoom to, as a state machine with no DOM in it: dragging across
//! the plot (a short drag is a click on one bucket), or walking the buckets with the arrow keys,
//! Home and End, then Enter; Escape drops the drag, the highlight, and then the zoom. It also
//! knows the bucket under the pointer, which the read-out reports.

use crate::components::views::chart::scale::Band;

/// A drag shorter than this (viewBox units) is a click on one bucket.
const CLICK_SLOP: f64 = 4.0;

/// A drag in progress over the plot, in viewBox x units.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Drag {
    anchor: f64,
    current: f64,
}

impl Drag {
    /// `[first, last]` buckets it covers (a short one covers just the bucket clicked).
    fn buckets(self, band: &Band) -> Option<(usize, usize)> {
        let (a, b) = if (self.current - self.anchor).abs() < CLICK_SLOP {
            (self.anchor, self.anchor)
        } else {
            (self.anchor.min(self.current), self.anchor.max(self.current))
        };
        Some((band.index_at(a)?, band.index_at(b)?))
    }
}

/// The drag, the bucket highlighted from the keyboard and the bucket under the pointer, if any.
/// The chart draws them again whenever an input changes them.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Brush {
    drag: Option<Drag>,
    highlight: Option<usize>,
    pointed: Option<usize>,
}

/// What a key asks of the chart besides changing the brush.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyEffect {
    /// Not one of the chart's keys, or Escape with nothing to drop: the browser handles it.
    Pass,
    /// One of the chart's keys: the page must not scroll with it.
    Taken,
    /// Enter on a highlighted bucket: zoom to it (the page must not act on the key either).
    Zoom(usize),
    /// Escape with no drag to drop on a zoomed chart: drop the zoom.
    Reset,
}

impl Brush {
    /// A drag starts at `x`.
    pub fn press(&mut self, x: f64) {
        self.drag = Some(Drag { anchor: x, current: x });
    }

    /// The pointer moved to `x`: it points at the bucket under it (none off the plot), and drags
    /// once pressed.
    pub fn drag_to(&mut self, x: f64, band: &Band) {
        if let Some(drag) = &mut self.drag {
            drag.current = x;
        }
        self.pointed = band.index_at(x).filter(|&i| x >= band.x(0) && x < band.x(i + 1));
    }

    /// The pointer left the chart.
    pub fn leave(&mut self) {
        self.pointed = None;
    }

    /// The pointer was released at `x` (`None`: where it last was): the buckets to zoom to, if a
    /// drag was going.
    pub fn release(&mut self, x: Option<f64>, band: &Band) -> Option<(usize, usize)> {
        let drag = self.drag.take()?;
        Drag {
            current: x.unwrap_or(drag.current),
            ..drag
        }
        .buckets(band)
    }

    /// The drag was interrupted (the pointer was taken away).
    pub fn cancel(&mut self) {
        self.drag = None;
    }

    /// The timeline changed: its buckets are not the ones highlighted or pointed at.
    pub fn forget_highlight(&mut self) {
        self.highlight = None;
        self.pointed = None;
    }

    /// A key pressed on a chart of `buckets` buckets, `zoomed` or not.
    pub fn key(&mut self, key: &str, buckets: usize, zoomed: bool) -> KeyEffect {
        let last = buckets.saturating_sub(1);
        self.highlight = match (key, self.highlight) {
            ("ArrowRight", Some(i)) => Some((i + 1).min(last)),
            ("ArrowRight", None) | ("Home", _) => Some(0),
            ("ArrowLeft", Some(i)) => Some(i.saturating_sub(1)),
            ("ArrowLeft", None) | ("End", _) => Some(last),
            ("Enter", Some(i)) => return KeyEffect::Zoom(i),
            ("Escape", _) => {
                let dragging = self.drag.take().is_some();
                self.highlight = None;
                return if !dragging && zoomed {
                    KeyEffect::Reset
                } else {
                    KeyEffect::Pass
                };
            }
            _ => return KeyEffect::Pass,
        };
        KeyEffect::Taken
    }

    /// The buckets the drag covers, to draw as the selection.
    pub fn selection(&self, band: &Band) -> Option<(usize, usize)> {
        self.drag?.buckets(band)
    }

    /// The highlighted bucket, if it is one of the `buckets`.
    pub fn highlighted(&self, buckets: usize) -> Option<usize> {
        self.highlight.filter(|&i| i < buckets)
    }

    /// The bucket under the pointer, if it is one of the `buckets`.
    pub fn pointed(&self, buckets: usize) -> Option<usize> {
        self.pointed.filter(|&i| i < buckets)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// Four buckets, 100 units wide each.
    fn band() -> Band {
        Band::new(4, 0.0, 400.0)
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn drags_select_whole_buckets_and_a_click_selects_one() {
        let band = band();
        let mut brush = Brush::default();
        brush.drag_to(150.0, &band);
        assert_eq!(brush.selection(&band), None, "moving without a press drags nothing");
        brush.press(350.0);
        brush.drag_to(150.0, &band);
        assert_eq!(brush.selection(&band), Some((1, 3)), "dragged right to left");
        assert_eq!(brush.release(None, &band), Some((1, 3)), "released where it was last");
        assert_eq!(brush.selection(&band), None);
        assert_eq!(brush.release(Some(50.0), &band), None, "no drag, no zoom");

        brush.press(250.0);
        assert_eq!(brush.release(Some(253.0), &band), Some((2, 2)), "a click is one bucket");
        brush.press(-50.0);
        assert_eq!(
            brush.release(Some(5000.0), &band),
            Some((0, 3)),
            "off the plot, to its ends"
        );
        brush.press(50.0);
        brush.cancel();
        assert_eq!(
            brush.release(Some(350.0), &band),
            None,
            "a cancelled drag zooms nowhere"
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_pointer_points_at_the_bucket_under_it_on_the_plot_only() {
        let band = Band::new(4, 100.0, 500.0);
        let mut brush = Brush::default();
        brush.drag_to(250.0, &band);
        assert_eq!(brush.pointed(4), Some(1));
        brush.drag_to(499.0, &band);
        assert_eq!(brush.pointed(4), Some(3));
        assert_eq!(brush.pointed(3), None, "a bucket the timeline no longer has");
        brush.drag_to(50.0, &band);
        assert_eq!(brush.pointed(4), None, "over the axis' labels");
        brush.drag_to(500.0, &band);
        assert_eq!(brush.pointed(4), None, "right of the plot");
        brush.drag_to(120.0, &band);
        brush.leave();
        assert_eq!(brush.pointed(4), None, "the pointer left");
        brush.drag_to(120.0, &band);
        brush.forget_highlight();
        assert_eq!(brush.pointed(4), None, "new buckets");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn keys_walk_the_buckets_and_enter_zooms() {
        let mut brush = Brush::default();
        assert_eq!(brush.key("Enter", 4, false), KeyEffect::Pass, "nothing highlighted yet");
        assert_eq!(brush.key("ArrowRight", 4, false), KeyEffect::Taken);
        assert_eq!(brush.highlighted(4), Some(0));
        brush.key("ArrowRight", 4, false);
        brush.key("ArrowLeft", 4, false);
        brush.key("ArrowLeft", 4, false);
        assert_eq!(brush.highlighted(4), Some(0), "the first bucket stops the walk");
        brush.key("End", 4, false);
        brush.key("ArrowRight", 4, false);
        assert_eq!(brush.highlighted(4), Some(3), "and so does the last");
        assert_eq!(brush.key("Enter", 4, false), KeyEffect::Zoom(3));
        assert_eq!(brush.highlighted(2), None, "a bucket the timeline no longer has");
        brush.key("Home", 4, false);
        assert_eq!(brush.highlighted(4), Some(0));
        brush.forget_highlight();
        assert_eq!(brush.key("ArrowLeft", 4, false), KeyEffect::Taken);
        assert_eq!(brush.highlighted(4), Some(3), "Left from nothing starts at the end");
        assert_eq!(brush.key("a", 4, false), KeyEffect::Pass);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn escape_drops_the_drag_then_the_zoom() {
        let mut brush = Brush::default();
        brush.press(50.0);
        brush.key("Home", 4, true);
        assert_eq!(brush.key("Escape", 4, true), KeyEffect::Pass, "first the drag");
        assert_eq!(brush, Brush::default(), "and the highlight with it");
        assert_eq!(brush.key("Escape", 4, true), KeyEffect::Reset, "then the zoom");
        assert_eq!(
            brush.key("Escape", 4, false),
            KeyEffect::Pass,
            "no zoom, nothing to drop"
        );
    }
}
