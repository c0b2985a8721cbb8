//! Native engine start: `Engine::new` with the default options, timed in this process.
//! `cargo run --profile perf --example start` prints one cold start (the first in the
//! process) and, with a count (`-- 20`), the median of that many more warm ones. With
//! `-- 20 path/to/catalog-en.bin` it starts from that part of the catalog instead, as the
//! wasm does (`Engine::from_parts`): the browser's start-up work, natively.

use rapport::{Engine, EngineOptions};
use std::time::Instant;

fn main() {
    let warm: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(0);
    let part: Option<&'static [u8]> = std::env::args()
        .nth(2)
        .map(|path| &*Box::leak(std::fs::read(path).expect("the part reads").into_boxed_slice()));
    let start = || match part {
        Some(bytes) => Engine::from_parts(&[bytes], &EngineOptions::default(), Vec::new()),
        None => Engine::new(&EngineOptions::default()),
    };
    let t = Instant::now();
    let engine = start().expect("catalog loads");
    let cold = t.elapsed().as_secs_f64() * 1e3;
    drop(std::hint::black_box(engine));
    println!("cold {cold:.3} ms");
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
