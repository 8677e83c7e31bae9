//! The row layout, declared once: [`store_schema!`] turns the list of fields at the end of this
//! file into the [`Row`], the [`Columns`] (one vector per field) and the [`Dictionaries`] (one
//! interner per interned field), so that adding a field cannot forget one of the places that
//! spell every column out (reserving, pushing, reading a row, permuting, re-interning).

use super::interner::Interner;
use super::narrow::NarrowColumn;
use serde::{Deserialize, Serialize};

/// An id type of an interned column, and how many distinct values it can name.
pub trait DictionaryId: Copy {
    /// Most values its dictionary holds (later new values share one overflow id).
    const CAPACITY: u32;
    /// The id as an index.
    fn index(self) -> usize;
    /// The id from its dictionary's `u32` (always in range: the dictionary caps it).
    fn from_id(id: u32) -> Self;
}

impl DictionaryId for u16 {
    const CAPACITY: u32 = u16::MAX as u32;
    fn index(self) -> usize {
        usize::from(self)
    }
    fn from_id(id: u32) -> Self {
        id as u16
    }
}

impl DictionaryId for u32 {
    const CAPACITY: u32 = u32::MAX;
    fn index(self) -> usize {
        self as usize
    }
    fn from_id(id: u32) -> Self {
        id
    }
}

macro_rules! store_schema {
    (
        sorted { $(#[$sdoc:meta])* $sorted:ident : $sty:ty, }
        plain { $( $(#[$pdoc:meta])* $plain:ident : $pty:ty, )* }
        narrow { $( $(#[$ndoc:meta])* $narrow:ident : $nty:ty, )* }
        interned { $( $(#[$idoc:meta])* $field:ident : $ity:ty => $dict:ident, )* }
    ) => {
        /// One event's row: plain values, and ids into the [`Dictionaries`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct Row {
            $(#[$sdoc])* pub $sorted: $sty,
            $( $(#[$pdoc])* pub $plain: $pty, )*
            $( $(#[$ndoc])* pub $narrow: $nty, )*
            $( $(#[$idoc])* pub $field: $ity, )*
        }

        /// The rows, one vector per field of [`Row`].
        #[derive(Debug, Clone, Default, Serialize, Deserialize)]
        pub struct Columns {
            $(#[$sdoc])* pub $sorted: Vec<$sty>,
            $( $(#[$pdoc])* pub $plain: Vec<$pty>, )*
            $( $(#[$ndoc])* pub $narrow: NarrowColumn<$nty>, )*
            $( $(#[$idoc])* pub $field: NarrowColumn<$ity>, )*
        }

        /// One interner per interned field of [`Row`].
        #[derive(Debug, Clone, Serialize, Deserialize)]
        pub struct Dictionaries {
            $(
                #[doc = concat!("The values of [`Row::", stringify!($field), "`].")]
                pub $dict: Interner,
            )*
        }

        impl Default for Dictionaries {
            fn default() -> Self {
                Dictionaries {
                    $( $dict: Interner::with_capacity_limit(<$ity as DictionaryId>::CAPACITY), )*
                }
            }
        }

        impl Dictionaries {
            /// Bytes held by all interned strings.
            pub fn string_bytes(&self) -> usize {
                0 $( + self.$dict.string_bytes() )*
            }

            /// Gives back the room each dictionary grew into beyond what it holds.
            pub(super) fn shrink_to_fit(&mut self) {
                $( self.$dict.shrink_to_fit(); )*
            }

            /// Interns every value of `from` here: the ids to translate `from`'s rows with.
            pub(super) fn absorb(&mut self, from: &Dictionaries) -> IdMaps {
                IdMaps {
                    $( $dict: from.$dict.iter().map(|s| self.$dict.intern(s)).collect(), )*
                }
            }
        }

        /// Per dictionary, the new id of each old id (see [`Dictionaries::absorb`]).
        pub(super) struct IdMaps {
            $( $dict: Vec<u32>, )*
        }

        impl IdMaps {
            /// `row` with its ids translated.
            pub(super) fn translate(&self, row: Row) -> Row {
                Row {
                    $( $field: <$ity as DictionaryId>::from_id(self.$dict[row.$field.index()]), )*
                    ..row
                }
            }
        }

        impl Columns {
            /// Makes room for `adding` more rows in every column (see [`super::make_room`]).
            pub(super) fn make_room(&mut self, adding: usize, expected: usize) {
                super::make_room(&mut self.$sorted, adding, expected);
                $( super::make_room(&mut self.$plain, adding, expected); )*
                $( self.$narrow.make_room(adding, expected); )*
                $( self.$field.make_room(adding, expected); )*
            }

            /// Appends a row.
            pub fn push(&mut self, row: Row) {
                self.$sorted.push(row.$sorted);
                $( self.$plain.push(row.$plain); )*
                $( self.$narrow.push(row.$narrow); )*
                $( self.$field.push(row.$field); )*
            }

            /// Row `i` (panics when out of range, like indexing).
            pub fn row(&self, i: usize) -> Row {
                Row {
                    $sorted: self.$sorted[i],
                    $( $plain: self.$plain[i], )*
                    $( $narrow: self.$narrow.get(i), )*
                    $( $field: self.$field.get(i), )*
                }
            }

            /// Drops the rows at the indexes of `sorted` (ascending), keeping the others in order.
            pub(super) fn remove_rows(&mut self, sorted: &[u32]) {
                super::remove_at(&mut self.$sorted, sorted);
                $( super::remove_at(&mut self.$plain, sorted); )*
                $( self.$narrow.remove_at(sorted); )*
                $( self.$field.remove_at(sorted); )*
            }

            /// Reorders every column but the sorted one into `order`, one at a time (the sorted
            /// column is the order's, or is sorted by the caller: see [`super::order`]).
            pub(super) fn permute_unsorted(&mut self, order: super::order::Order) {
                $( super::order::gather(&mut self.$plain, order); )*
                $( self.$narrow.gather(order); )*
                $( self.$field.gather(order); )*
            }

            /// Gives back the room reserved for rows that never came.
            pub(super) fn shrink_to_fit(&mut self) {
                self.$sorted.shrink_to_fit();
                $( self.$plain.shrink_to_fit(); )*
                $( self.$narrow.shrink_to_fit(); )*
                $( self.$field.shrink_to_fit(); )*
            }

            /// Bytes one row takes in the columns, as wide as their ids are now.
            pub fn row_bytes(&self) -> usize {
                std::mem::size_of::<$sty>() $( + std::mem::size_of::<$pty>() )* $( + self.$narrow.width() )* $( + self.$field.width() )*
            }
        }
    };
}

store_schema! {
    sorted {
        /// UTC milliseconds since the epoch, or [`crate::time::UNDATED`]: the rows' order.
        time: i64,
    }
    plain {
        /// Packed facts ([`super::flags::Flags`]).
        flags: u16,
        /// Byte offset of the event's JSON in the decoded file.
        offset: u32,
    }
    narrow {
        /// Index into the store's files.
        file: u32,
        /// Byte length of the event's JSON.
        len: u32,
    }
    interned {
        /// Account id (`recipientAccountId`, else `userIdentity.accountId`).
        account: u16 => accounts,
        /// Region.
        region: u16 => regions,
        /// Event source (`s3.amazonaws.com`).
        source: u16 => sources,
        /// Operation name, folded (`SynthesizeSpeech`).
        operation: u16 => operations,
        /// Principal (see the principal rule in [`crate::normalize::identity`]).
        principal: u32 => principals,
        /// Role session ARN or Identity Center user id (0 when none).
        session: u32 => sessions,
        /// Source IP address or service host name.
        ip: u32 => ips,
        /// User agent.
        user_agent: u32 => user_agents,
        /// Access key id (0 when none): AKIA… long-term, ASIA… temporary, so that findings can
        /// follow one key across principals' IPs.
        access_key: u32 => access_keys,
        /// Error code (0 when the call succeeded).
        error: u16 => errors,
    }
}

impl Columns {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.time.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.time.is_empty()
    }
}
