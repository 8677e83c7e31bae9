//! Linear and band scales and "nice" count ticks, so bar lengths, axes and brush hit-testing all
//! follow one set of rules.

/// Maps a numeric domain linearly onto a drawing range (in SVG viewBox units), so bar lengths are
/// proportional to counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Linear {
    domain: (f64, f64),
    range: (f64, f64),
}

impl Linear {
    /// A scale taking `domain.0 → range.0` and `domain.1 → range.1`.
    pub fn new(domain: (f64, f64), range: (f64, f64)) -> Self {
        Linear { domain, range }
    }

    /// The drawing position of `value`; a degenerate domain maps everything to the range start
    /// rather than dividing by zero.
    pub fn map(&self, value: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        if d1 == d0 {
            return r0;
        }
        r0 + (value - d0) / (d1 - d0) * (r1 - r0)
    }
}

/// Equal-width slots (the timeline's buckets) laid side by side over a drawing range, so a pointer
/// position can be turned back into the bucket under it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    count: usize,
    start: f64,
    end: f64,
}

impl Band {
    /// `count` slots filling `[start, end)`.
    pub fn new(count: usize, start: f64, end: f64) -> Self {
        Band { count, start, end }
    }

    /// Width of one slot (zero without slots).
    pub fn width(&self) -> f64 {
        if self.count == 0 {
            0.0
        } else {
            (self.end - self.start) / self.count as f64
        }
    }

    /// Left edge of slot `index`.
    pub fn x(&self, index: usize) -> f64 {
        self.start + index as f64 * self.width()
    }

    /// The slot under drawing position `x`, clamped to the first or last slot outside the range;
    /// `None` only when there are no slots.
    pub fn index_at(&self, x: f64) -> Option<usize> {
        if self.count == 0 {
            return None;
        }
        let raw = ((x - self.start) / self.width()).floor();
        if raw.is_nan() || raw < 0.0 {
            Some(0)
        } else {
            Some((raw as usize).min(self.count - 1))
        }
    }
}

/// Axis ticks for counts from zero to at least `max`, about `target` steps of 1, 2 or 5 × 10ⁿ
/// (never fractional: counts are whole events). The last tick is the axis' top.
pub fn nice_ticks(max: u64, target: usize) -> Vec<u64> {
    let max = u128::from(max.max(1));
    let target = target.max(1) as u128;
    let raw = max.div_ceil(target);
    let mut magnitude: u128 = 1;
    let step = loop {
        if let Some(step) = [1, 2, 5].iter().map(|m| m * magnitude).find(|&s| s >= raw) {
            break step;
        }
        magnitude *= 10;
    };
    let top = max.div_ceil(step) * step;
    (0..=top / step)
        .map(|k| u64::try_from(k * step).unwrap_or(u64::MAX))
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn linear_maps_and_survives_an_empty_domain() {
        let y = Linear::new((0.0, 100.0), (200.0, 0.0));
        assert_eq!(y.map(0.0), 200.0);
        assert_eq!(y.map(50.0), 100.0);
        assert_eq!(y.map(100.0), 0.0);
        assert_eq!(Linear::new((5.0, 5.0), (10.0, 20.0)).map(5.0), 10.0);
    }

    #[test]
    fn band_finds_the_slot_under_a_position_and_clamps() {
        let band = Band::new(10, 50.0, 150.0);
        assert_eq!(band.width(), 10.0);
        assert_eq!(band.x(3), 80.0);
        assert_eq!(band.index_at(50.0), Some(0));
        assert_eq!(band.index_at(59.9), Some(0));
        assert_eq!(band.index_at(60.0), Some(1));
        assert_eq!(band.index_at(149.9), Some(9));
        assert_eq!(band.index_at(-1e9), Some(0));
        assert_eq!(band.index_at(1e9), Some(9));
        assert_eq!(band.index_at(f64::NAN), Some(0));
        assert_eq!(Band::new(0, 0.0, 100.0).index_at(10.0), None);
        assert_eq!(Band::new(0, 0.0, 100.0).width(), 0.0);
    }

    #[test]
    fn nice_ticks_use_whole_steps_of_one_two_or_five() {
        assert_eq!(nice_ticks(0, 5), vec![0, 1]);
        assert_eq!(nice_ticks(1, 5), vec![0, 1]);
        assert_eq!(nice_ticks(7, 5), vec![0, 2, 4, 6, 8]);
        assert_eq!(nice_ticks(10, 5), vec![0, 2, 4, 6, 8, 10]);
        assert_eq!(nice_ticks(11, 5), vec![0, 5, 10, 15]);
        assert_eq!(nice_ticks(95, 4), vec![0, 50, 100]);
        assert_eq!(nice_ticks(1234, 5), vec![0, 500, 1000, 1500]);
        assert_eq!(
            nice_ticks(1_000_000, 5),
            vec![0, 200_000, 400_000, 600_000, 800_000, 1_000_000]
        );
        assert_eq!(nice_ticks(3, 0), vec![0, 5]);
    }

    #[test]
    fn nice_ticks_never_overflow() {
        let ticks = nice_ticks(u64::MAX, 5);
        assert_eq!(ticks.first(), Some(&0));
        assert!(ticks.len() >= 2 && ticks.len() <= 7);
        assert!(ticks.windows(2).all(|w| w[0] <= w[1]));
    }
}
