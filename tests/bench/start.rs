//! Native engine start: `Engine::new` with the default options, timed in this process.
//! `cargo run --profile perf --example start` prints one cold start (the first in the
//! process) and, with a count (`-- 20`), the median of that many more warm ones.

use rapport::{Engine, EngineOptions};
use std::time::Instant;

fn main() {
    let warm: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(0);
    let t = Instant::now();
    let engine = Engine::new(&EngineOptions::default()).expect("catalog loads");
    let cold = t.elapsed().as_secs_f64() * 1e3;
    std::hint::black_box(&engine);
    drop(engine);
    println!("cold {cold:.3} ms");
    if warm > 0 {
        let mut times: Vec<f64> = (0..warm)
            .map(|_| {
                let t = Instant::now();
                let engine = Engine::new(&EngineOptions::default()).expect("catalog loads");
                let ms = t.elapsed().as_secs_f64() * 1e3;
                drop(std::hint::black_box(engine));
                ms
            })
            .collect();
        times.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!("warm median of {warm} {:.3} ms", times[warm / 2]);
    }
}
