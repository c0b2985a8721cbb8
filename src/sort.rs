//! One sort for the whole crate. The standard library's sorts are generic, so each element
//! type and comparator got its own copy of driftsort or ipnsort: 160 functions, 37 KB of the
//! wasm's code before wasm-opt. Here only the merge over positions is compiled, once, behind
//! a `dyn` comparator; what each element type adds is a loop of swaps.
//!
//! The sort is stable. Callers that sorted with `sort_unstable*` sort values whose ties are
//! indistinguishable (numbers, tuples of them, distinct keys), so their order is the same.

use std::cmp::Ordering;

/// `v` sorted by `cmp`, stable.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    // most lists the engine sorts while it starts (a trie node's words) are this short
    if v.len() < 2 {
        return;
    }
    let order = sorted_positions(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
    move_into_order(v, order);
}

/// `v` sorted by its order, stable.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, |a, b| a.cmp(b));
}

/// `v` sorted by `key`, stable.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Numbers sorted, by bytes from the lowest (a radix sort): for the many lists of numbers a
/// tab sorts while it starts (a trie node's words with their children), where the merge
/// through a comparator took a tenth of the start in wasm. A byte every number shares
/// costs no pass, and is found without counting it: a node's pairs differ in about two
/// bytes of eight, and counting each of the other six took most of a tab's dispatch build.
/// A short list (most nodes have a few dozen pairs) is sorted by insertion.
pub fn sort_numbers(v: &mut Vec<u64>) {
    if v.len() <= 16 {
        for i in 1..v.len() {
            let mut j = i;
            while j > 0 && v[j - 1] > v[j] {
                v.swap(j - 1, j);
                j -= 1;
            }
        }
        return;
    }
    let differ = v.iter().fold(0, |d, &x| d | (x ^ v[0]));
    let mut other = vec![0u64; v.len()];
    for shift in (0..64).step_by(8) {
        if differ >> shift & 255 == 0 {
            continue;
        }
        let mut counts = [0usize; 256];
        for &x in v.iter() {
            counts[(x >> shift) as usize & 255] += 1;
        }
        let mut at = 0;
        for count in counts.iter_mut() {
            let n = *count;
            *count = at;
            at += n;
        }
        for &x in v.iter() {
            let slot = &mut counts[(x >> shift) as usize & 255];
            other[*slot] = x;
            *slot += 1;
        }
        std::mem::swap(v, &mut other);
    }
}

/// The positions `0..n` in sorted order: a bottom-up merge sort, which keeps equal
/// elements in their original order.
fn sorted_positions(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut merged = order.clone();
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut left, mut right) = (start, mid);
            for slot in &mut merged[start..end] {
                // the left run wins ties: that is what keeps the sort stable
                let take_left = right >= end || (left < mid && cmp(order[left], order[right]) != Ordering::Greater);
                if take_left {
                    *slot = order[left];
                    left += 1;
                } else {
                    *slot = order[right];
                    right += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

/// Puts the element at `order[i]` into place `i`, one cycle of the permutation at a time.
fn move_into_order<T>(v: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut place = start;
        while order[place] != DONE {
            let from = order[place];
            order[place] = DONE;
            if from == start {
                break;
            }
            v.swap(place, from);
            place = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_standard_stable_sort() {
        // pseudo-random pairs with many ties in the key, so stability shows
        let mut seed = 12345u64;
        for len in [0usize, 1, 2, 3, 7, 16, 33, 100, 1000] {
            let items: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    ((seed >> 60) as u8, i)
                })
                .collect();
            let mut ours = items.clone();
            sort_by_key(&mut ours, |&(key, _)| key);
            let mut std_sorted = items.clone();
            std_sorted.sort_by_key(|&(key, _)| key);
            assert_eq!(ours, std_sorted, "length {len}");
            let mut whole = items.clone();
            sort(&mut whole);
            let mut std_whole = items;
            std_whole.sort();
            assert_eq!(whole, std_whole, "length {len}");
            let mut numbers: Vec<u64> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    // a shared high half, as a trie node's (word, child) pairs have
                    (seed >> 44) | (7 << 40)
                })
                .collect();
            let mut std_numbers = numbers.clone();
            std_numbers.sort();
            sort_numbers(&mut numbers);
            assert_eq!(numbers, std_numbers, "length {len}");
        }
    }
}
