//! The pointer and the keys over a chart of buckets turned into the [`Brush`]'s moves and the
//! zooms they ask for: one set of handlers for the timeline and the top bar's histogram, so both
//! drag, point, walk and zoom alike.

use super::brush::{Brush, KeyEffect};
use crate::components::views::chart::scale::Band;
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::{Element, KeyboardEvent, PointerEvent};
use yew::prelude::*;

/// A chart's brush and the handle that draws the chart again when the brush changes. The handlers
/// read and write the brush directly rather than through state snapshots, so events arriving
/// faster than renders still see the latest drag and highlighted bucket.
#[derive(Clone)]
pub struct Brushing {
    brush: Rc<RefCell<Brush>>,
    redraw: UseForceUpdateHandle,
    svg: NodeRef,
}

/// The handlers of one chart's `<svg>` (down goes on its plot only, so a press on an axis does not
/// start a drag).
pub struct Handlers {
    /// `pointerdown` on the plot.
    pub down: Callback<PointerEvent>,
    /// `pointermove`.
    pub moved: Callback<PointerEvent>,
    /// `pointerup`.
    pub up: Callback<PointerEvent>,
    /// `pointercancel`.
    pub cancel: Callback<PointerEvent>,
    /// `pointerleave`.
    pub leave: Callback<PointerEvent>,
    /// `keydown`.
    pub key: Callback<KeyboardEvent>,
}

/// What the handlers need to know of the chart.
pub struct Chart {
    /// The drawing's width in viewBox units (the `<svg>` scales to its box).
    pub width: f64,
    /// The buckets' slots, in viewBox units.
    pub band: Band,
    /// How many buckets there are.
    pub buckets: usize,
    /// Whether a time range is applied (Escape then drops it).
    pub zoomed: bool,
}

/// The brush of a chart drawing `svg`, forgotten when `buckets` (start, width, count) change.
#[hook]
pub fn use_brushing(svg: NodeRef, buckets: (i64, i64, usize)) -> Brushing {
    let brush: Rc<RefCell<Brush>> = use_mut_ref(Brush::default);
    let redraw = use_force_update();
    let brushing = Brushing { brush, redraw, svg };
    {
        let brushing = brushing.clone();
        use_effect_with(buckets, move |_| brushing.update(Brush::forget_highlight));
    }
    brushing
}

impl Brushing {
    /// The brush as it is now, to draw.
    pub fn state(&self) -> Brush {
        *self.brush.borrow()
    }

    /// Changes the brush and draws it again if that changed it; returns what `change` returned.
    fn update<T>(&self, change: impl FnOnce(&mut Brush) -> T) -> T {
        let before = *self.brush.borrow();
        let out = change(&mut self.brush.borrow_mut());
        if *self.brush.borrow() != before {
            self.redraw.force_update();
        }
        out
    }

    /// The pointer's position in viewBox x units.
    fn view_x(&self, client_x: i32, width: f64) -> Option<f64> {
        let rect = self.svg.cast::<Element>()?.get_bounding_client_rect();
        (rect.width() > 0.0).then(|| (f64::from(client_x) - rect.left()) / rect.width() * width)
    }

    /// The handlers of `chart`: `zoom` gets the buckets `(first, last)` chosen, `reset` Escape on
    /// a zoomed chart.
    pub fn handlers(&self, chart: Chart, zoom: Callback<(usize, usize)>, reset: Callback<()>) -> Handlers {
        let Chart {
            width,
            band,
            buckets,
            zoomed,
        } = chart;
        let down = {
            let this = self.clone();
            Callback::from(move |e: PointerEvent| {
                if e.button() != 0 {
                    return;
                }
                if let Some(x) = this.view_x(e.client_x(), width) {
                    if let Some(svg) = this.svg.cast::<Element>() {
                        // Capture keeps the drag going outside the plot; without it the drag still
                        // works inside, so a refusal is harmless.
                        let _ = svg.set_pointer_capture(e.pointer_id());
                    }
                    e.prevent_default();
                    this.update(|b| b.press(x));
                }
            })
        };
        let moved = {
            let this = self.clone();
            Callback::from(move |e: PointerEvent| {
                if let Some(x) = this.view_x(e.client_x(), width) {
                    this.update(|b| b.drag_to(x, &band));
                }
            })
        };
        let up = {
            let (this, zoom) = (self.clone(), zoom.clone());
            Callback::from(move |e: PointerEvent| {
                let x = this.view_x(e.client_x(), width);
                if let Some(range) = this.update(|b| b.release(x, &band)) {
                    zoom.emit(range);
                }
            })
        };
        let cancel = {
            let this = self.clone();
            Callback::from(move |_: PointerEvent| this.update(Brush::cancel))
        };
        let leave = {
            let this = self.clone();
            Callback::from(move |_: PointerEvent| this.update(Brush::leave))
        };
        let key = {
            let this = self.clone();
            Callback::from(
                move |e: KeyboardEvent| match this.update(|b| b.key(&e.key(), buckets, zoomed)) {
                    KeyEffect::Pass => {}
                    KeyEffect::Taken => e.prevent_default(),
                    KeyEffect::Zoom(i) => {
                        e.prevent_default();
                        zoom.emit((i, i));
                    }
                    KeyEffect::Reset => reset.emit(()),
                },
            )
        };
        Handlers {
            down,
            moved,
            up,
            cancel,
            leave,
            key,
        }
    }
}
