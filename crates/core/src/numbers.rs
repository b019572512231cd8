//! Runs of numbers as lookup tables keep them (a typo index's hashes, a word list's line starts),
//! and the other pieces of a snapshot that are lent rather than copied. Built at run time a table
//! is a `Vec<u32>`; read back from the binary's own snapshot it is the snapshot's bytes, lent in
//! place, so a process that never looks a word up never copies them or even touches their pages
//! (`ask` answers one question). A table is written as one run of little-endian bytes: postcard
//! would write each number on its own, and read each back one at a time.
//!
//! Only data read from the binary itself (`'static`) is lent; any other is copied.
//! Invariants: no I/O, no panics; a place past a table's end is `None`.

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A table of `u32`s: built, or lent by the binary's snapshot.
#[derive(Clone, Debug)]
pub struct Numbers(Table);

#[derive(Clone, Debug)]
enum Table {
    Built(Vec<u32>),
    /// Little-endian bytes, four a number.
    Lent(&'static [u8]),
}

impl Default for Numbers {
    fn default() -> Numbers {
        Numbers(Table::Built(Vec::new()))
    }
}

impl From<Vec<u32>> for Numbers {
    fn from(numbers: Vec<u32>) -> Numbers {
        Numbers(Table::Built(numbers))
    }
}

impl Numbers {
    pub fn len(&self) -> usize {
        match &self.0 {
            Table::Built(numbers) => numbers.len(),
            Table::Lent(bytes) => bytes.len() / 4,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number at `at`.
    pub fn get(&self, at: usize) -> Option<u32> {
        match &self.0 {
            Table::Built(numbers) => numbers.get(at).copied(),
            Table::Lent(bytes) => {
                let from = at.checked_mul(4)?;
                let four = bytes.get(from..from.checked_add(4)?)?;
                Some(u32::from_le_bytes(four.try_into().ok()?))
            }
        }
    }

    /// The numbers, in order.
    pub fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.len()).filter_map(|at| self.get(at))
    }

    /// Whether the table is lent by the binary (read from its snapshot) rather than built.
    pub fn is_lent(&self) -> bool {
        matches!(self.0, Table::Lent(_))
    }
}

impl PartialEq for Numbers {
    fn eq(&self, other: &Numbers) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Serialize for Numbers {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Table::Lent(bytes) => serializer.serialize_bytes(bytes),
            Table::Built(numbers) => {
                let bytes: Vec<u8> = numbers.iter().flat_map(|n| n.to_le_bytes()).collect();
                serializer.serialize_bytes(&bytes)
            }
        }
    }
}

/// Reads a table: lent when the deserializer lends bytes that live as long as the binary.
struct NumbersVisitor;

impl<'de: 'static> Visitor<'de> for NumbersVisitor {
    type Value = Numbers;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a run of little-endian u32s")
    }

    fn visit_borrowed_bytes<E: de::Error>(self, bytes: &'de [u8]) -> Result<Numbers, E> {
        if !bytes.len().is_multiple_of(4) {
            return Err(E::invalid_length(bytes.len(), &self));
        }
        Ok(Numbers(Table::Lent(bytes)))
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Numbers, E> {
        let (numbers, rest) = bytes.as_chunks::<4>();
        if !rest.is_empty() {
            return Err(E::invalid_length(bytes.len(), &self));
        }
        Ok(Numbers::from(
            numbers
                .iter()
                .map(|&n| u32::from_le_bytes(n))
                .collect::<Vec<u32>>(),
        ))
    }
}

impl<'de: 'static> Deserialize<'de> for Numbers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Numbers, D::Error> {
        deserializer.deserialize_bytes(NumbersVisitor)
    }
}

/// `#[serde(with)]` for a `Cow<'static, str>`: lent when the deserializer lends a string that
/// lives as long as the binary.
pub mod lent_str {
    use super::*;

    pub fn serialize<S: Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(text)
    }

    struct Text;

    impl<'de: 'static> Visitor<'de> for Text {
        type Value = Cow<'static, str>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
            Ok(Cow::Borrowed(text))
        }

        fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
            Ok(Cow::Owned(text.to_string()))
        }
    }

    pub fn deserialize<'de: 'static, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Cow<'static, str>, D::Error> {
        deserializer.deserialize_str(Text)
    }
}

/// `#[serde(with)]` for a `OnceLock<T>`: the value it holds, if any.
pub mod once {
    use super::*;

    pub fn serialize<T: Serialize, S: Serializer>(
        cell: &OnceLock<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        cell.get().serialize(serializer)
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<OnceLock<T>, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.map_or_else(OnceLock::new, OnceLock::from))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_table_reads_back_lent_from_static_bytes_and_copied_from_others() {
        let built = Numbers::from(vec![0, 7, u32::MAX, 65_536]);
        let bytes = postcard::to_stdvec(&built).unwrap();
        let lent: Numbers = postcard::from_bytes(bytes.clone().leak()).unwrap();
        assert!(lent.is_lent());
        assert_eq!(lent, built);
        assert_eq!(lent.get(2), Some(u32::MAX));
        assert_eq!(lent.get(4), None);
        assert_eq!(lent.iter().collect::<Vec<_>>(), [0, 7, u32::MAX, 65_536]);
        // written again, a lent table is the same bytes
        assert_eq!(postcard::to_stdvec(&lent).unwrap(), bytes);
        // a run of bytes that is not whole numbers is refused
        let odd = postcard::to_stdvec(&serde_bytes_of(&[1, 2, 3])).unwrap();
        assert!(postcard::from_bytes::<Numbers>(odd.leak()).is_err());
    }

    /// Bytes written as postcard writes a byte string.
    fn serde_bytes_of(bytes: &[u8]) -> impl Serialize + '_ {
        struct B<'a>(&'a [u8]);
        impl Serialize for B<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(self.0)
            }
        }
        B(bytes)
    }
}
