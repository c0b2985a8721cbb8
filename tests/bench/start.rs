//! Native engine start: `Engine::new` with the default options, timed in this process.
//! `cargo run --profile perf --example start` prints one cold start (the first in the
//! process) and, with a count (`-- 20`), the median of that many more warm ones. With
//! `-- 20 path/to/catalog-en.bin` it starts from that part of the catalog instead, as the
//! wasm does (`Engine::from_parts`): the browser's start-up work, natively. It also prints
//! the heap the cold start left live and its peak while starting (64-bit pointers here; the
//! wasm's own figure is its linear memory, `tests/bench/browser/run.mjs`).

use rapport::{Engine, EngineOptions};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

fn main() {
    let warm: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(0);
    let part: Option<&'static [u8]> = std::env::args()
        .nth(2)
        .map(|path| &*Box::leak(std::fs::read(path).expect("the part reads").into_boxed_slice()));
    let start = || match part {
        Some(bytes) => Engine::from_parts(&[bytes], &EngineOptions::default(), Vec::new()),
        None => Engine::new(&EngineOptions::default()),
    };
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let t = Instant::now();
    let engine = start().expect("catalog loads");
    let cold = t.elapsed().as_secs_f64() * 1e3;
    let (live, peak) = (LIVE.load(Relaxed) - before, PEAK.load(Relaxed) - before);
    let parts = engine.heap_parts();
    drop(std::hint::black_box(engine));
    let mib = |b: usize| b as f64 / 1048576.0;
    println!(
        "cold {cold:.3} ms; heap {:.2} MiB live after it, {:.2} MiB at its peak",
        mib(live),
        mib(peak)
    );
    for (what, bytes) in parts {
        println!("  {what:<36} {:>9} B", bytes);
    }
    if warm > 0 {
        let mut times: Vec<f64> = (0..warm)
            .map(|_| {
                let t = Instant::now();
                let engine = start().expect("catalog loads");
                let ms = t.elapsed().as_secs_f64() * 1e3;
                drop(std::hint::black_box(engine));
                ms
            })
            .collect();
        times.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!("warm median of {warm} {:.3} ms", times[warm / 2]);
    }
}
