//! The one parallel fan-out: pages are independent until resolution, so every stage that
//! works page by page hands its slice here; so do the route tree's steps that read one node
//! or one operation at a time.

use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

thread_local! {
    /// Set inside [`one_thread`]: fan-outs started on this thread run on it alone.
    static ONE_THREAD: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with every fan-out it starts (here, on this thread) kept on this thread, so a
/// measurement of one thread is one, though the model's later steps fan out too.
pub fn one_thread<R>(f: impl FnOnce() -> R) -> R {
    let was = ONE_THREAD.with(|c| c.replace(true));
    let r = f();
    ONE_THREAD.with(|c| c.set(was));
    r
}

/// Runs `work` over `items` in batches of `batch` on all cores and returns the batches'
/// results in the order of the items, whichever worker took which batch.
///
/// Workers take the next batch from a shared counter, so small batches balance uneven work
/// (the big API pages); a panic in `work` is re-raised on the caller's thread.
pub fn batches<T: Sync, R: Send>(
    items: &[T],
    batch: usize,
    work: impl Fn(&[T]) -> R + Sync,
) -> Vec<R> {
    let batch = batch.max(1);
    let count = items.len().div_ceil(batch);
    let threads = if ONE_THREAD.with(Cell::get) {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, count.max(1))
    };
    let take = |from: usize| &items[from..(from + batch).min(items.len())];
    if threads == 1 {
        return (0..count).map(|b| work(take(b * batch))).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let b = next.fetch_add(1, Ordering::Relaxed);
                        if b >= count {
                            break mine;
                        }
                        mine.push((b, work(take(b * batch))));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    done.sort_unstable_by_key(|&(b, _)| b);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::batches;

    #[test]
    fn results_come_back_in_item_order() {
        let items: Vec<u32> = (0..1000).collect();
        // Uneven work, so workers finish batches out of order.
        let sums = batches(&items, 7, |part| {
            if part[0] % 3 == 0 {
                std::thread::sleep(std::time::Duration::from_micros(50));
            }
            part.to_vec()
        });
        assert_eq!(sums.len(), 1000usize.div_ceil(7));
        assert_eq!(sums.concat(), items);
        assert!(batches(&[] as &[u32], 4, |p| p.len()).is_empty());
        let here = std::thread::current().id();
        let ids = super::one_thread(|| batches(&items, 7, |_| std::thread::current().id()));
        assert!(ids.iter().all(|&id| id == here));
    }
}
