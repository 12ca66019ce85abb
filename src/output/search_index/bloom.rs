//! A Bloom filter of every term in the index, shipped in the manifest. The browser asks it
//! whether a query word exists exactly before deciding to load the shards where a typo's
//! correction could be, so correctly spelt words cost no extra files.
//! Hashing is FNV-1a over UTF-8 bytes, with double hashing for the k probes; the browser's
//! copy (themes/default/static/search/engine.js) must do exactly the same.

/// False positives allowed: one word in a hundred.
const FALSE_POSITIVES: f64 = 0.01;

pub struct Bloom {
    pub bits: Vec<u8>,
    pub hashes: u32,
}

fn fnv1a(bytes: &[u8], seed: u32) -> u32 {
    let mut hash: u32 = 0x811c_9dc5 ^ seed;
    for &b in bytes {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash
}

/// The bit positions of `term` in a filter of `size` bits.
fn probes(term: &str, size: u32, hashes: u32) -> impl Iterator<Item = u32> {
    let a = fnv1a(term.as_bytes(), 0);
    let b = fnv1a(term.as_bytes(), 0x5bd1_e995) | 1;
    (0..hashes).map(move |i| a.wrapping_add(i.wrapping_mul(b)) % size)
}

impl Bloom {
    pub fn of<'a>(terms: impl ExactSizeIterator<Item = &'a str>) -> Bloom {
        let n = terms.len().max(1) as f64;
        let ln2 = std::f64::consts::LN_2;
        let size = ((-n * FALSE_POSITIVES.ln() / (ln2 * ln2)).ceil() as u32)
            .max(64)
            .next_multiple_of(8);
        let hashes = ((f64::from(size) / n * ln2).round() as u32).clamp(1, 12);
        let mut bits = vec![0u8; (size / 8) as usize];
        for term in terms {
            for bit in probes(term, size, hashes) {
                bits[(bit / 8) as usize] |= 1 << (bit % 8);
            }
        }
        Bloom { bits, hashes }
    }

    #[cfg(test)]
    pub fn contains(&self, term: &str) -> bool {
        let size = (self.bits.len() * 8) as u32;
        probes(term, size, self.hashes)
            .all(|bit| self.bits[(bit / 8) as usize] & (1 << (bit % 8)) != 0)
    }

    /// The bits as base64 (standard alphabet, with padding), for the manifest.
    pub fn base64(&self) -> String {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::with_capacity(self.bits.len().div_ceil(3) * 4);
        for chunk in self.bits.chunks(3) {
            let n = (u32::from(chunk[0]) << 16)
                | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
                | u32::from(*chunk.get(2).unwrap_or(&0));
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_every_term_and_few_others() {
        let terms: Vec<String> = (0..2000).map(|i| format!("term{i}")).collect();
        let bloom = Bloom::of(terms.iter().map(String::as_str));
        assert!(terms.iter().all(|t| bloom.contains(t)));
        let false_positives = (0..10_000)
            .filter(|i| bloom.contains(&format!("other{i}")))
            .count();
        assert!(
            false_positives < 300,
            "{false_positives} false positives in 10,000"
        );
    }

    #[test]
    fn known_hash_values_match_the_browser() {
        // The same values are asserted in tests/js/engine.test.js.
        assert_eq!(fnv1a(b"massag", 0), 0x714a_c255);
        assert_eq!(
            Bloom {
                bits: vec![1, 2, 3, 255],
                hashes: 1
            }
            .base64(),
            "AQID/w=="
        );
    }
}
