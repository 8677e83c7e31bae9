//! Pure maths and formatting behind the analytical views: scales, tick generation, number and
//! time labels, name shortening and the colour classes. Kept free of Yew and the DOM so that the
//! rules a person reads off a chart are unit-tested natively.

pub mod format;
pub mod names;
pub mod palette;
pub mod scale;
pub mod time_axis;
