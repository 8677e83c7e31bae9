//! A column of unsigned values (dictionary ids, file indexes, lengths) held in the narrowest
//! width its largest value fits: most dimensions of a trail have a few hundred values (a byte an
//! id) or a few thousand (two), an event's JSON is rarely over 64 KiB, and only some columns,
//! such as the source addresses, need four bytes. The width grows with the values, never shrinks.

use super::order::{gather, Order};
use super::schema::DictionaryId;
use serde::{Deserialize, Serialize};
use std::marker::PhantomData;

/// The ids, in the width they need.
#[derive(Debug, Clone, Serialize, Deserialize)]
enum Width {
    Byte(Vec<u8>),
    Half(Vec<u16>),
    Full(Vec<u32>),
}

/// Runs `$body` with `$ids` bound to the column's values as a vector of their width.
macro_rules! each_width {
    ($width:expr, $ids:ident => $body:expr) => {
        match $width {
            Width::Byte($ids) => $body,
            Width::Half($ids) => $body,
            Width::Full($ids) => $body,
        }
    };
}

/// The values of one field of the rows (an id, an index or a length), as `T` (see
/// [`DictionaryId`]), held as narrow as they allow.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NarrowColumn<T> {
    ids: Width,
    #[serde(skip)]
    id: PhantomData<T>,
}

impl<T> Default for NarrowColumn<T> {
    fn default() -> Self {
        NarrowColumn {
            ids: Width::Byte(Vec::new()),
            id: PhantomData,
        }
    }
}

impl<T: DictionaryId> NarrowColumn<T> {
    /// The number of rows.
    pub fn len(&self) -> usize {
        each_width!(&self.ids, ids => ids.len())
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The id of row `i` (panics when out of range, like indexing).
    #[inline]
    pub fn get(&self, i: usize) -> T {
        T::from_id(match &self.ids {
            Width::Byte(ids) => u32::from(ids[i]),
            Width::Half(ids) => u32::from(ids[i]),
            Width::Full(ids) => ids[i],
        })
    }

    /// Every row's value, in order: the width is matched once, and a `for_each` or `fold` runs
    /// one loop over the values as they are held.
    pub fn iter(&self) -> impl Iterator<Item = T> + '_ {
        let (bytes, halves, fulls): (&[u8], &[u16], &[u32]) = match &self.ids {
            Width::Byte(ids) => (ids, &[], &[]),
            Width::Half(ids) => (&[], ids, &[]),
            Width::Full(ids) => (&[], &[], ids),
        };
        (bytes.iter().map(|&id| u32::from(id)))
            .chain(halves.iter().map(|&id| u32::from(id)))
            .chain(fulls.iter().copied())
            .map(T::from_id)
    }

    /// Bytes one id takes now.
    pub fn width(&self) -> usize {
        match self.ids {
            Width::Byte(_) => 1,
            Width::Half(_) => 2,
            Width::Full(_) => 4,
        }
    }

    /// Appends `id`, widening the column first if it does not fit.
    pub fn push(&mut self, id: T) {
        let id = id.index() as u32;
        match &mut self.ids {
            Width::Byte(ids) if id <= u32::from(u8::MAX) => ids.push(id as u8),
            Width::Half(ids) if id <= u32::from(u16::MAX) => ids.push(id as u16),
            Width::Full(ids) => ids.push(id),
            _ => {
                self.widen_for(id);
                self.push(T::from_id(id));
            }
        }
    }

    /// Widens the column, keeping its room, so that `id` fits.
    fn widen_for(&mut self, id: u32) {
        let room = self.capacity();
        self.ids = match &self.ids {
            Width::Byte(ids) if id <= u32::from(u16::MAX) => Width::Half(widened(ids, room)),
            Width::Byte(ids) => Width::Full(widened(ids, room)),
            Width::Half(ids) => Width::Full(widened(ids, room)),
            // Every value fits four bytes.
            Width::Full(_) => return,
        };
    }

    /// Makes room for `adding` more ids (see [`super::make_room`]).
    pub(super) fn make_room(&mut self, adding: usize, expected: usize) {
        each_width!(&mut self.ids, ids => super::make_room(ids, adding, expected))
    }

    /// Drops the ids at the indexes of `sorted` (ascending), keeping the others in order.
    pub(super) fn remove_at(&mut self, sorted: &[u32]) {
        each_width!(&mut self.ids, ids => super::remove_at(ids, sorted))
    }

    /// Reorders the ids into `order` (see [`gather`]).
    pub(super) fn gather(&mut self, order: Order) {
        each_width!(&mut self.ids, ids => gather(ids, order))
    }

    /// Gives back the room reserved for rows that never came.
    pub(super) fn shrink_to_fit(&mut self) {
        each_width!(&mut self.ids, ids => ids.shrink_to_fit())
    }

    /// The ids' room, in rows.
    pub fn capacity(&self) -> usize {
        each_width!(&self.ids, ids => ids.capacity())
    }
}

/// `ids` in a wider type, with room for `room` ids.
fn widened<N: Copy, W: From<N>>(ids: &[N], room: usize) -> Vec<W> {
    let mut wide = Vec::with_capacity(room.max(ids.len()));
    wide.extend(ids.iter().map(|&id| W::from(id)));
    wide
}

#[cfg(test)]
mod tests {
    use super::NarrowColumn;

    #[test]
    fn ids_read_back_as_pushed_while_the_column_widens_only_as_far_as_they_need() {
        let mut column: NarrowColumn<u32> = NarrowColumn::default();
        column.make_room(10, 10);
        for id in [0, 7, 255] {
            column.push(id);
        }
        assert_eq!((column.width(), column.capacity()), (1, 10));
        column.push(256);
        assert_eq!((column.width(), column.capacity()), (2, 10), "widened, its room kept");
        column.push(65_535);
        assert_eq!(column.width(), 2);
        column.push(65_536);
        column.push(u32::MAX);
        assert_eq!(column.width(), 4);
        let ids: Vec<u32> = column.iter().collect();
        assert_eq!(ids, [0, 7, 255, 256, 65_535, 65_536, u32::MAX]);
        column.remove_at(&[1, 4]);
        assert_eq!(column.iter().collect::<Vec<_>>(), [0, 255, 256, 65_536, u32::MAX]);
    }

    #[test]
    fn a_byte_column_goes_straight_to_four_bytes_for_an_id_past_two() {
        let mut column: NarrowColumn<u32> = NarrowColumn::default();
        column.push(3);
        column.push(70_000);
        assert_eq!(column.width(), 4);
        assert_eq!((column.get(0), column.get(1)), (3, 70_000));
    }

    #[test]
    fn a_column_crosses_the_wire_in_its_width() {
        let mut column: NarrowColumn<u16> = NarrowColumn::default();
        (0..300).for_each(|id| column.push(id));
        let wire = serde_json::to_string(&column).expect("written");
        let back: NarrowColumn<u16> = serde_json::from_str(&wire).expect("read");
        assert_eq!(back.width(), 2);
        assert_eq!(back.iter().collect::<Vec<_>>(), (0..300).collect::<Vec<_>>());
    }
}
